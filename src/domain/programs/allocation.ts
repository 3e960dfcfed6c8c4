/**
 * Awards and allocations. An award turns an accepted application into an allocation (per class:
 * accelerator-hours, maximum concurrent accelerators, the class's reference price; a period; a
 * priority tier; tranches), the queue parameters it implies, and the budget delta it commits
 * (H x the class's reference price in KRW, and H accelerator-hours of the class). The service writes
 * all three in one transaction; `commitBudget` guarantees the program is never over-committed.
 */
import { z } from "zod";
import { withParticle } from "../korean-particles.js";
import { BasisPointsInput, FULL_SHARE_BP, NonNegativeBigIntInput, shareOf, type BasisPoints } from "../money.js";
import type { OrganizationType } from "../organization.js";
import { commitBudget, sortedRecord, type BudgetAmounts } from "./budget.js";
import { costShareTable } from "./cost-share.js";
import { AcceleratorClassInput, type ProgramSettings } from "./program.js";
import { queueFromAllocation, type QueueParameters } from "./queue-from-allocation.js";
import { failAll, ok, violation, type ProgramViolation, type RuleResult } from "./rule-result.js";
import { ownValue } from "./own-value.js";
import { checkMessage } from "../zod-korean.js";

/** An instant as an ISO 8601 string (stored as timestamptz). */
export type Instant = string;

/** One accelerator class of an allocation. */
export interface Grant {
  readonly acceleratorClass: string;
  /** C: the most accelerators of the class the project may use at once. */
  readonly maxConcurrent: number;
  /** KRW per accelerator-hour committed: the class's reference price when the award was made. */
  readonly referencePriceKrw: bigint;
  /** Hours committed against the program budget: released plus pending tranches. */
  readonly committedHours: bigint;
  /** Hours the project may use now: released tranches, supplements, minus reductions. */
  readonly releasedHours: bigint;
  /** KRW committed against the program budget for this class. */
  readonly committedKrw: bigint;
}

/** A part of an allocation released at award or later, usually after a progress report. */
export interface Tranche {
  readonly index: number;
  readonly acceleratorHours: Readonly<Record<string, bigint>>;
  readonly requiresProgressReport: boolean;
  /** The earliest instant it may be released; null for any time. */
  readonly releasableFrom: Instant | null;
  readonly status: "released" | "pending" | "cancelled";
  readonly releasedAt: Instant | null;
}

/** An allocation: what a project may use, when, and what it has committed of the program budget. */
export interface Allocation {
  readonly programId: string;
  readonly status: "active" | "ended";
  readonly startsAt: Instant;
  readonly endsAt: Instant;
  readonly endedAt: Instant | null;
  readonly priorityTier: number;
  /** The organization's co-pay share, fixed at award. */
  readonly coPayBp: BasisPoints;
  /** Sorted by class. */
  readonly grants: readonly Grant[];
  readonly tranches: readonly Tranche[];
}

/** One tranche of an award plan: its share of every class's hours. */
export const TranchePlanInput = z.strictObject({
  shareBp: BasisPointsInput.min(1),
  requiresProgressReport: z.boolean().default(true),
  releasableFrom: z.iso.datetime({ offset: true }).nullable().default(null),
});

/** What a decision awards; usually the application's request, possibly trimmed by the manager. */
export const AwardInput = z.strictObject({
  grants: z
    .array(
      z.strictObject({
        acceleratorClass: AcceleratorClassInput,
        acceleratorHours: NonNegativeBigIntInput.refine((h) => h > 0n, checkMessage("must be positive", "0보다 커야 합니다")),
        maxConcurrent: z.number().int().min(1).max(100_000),
      }),
    )
    .min(1),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  priorityTier: z.number().int().min(0).max(9).default(0),
  /** Tranches in order; the first is released at award. Default: one tranche of 100 %. */
  tranches: z.array(TranchePlanInput).min(1).max(12).default([{ shareBp: FULL_SHARE_BP, requiresProgressReport: false, releasableFrom: null }]),
});
export type AwardInput = z.input<typeof AwardInput>;
export type AwardSettings = z.output<typeof AwardInput>;

/** What the service needs to know about the program when it awards or changes an allocation. */
export interface AllocationContext {
  readonly programId: string;
  readonly program: Pick<ProgramSettings, "budget" | "borrowFactor" | "costShareBp">;
  /** What the program has committed so far, read under the program's row lock. */
  readonly committed: BudgetAmounts;
}

/** The co-pay and government share of a budget delta (negative when KRW returns to the program). */
export interface CostDelta {
  readonly totalKrw: bigint;
  readonly coPayKrw: bigint;
  readonly governmentKrw: bigint;
}

/** Everything an award or change produces, for the service to write in one transaction. */
export interface AllocationOutcome {
  readonly allocation: Allocation;
  readonly queue: QueueParameters;
  /** Signed change of the program's commitment. */
  readonly budgetDelta: BudgetAmounts;
  /** The program's commitment after the delta. */
  readonly committed: BudgetAmounts;
  readonly cost: CostDelta;
}

/** The total KRW an allocation commits. */
export function allocationKrw(allocation: Allocation): bigint {
  return allocation.grants.reduce((sum, g) => sum + g.committedKrw, 0n);
}

/** The allocation's commitment as budget amounts. */
export function allocationCommitment(allocation: Allocation): BudgetAmounts {
  return {
    krw: allocationKrw(allocation),
    acceleratorHours: sortedRecord(Object.fromEntries(allocation.grants.map((g) => [g.acceleratorClass, g.committedHours]))),
  };
}

/**
 * The outcome of moving from `before` (null for a new award) to `after`: the queue, the budget delta
 * (the difference of the two commitments), the new commitment (refused when over budget) and the
 * co-pay delta, computed as co-pay(after) - co-pay(before) so that repeated changes never drift.
 */
export function outcomeOf(context: AllocationContext, before: Allocation | null, after: Allocation): RuleResult<AllocationOutcome> {
  const a = allocationCommitment(after);
  const b = before === null ? { krw: 0n, acceleratorHours: {} } : allocationCommitment(before);
  const hours: Record<string, bigint> = {};
  for (const cls of new Set([...Object.keys(a.acceleratorHours), ...Object.keys(b.acceleratorHours)])) {
    const d = (ownValue(a.acceleratorHours, cls) ?? 0n) - (ownValue(b.acceleratorHours, cls) ?? 0n);
    if (d !== 0n) hours[cls] = d;
  }
  const budgetDelta: BudgetAmounts = { krw: a.krw - b.krw, acceleratorHours: sortedRecord(hours) };
  const committed = commitBudget(context.program.budget, context.committed, budgetDelta);
  if (!committed.ok) return committed;
  const coPayAfter = shareOf(a.krw, after.coPayBp);
  const coPayBefore = before === null ? 0n : shareOf(b.krw, before.coPayBp);
  const coPayKrw = coPayAfter - coPayBefore;
  return ok({
    allocation: after,
    queue: queueFromAllocation(after, context.program.borrowFactor),
    budgetDelta,
    committed: committed.value,
    cost: { totalKrw: budgetDelta.krw, coPayKrw, governmentKrw: budgetDelta.krw - coPayKrw },
  });
}

/** Splits `hours` by tranche shares: each floor(hours x share), the last takes the remainder. */
export function splitByTranches(hours: bigint, sharesBp: readonly number[]): bigint[] {
  let given = 0n;
  return sharesBp.map((bp, i) => {
    const part = i === sharesBp.length - 1 ? hours - given : (hours * BigInt(bp)) / BigInt(FULL_SHARE_BP);
    given += part;
    return part;
  });
}

/** The rule every grant must keep: H accelerator-hours must fit in P hours at C accelerators. */
export function capacityViolation(field: string, hours: bigint, maxConcurrent: number, startsAt: Instant, endsAt: Instant): ProgramViolation | null {
  const periodMs = BigInt(Date.parse(endsAt) - Date.parse(startsAt));
  // hours x 3,600,000 ms must not exceed C x period, in whole milliseconds.
  if (hours * 3_600_000n > BigInt(maxConcurrent) * periodMs) {
    return violation("ALLOCATION_CHANGE_INVALID", field, `${hours} accelerator-hours cannot be used in the period with at most ${maxConcurrent} accelerators at once`, `가속기를 동시에 최대 ${maxConcurrent}개 쓰면 기간 안에 가속기 ${hours}시간을 모두 쓸 수 없습니다`);
  }
  return null;
}

/**
 * Makes the allocation an award implies and checks it against the budget. `referencePrices` gives
 * each class's reference price (see `classReferencePrices`); `at` is the decision instant, when the
 * first tranche is released. Refuses with every problem at once: unfunded or unpriced classes,
 * duplicate classes, an empty or reversed period, hours that do not fit C x P, tranche shares not
 * summing to 100 % or a first tranche that waits for a report; then PROGRAM_BUDGET_EXCEEDED.
 * It checks the budget only: call `acceptanceViolations` first for the regional reserve, the
 * concentration cap and the concurrent-award limit (`decideAutomatically` does).
 */
export function awardAllocation(
  context: AllocationContext,
  award: AwardSettings,
  organizationType: OrganizationType,
  referencePrices: Readonly<Record<string, bigint>>,
  at: Instant,
): RuleResult<AllocationOutcome> {
  const violations: ProgramViolation[] = [];
  const seen = new Set<string>();
  if (!(Date.parse(award.endsAt) > Date.parse(award.startsAt))) {
    violations.push(violation("ALLOCATION_CHANGE_INVALID", "endsAt", "the allocation must end after it starts", "할당의 종료 시각은 시작 시각보다 늦어야 합니다"));
  }
  award.grants.forEach((g, i) => {
    const field = `grants.${i}.acceleratorClass`;
    if (seen.has(g.acceleratorClass)) violations.push(violation("ALLOCATION_CHANGE_INVALID", field, `class ${g.acceleratorClass} is listed twice`, `클래스 ${withParticle(g.acceleratorClass, "이/가")} 두 번 나옵니다`));
    seen.add(g.acceleratorClass);
    if (ownValue(context.program.budget.acceleratorHours, g.acceleratorClass) === undefined) {
      violations.push(violation("PROGRAM_CLASS_NOT_FUNDED", field, `the program does not fund class ${g.acceleratorClass}`, `사업이 ${g.acceleratorClass} 클래스를 지원하지 않습니다`));
    }
    if (ownValue(referencePrices, g.acceleratorClass) === undefined) {
      violations.push(violation("ALLOCATION_CHANGE_INVALID", field, `no reference price is known for class ${g.acceleratorClass}`, `${g.acceleratorClass} 클래스의 기준 가격이 없습니다`));
    }
    const capacity = capacityViolation(`grants.${i}.acceleratorHours`, g.acceleratorHours, g.maxConcurrent, award.startsAt, award.endsAt);
    if (capacity !== null && violations.every((v) => v.field !== "endsAt")) violations.push(capacity);
  });
  const shares = award.tranches.map((t) => t.shareBp);
  if (shares.reduce((a, b) => a + b, 0) !== FULL_SHARE_BP) {
    violations.push(violation("ALLOCATION_CHANGE_INVALID", "tranches", `tranche shares must add up to 10,000 basis points; they add up to ${shares.reduce((a, b) => a + b, 0)}`, `트랜치 비율의 합은 10,000bp여야 하지만 ${shares.reduce((a, b) => a + b, 0)}bp입니다`));
  }
  if (award.tranches[0]?.requiresProgressReport === true) {
    violations.push(violation("ALLOCATION_CHANGE_INVALID", "tranches.0.requiresProgressReport", "the first tranche is released at award and cannot wait for a progress report", "첫 트랜치는 선정 시 지급되므로 진도 보고서를 조건으로 할 수 없습니다"));
  }
  if (violations.length > 0) return failAll(violations);

  const grants = [...award.grants]
    .sort((a, b) => (a.acceleratorClass < b.acceleratorClass ? -1 : 1))
    .map((g) => ({ ...g, price: ownValue(referencePrices, g.acceleratorClass)!, parts: splitByTranches(g.acceleratorHours, shares) }));
  const allocation: Allocation = {
    programId: context.programId,
    status: "active",
    startsAt: new Date(award.startsAt).toISOString(),
    endsAt: new Date(award.endsAt).toISOString(),
    endedAt: null,
    priorityTier: award.priorityTier,
    coPayBp: costShareTable(context.program.costShareBp)[organizationType],
    grants: grants.map((g) => ({
      acceleratorClass: g.acceleratorClass,
      maxConcurrent: g.maxConcurrent,
      referencePriceKrw: g.price,
      committedHours: g.acceleratorHours,
      releasedHours: g.parts[0]!,
      committedKrw: g.acceleratorHours * g.price,
    })),
    tranches: award.tranches.map((t, i) => ({
      index: i,
      acceleratorHours: Object.fromEntries(grants.map((g) => [g.acceleratorClass, g.parts[i]!])),
      requiresProgressReport: t.requiresProgressReport,
      releasableFrom: t.releasableFrom === null ? null : new Date(t.releasableFrom).toISOString(),
      status: i === 0 ? "released" : "pending",
      releasedAt: i === 0 ? new Date(at).toISOString() : null,
    })),
  };
  return outcomeOf(context, null, allocation);
}
