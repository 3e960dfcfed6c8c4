/**
 * Metering one interval of a run: the interval is cut at Seoul month boundaries and each piece
 * becomes one usage entry valued by `meterUsage` (KRW half up to the won, co-pay half up, government
 * the rest). Valuing each piece on its own means a month's total is the sum of its entries, never a
 * share of an entry. Instants must be whole seconds: the control loop meters in whole seconds, and a
 * fraction would be lost (or invented) in accelerator-seconds, so it is refused rather than rounded.
 */
import { FULL_SHARE_BP, type BasisPoints } from "../money.js";
import type { Instant } from "../programs/allocation.js";
import { meterUsage } from "../programs/usage.js";
import { instantMs, meteringInputInvalid } from "./instant.js";
import { runIdentityOf, type LedgerEntry, type RunIdentity } from "./ledger.js";
import { splitAtSeoulMonthEnds } from "./seoul-month.js";

/** What the control loop knows when it meters a run over [from, to). */
export interface MeteringInput extends RunIdentity {
  /** Accelerators the run held over the whole interval. */
  readonly accelerators: number;
  /** The model's price in KRW per accelerator-hour. */
  readonly pricePerHourKrw: bigint;
  /** The allocation's co-pay share. */
  readonly coPayBp: BasisPoints;
  readonly from: Instant;
  readonly to: Instant;
}

function wholeSecondsMs(text: Instant, field: string): number {
  const ms = instantMs(text, field);
  if (ms % 1000 !== 0) throw meteringInputInvalid(field, `${field} must be a whole second.`, `${field} 값은 밀리초 없이 초 단위여야 합니다.`);
  return ms;
}

/**
 * The usage entries of a run over [from, to): one per Seoul month the interval touches, in time
 * order, each with `accelerators x piece seconds`. An empty interval yields no entries (nothing to
 * append). Malformed input throws METERING_INPUT_INVALID naming the field.
 */
export function meterInterval(input: MeteringInput): LedgerEntry[] {
  const { accelerators, pricePerHourKrw, coPayBp } = input;
  if (!Number.isSafeInteger(accelerators) || accelerators < 1) throw meteringInputInvalid("accelerators", "accelerators must be a positive whole number.", "accelerators 값은 양의 정수여야 합니다.");
  if (pricePerHourKrw < 0n) throw meteringInputInvalid("pricePerHourKrw", "pricePerHourKrw must not be negative.", "pricePerHourKrw 값은 음수일 수 없습니다.");
  if (!Number.isInteger(coPayBp) || coPayBp < 0 || coPayBp > FULL_SHARE_BP) throw meteringInputInvalid("coPayBp", "coPayBp must be a whole number from 0 to 10,000.", "coPayBp 값은 0부터 10,000까지의 정수여야 합니다.");
  const from = wholeSecondsMs(input.from, "from");
  const to = wholeSecondsMs(input.to, "to");
  if (to === from) return [];
  const identity = runIdentityOf(input);
  return splitAtSeoulMonthEnds(input.from, input.to).map((piece): LedgerEntry => {
    const seconds = BigInt((Date.parse(piece.to) - Date.parse(piece.from)) / 1000);
    const acceleratorSeconds = BigInt(accelerators) * seconds;
    return {
      kind: "usage",
      ...identity,
      accelerators,
      startedAt: piece.from,
      endedAt: piece.to,
      acceleratorSeconds,
      pricePerHourKrw,
      ...meterUsage(acceleratorSeconds, pricePerHourKrw, coPayBp),
    };
  });
}

/** Entries of one run that cancel each other: the same run and interval (as instants, not text). */
function entryKey(e: LedgerEntry): string {
  return JSON.stringify([e.runId, Date.parse(e.startedAt), Date.parse(e.endedAt)]);
}

/**
 * The credits that cancel the given usage entries exactly: one per usage entry, same run, interval,
 * seconds and amounts, so in the same month. Usage already matched by a credit among `entries` is
 * skipped, so passing a run's whole ledger again returns no second credit.
 */
export function creditFor(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const alreadyCredited = new Map<string, number>();
  for (const e of entries) if (e.kind === "credit") alreadyCredited.set(entryKey(e), (alreadyCredited.get(entryKey(e)) ?? 0) + 1);
  const credits: LedgerEntry[] = [];
  for (const e of entries) {
    if (e.kind !== "usage") continue;
    const left = alreadyCredited.get(entryKey(e)) ?? 0;
    if (left > 0) alreadyCredited.set(entryKey(e), left - 1);
    else credits.push({ ...e, kind: "credit" });
  }
  return credits;
}
