/**
 * Calendar months in Asia/Seoul, where statements are counted. Korea keeps UTC+9 all year (no
 * daylight saving since 1988), so a Seoul month begins at 00:00 KST on the 1st, which is 15:00 UTC
 * on the last day of the previous month. Splitting an interval walks month by month: O(months).
 */
import { SEOUL_OFFSET_MS } from "../clock.js";
import type { Instant } from "../programs/allocation.js";
import { instantMs, instantText, meteringInputInvalid } from "./instant.js";

/** A calendar month in Asia/Seoul, "YYYY-MM". */
export type SeoulMonth = string;

/** A half-open interval [from, to) of canonical UTC instants. */
export interface InstantRange {
  readonly from: Instant;
  readonly to: Instant;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The instant 00:00 KST on the 1st of the month; a month index of 12 is January of the next year. */
function seoulMonthStartMs(year: number, monthIndex: number): number {
  // setUTCFullYear, not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
  const start = new Date(0);
  start.setUTCFullYear(year, monthIndex, 1);
  return start.getTime() - SEOUL_OFFSET_MS;
}

/** The Seoul wall-clock year and month index (0-11) of an instant. */
function seoulYearMonth(ms: number): { readonly year: number; readonly monthIndex: number } {
  const wall = new Date(ms + SEOUL_OFFSET_MS);
  return { year: wall.getUTCFullYear(), monthIndex: wall.getUTCMonth() };
}

/** The Seoul month an instant falls in: 2026-03-31T15:00:00Z (00:00 KST on 1 April) -> "2026-04". */
export function seoulMonthOf(instant: Instant): SeoulMonth {
  const { year, monthIndex } = seoulYearMonth(instantMs(instant, "instant"));
  return `${String(year).padStart(4, "0")}-${String(monthIndex + 1).padStart(2, "0")}`;
}

/** The month [from, to) in UTC: "2026-04" -> 2026-03-31T15:00:00.000Z to 2026-04-30T15:00:00.000Z. */
export function seoulMonthRange(month: SeoulMonth): InstantRange {
  const match = MONTH.exec(month);
  if (match === null) throw meteringInputInvalid("month", "month must be a calendar month written YYYY-MM.", "month 값은 YYYY-MM 형식의 달이어야 합니다.");
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return { from: instantText(seoulMonthStartMs(year, monthIndex)), to: instantText(seoulMonthStartMs(year, monthIndex + 1)) };
}

/**
 * [from, to) cut at every Seoul month boundary inside it: consecutive pieces that together cover
 * exactly [from, to), none empty, each within one Seoul month. An empty interval (from = to) is one
 * empty piece; to before from is refused.
 */
export function splitAtSeoulMonthEnds(from: Instant, to: Instant): InstantRange[] {
  const start = instantMs(from, "from");
  const end = instantMs(to, "to");
  if (end < start) throw meteringInputInvalid("to", "to must not be before from.", "to 값은 from보다 앞설 수 없습니다.");
  if (end === start) return [{ from: instantText(start), to: instantText(end) }];
  const pieces: InstantRange[] = [];
  for (let cursor = start; cursor < end; ) {
    const { year, monthIndex } = seoulYearMonth(cursor);
    const next = Math.min(seoulMonthStartMs(year, monthIndex + 1), end);
    pieces.push({ from: instantText(cursor), to: instantText(next) });
    cursor = next;
  }
  return pieces;
}
