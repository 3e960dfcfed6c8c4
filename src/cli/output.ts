/**
 * How the CLI prints: JSON for machines (--json), aligned columns for people. For people, times
 * (fields named `at` or `...At`) are shown in Asia/Seoul and amounts in won (fields named `...Krw`) with
 * thousands grouped; JSON keeps the API's UTC instants and plain digits.
 */
import { seoulWallClock } from "../domain/clock.js";
import { groupThousands } from "../domain/money.js";

/** Prints a value as JSON (bigints as strings). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
}

/** Prints rows as aligned columns under a header. */
export function printTable(rows: readonly Record<string, unknown>[], columns: readonly string[]): void {
  const cells = rows.map((row) => columns.map((c) => formatCell(c, row[c])));
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...cells.map((r) => displayWidth(r[i]!))));
  const line = (values: readonly string[]) => values.map((v, i) => v + " ".repeat(widths[i]! - displayWidth(v))).join("  ").trimEnd();
  process.stdout.write(`${line(columns)}\n`);
  for (const r of cells) process.stdout.write(`${line(r)}\n`);
}

/** Prints one record as `key: value` lines. */
export function printRecord(record: Record<string, unknown>): void {
  const width = Math.max(...Object.keys(record).map((k) => k.length));
  for (const [key, value] of Object.entries(record)) process.stdout.write(`${key.padEnd(width)}  ${formatCell(key, value)}\n`);
}

/** An ISO instant as the API writes it (UTC, `Z`, or with an offset). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** One value as a person reads it, by its field: see the module comment. */
export function formatCell(field: string, value: unknown): string {
  if (value === null || value === undefined) return "-";
  if ((field === "at" || field.endsWith("At")) && typeof value === "string" && INSTANT.test(value)) return `${seoulWallClock(value, true)} KST`;
  if (field.endsWith("Krw") && (typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value)))) {
    return groupThousands(BigInt(value));
  }
  if (Array.isArray(value)) return value.join(",");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Korean (Hangul and CJK) characters take two terminal columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}
