/**
 * Metering and usage totals. A usage-ledger entry values accelerator-seconds at the actual model's
 * price (KRW per accelerator-hour), rounded half up to the won, and splits it by the allocation's
 * co-pay share (co-pay rounded half up, government the rest). Totals over a window prorate an entry
 * that straddles the window's edges by the overlapping share of its duration (rounded down), so
 * reclaim reads exactly the use that fell inside the window.
 */
import { mulDivRoundHalfUp, shareOf, type BasisPoints } from "../money.js";
import type { AllocationUsage, ClassUsage } from "./allocation-change.js";
import type { Instant } from "./allocation.js";
import { ownValue } from "./own-value.js";

/** One immutable usage-ledger entry, as DESIGN.md describes it. */
export interface UsageLedgerEntry {
  readonly workloadId: string;
  readonly allocationId: string;
  readonly acceleratorClass: string;
  readonly model: string;
  readonly startedAt: Instant;
  readonly endedAt: Instant;
  readonly acceleratorSeconds: bigint;
  readonly krw: bigint;
  readonly governmentKrw: bigint;
  readonly coPayKrw: bigint;
}

/** The value of use and its split. */
export interface MeteredValue {
  readonly krw: bigint;
  readonly governmentKrw: bigint;
  readonly coPayKrw: bigint;
}

/** Values `acceleratorSeconds` at `pricePerHourKrw` (rounded half up to the won) and splits it by `coPayBp`. */
export function meterUsage(acceleratorSeconds: bigint, pricePerHourKrw: bigint, coPayBp: BasisPoints): MeteredValue {
  const krw = mulDivRoundHalfUp(acceleratorSeconds, pricePerHourKrw, 3_600n);
  const coPayKrw = shareOf(krw, coPayBp);
  return { krw, coPayKrw, governmentKrw: krw - coPayKrw };
}

/**
 * Use per class of the given entries, whole or within [from, to). An entry partly inside the window
 * counts in proportion to its overlap (accelerator-seconds and KRW rounded down); an entry of zero
 * duration counts when its instant lies inside.
 */
export function usageByClass(entries: readonly UsageLedgerEntry[], window?: { readonly from: Instant; readonly to: Instant }): AllocationUsage {
  const totals: Record<string, ClassUsage> = {};
  const lo = window === undefined ? -Infinity : Date.parse(window.from);
  const hi = window === undefined ? Infinity : Date.parse(window.to);
  for (const e of entries) {
    const start = Date.parse(e.startedAt);
    const end = Date.parse(e.endedAt);
    let seconds = e.acceleratorSeconds;
    let krw = e.krw;
    if (window !== undefined) {
      if (end <= start) {
        if (!(start >= lo && start < hi)) continue;
      } else {
        const overlap = Math.min(end, hi) - Math.max(start, lo);
        if (overlap <= 0) continue;
        if (overlap < end - start) {
          seconds = (seconds * BigInt(overlap)) / BigInt(end - start);
          krw = (krw * BigInt(overlap)) / BigInt(end - start);
        }
      }
    }
    const t = ownValue(totals, e.acceleratorClass);
    totals[e.acceleratorClass] = { acceleratorSeconds: (t?.acceleratorSeconds ?? 0n) + seconds, krw: (t?.krw ?? 0n) + krw };
  }
  return totals;
}
