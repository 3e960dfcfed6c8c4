/**
 * CSV export as RFC 4180 describes it (CRLF line ends; a field holding a comma, a double quote, CR
 * or LF is quoted, with inner quotes doubled), prefixed with a UTF-8 byte order mark so that
 * spreadsheet programs open Korean text correctly. Headers are Korean, English or both.
 */

/** One column: the row key it reads and its header in both languages. */
export interface CsvColumn {
  readonly key: string;
  readonly ko: string;
  readonly en: string;
}

/** A cell value; null and undefined are written empty. */
export type CsvValue = string | number | bigint | boolean | null | undefined;

/** Header language: one of the two, or "ko / en" in one header cell. */
export type CsvHeaderLanguage = "ko" | "en" | "both";

/** The byte order mark that opens the file. */
export const UTF8_BOM = "\uFEFF";

/**
 * One field, quoted when RFC 4180 requires it. A text field a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR) gets a leading apostrophe; numbers are written as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: BOM, header line, one line per row, every line ended by CRLF. */
export function toCsv(columns: readonly CsvColumn[], rows: readonly Readonly<Record<string, CsvValue>>[], headers: CsvHeaderLanguage = "both"): string {
  const header = columns.map((c) => csvField(headers === "ko" ? c.ko : headers === "en" ? c.en : `${c.ko} / ${c.en}`));
  const lines = [header.join(","), ...rows.map((row) => columns.map((c) => csvField(row[c.key])).join(","))];
  return `${UTF8_BOM}${lines.map((l) => `${l}\r\n`).join("")}`;
}
