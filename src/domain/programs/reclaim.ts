/**
 * Reclaiming idle allocations (유휴 자원 회수). Over the window of the program's reclaim policy
 * ending at `at`, each class's entitled use is its fair-share rate (released hours / period) x the
 * window; a class whose recorded use stays below the idle threshold share of that is idle. An idle
 * allocation can be reduced by the policy's reclaim share of each idle class's unused released
 * hours; the hours and their KRW at the award's price return to the program. An allocation younger
 * than the window is not judged yet.
 */
import { FULL_SHARE_BP, type BasisPoints } from "../money.js";
import { reduceAllocation, usedHours, type AllocationUsage } from "./allocation-change.js";
import type { Allocation, AllocationContext, AllocationOutcome, Instant } from "./allocation.js";
import type { ReclaimPolicy } from "./program.js";
import { fail, type RuleResult } from "./rule-result.js";
import { ownValue } from "./own-value.js";

/** One class's use over the window and what a reclaim would take. */
export interface ClassIdleness {
  readonly acceleratorClass: string;
  /** Accelerator-seconds the fair-share rate entitles over the window. */
  readonly entitledSeconds: bigint;
  readonly usedSeconds: bigint;
  /** used / entitled in basis points, rounded down (10,000 when nothing is entitled). */
  readonly utilizationBp: BasisPoints;
  readonly idle: boolean;
  /** Released hours not yet used (use rounded up to whole hours). */
  readonly unusedHours: bigint;
  readonly reductionHours: bigint;
  readonly returnedKrw: bigint;
}

/** The verdict on one allocation. */
export interface IdleAssessment {
  /** False when the allocation has ended or is younger than the window; then nothing is idle. */
  readonly assessable: boolean;
  readonly idle: boolean;
  readonly windowStart: Instant;
  readonly windowEnd: Instant;
  readonly classes: readonly ClassIdleness[];
  /** Hours to take back per idle class (only positive entries). */
  readonly reductions: Readonly<Record<string, bigint>>;
  readonly returnedKrw: bigint;
}

/**
 * Judges an allocation at `at`. `windowUsage` is the usage ledger's total per class over
 * [at - windowDays, at); `totalUsage` since the allocation started.
 */
export function assessIdleAllocation(
  allocation: Allocation,
  policy: ReclaimPolicy,
  windowUsage: AllocationUsage,
  totalUsage: AllocationUsage,
  at: Instant,
): IdleAssessment {
  const endMs = Date.parse(at);
  const windowMs = policy.windowDays * 86_400_000;
  const startMs = endMs - windowMs;
  const windowStart = new Date(startMs).toISOString();
  const windowEnd = new Date(endMs).toISOString();
  const assessable = allocation.status === "active" && startMs >= Date.parse(allocation.startsAt);
  const periodMs = BigInt(Date.parse(allocation.endsAt) - Date.parse(allocation.startsAt));
  // Past the allocation's end nothing more is entitled: the window counts only up to endsAt.
  const coveredMs = BigInt(Math.max(0, Math.min(endMs, Date.parse(allocation.endsAt)) - startMs));
  const classes = allocation.grants.map((g): ClassIdleness => {
    const entitledSeconds = periodMs > 0n ? (g.releasedHours * 3_600n * coveredMs) / periodMs : 0n;
    const usedSeconds = ownValue(windowUsage, g.acceleratorClass)?.acceleratorSeconds ?? 0n;
    const utilizationBp = entitledSeconds === 0n ? FULL_SHARE_BP : Number((usedSeconds * BigInt(FULL_SHARE_BP)) / entitledSeconds);
    const idle = assessable && entitledSeconds > 0n && usedSeconds * BigInt(FULL_SHARE_BP) < BigInt(policy.idleThresholdBp) * entitledSeconds;
    const rawUnused = g.releasedHours - usedHours(ownValue(totalUsage, g.acceleratorClass));
    const unusedHours = rawUnused > 0n ? rawUnused : 0n;
    const reductionHours = idle ? (unusedHours * BigInt(policy.reclaimShareBp)) / BigInt(FULL_SHARE_BP) : 0n;
    return {
      acceleratorClass: g.acceleratorClass,
      entitledSeconds,
      usedSeconds,
      utilizationBp,
      idle,
      unusedHours,
      reductionHours,
      returnedKrw: reductionHours * g.referencePriceKrw,
    };
  });
  const reductions = Object.fromEntries(classes.filter((c) => c.reductionHours > 0n).map((c) => [c.acceleratorClass, c.reductionHours]));
  return {
    assessable,
    idle: classes.some((c) => c.idle),
    windowStart,
    windowEnd,
    classes,
    reductions,
    returnedKrw: classes.reduce((s, c) => s + c.returnedKrw, 0n),
  };
}

/**
 * Applies an assessment's reductions: the new allocation, its queue and the (negative) budget delta.
 * Refused with RECLAIM_NOT_ALLOWED when the assessment found nothing to take back.
 */
export function reclaimAllocation(
  context: AllocationContext,
  allocation: Allocation,
  assessment: IdleAssessment,
  totalUsage: AllocationUsage,
): RuleResult<AllocationOutcome> {
  if (!assessment.idle || Object.keys(assessment.reductions).length === 0) {
    return assessment.assessable
      ? fail("RECLAIM_NOT_ALLOWED", "allocation", "the allocation is not idle, or has no unused hours to take back", "할당이 유휴 상태가 아니거나 회수할 미사용 시간이 없습니다")
      : fail("RECLAIM_NOT_ALLOWED", "allocation", "the allocation is not judged yet: it has ended or is younger than the reclaim window", "할당을 아직 판정할 수 없습니다: 이미 끝났거나 시작한 지 회수 판정 기간이 지나지 않았습니다");
  }
  return reduceAllocation(context, allocation, assessment.reductions, totalUsage);
}
