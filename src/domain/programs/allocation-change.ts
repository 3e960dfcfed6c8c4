/**
 * Changes to a live allocation: extension, supplement, tranche release after a progress report,
 * reduction (reclaim) and end (early or at term). Each returns the new allocation together with its
 * new queue parameters, the budget delta and the co-pay delta (see `outcomeOf`), so the service
 * applies allocation, queue and budget in one transaction and never syncs them by hand.
 */
import { withParticle } from "../korean-particles.js";
import { sortedRecord } from "./budget.js";
import {
  capacityViolation,
  outcomeOf,
  type Allocation,
  type AllocationContext,
  type AllocationOutcome,
  type Grant,
  type Instant,
} from "./allocation.js";
import { fail, failAll, violation, type ProgramViolation, type RuleResult } from "./rule-result.js";
import { ownValue } from "./own-value.js";

/** Recorded use of one class over the allocation's life so far (from the usage ledger). */
export interface ClassUsage {
  readonly acceleratorSeconds: bigint;
  /** Metered value at the actual models' prices. */
  readonly krw: bigint;
}

/** Recorded use per class; a class absent has no use. */
export type AllocationUsage = Readonly<Record<string, ClassUsage>>;

/** What a progress report's review concluded; only an approved report releases a tranche. */
export type ProgressReportStatus = "submitted" | "approved" | "rejected";

/** Hours used, rounded up: a started accelerator-hour counts as used. */
export function usedHours(usage: ClassUsage | undefined): bigint {
  if (usage === undefined) return 0n;
  return (usage.acceleratorSeconds + 3_599n) / 3_600n;
}

/** ALLOCATION_STATE_INVALID unless the allocation is active; `what` is the verb, `refusalKo` the whole Korean refusal. */
function requireActive(allocation: Allocation, what: string, refusalKo: string): RuleResult<never> | null {
  return allocation.status === "active" ? null : fail("ALLOCATION_STATE_INVALID", "status", `cannot ${what} an allocation that has ended`, refusalKo);
}

function withGrants(allocation: Allocation, change: (g: Grant) => Grant): readonly Grant[] {
  return allocation.grants.map(change);
}

/** Moves the end later; hours stay, so the fair-share weight H / P falls. No budget delta. */
export function extendAllocation(context: AllocationContext, allocation: Allocation, endsAt: Instant): RuleResult<AllocationOutcome> {
  const inactive = requireActive(allocation, "extend", "끝난 할당은 연장할 수 없습니다");
  if (inactive !== null) return inactive;
  if (!(Date.parse(endsAt) > Date.parse(allocation.endsAt))) {
    return fail("ALLOCATION_CHANGE_INVALID", "endsAt", `an extension must end after the current end ${allocation.endsAt}`, `연장한 종료 시각은 현재 종료 시각 ${allocation.endsAt}보다 늦어야 합니다`);
  }
  return outcomeOf(context, allocation, { ...allocation, endsAt: new Date(endsAt).toISOString() });
}

/** Extra hours for one class, released at once; `maxConcurrent` raises C (required for a new class). */
export interface SupplementGrant {
  readonly acceleratorClass: string;
  readonly acceleratorHours: bigint;
  readonly maxConcurrent?: number;
}

/**
 * Adds hours (released at once, recorded as a released tranche) and optionally raises C. A class new
 * to the allocation is priced at its current reference price from `referencePrices`; an existing
 * class keeps the price fixed at award. Commits the added hours x price; refused when over budget.
 */
export function supplementAllocation(
  context: AllocationContext,
  allocation: Allocation,
  supplements: readonly SupplementGrant[],
  referencePrices: Readonly<Record<string, bigint>>,
  at: Instant,
): RuleResult<AllocationOutcome> {
  const inactive = requireActive(allocation, "supplement", "끝난 할당에는 시간을 추가할 수 없습니다");
  if (inactive !== null) return inactive;
  const violations: ProgramViolation[] = [];
  const grants = new Map(allocation.grants.map((g) => [g.acceleratorClass, g]));
  supplements.forEach((s, i) => {
    const field = `grants.${i}`;
    if (s.acceleratorHours <= 0n) violations.push(violation("ALLOCATION_CHANGE_INVALID", `${field}.acceleratorHours`, "a supplement adds a positive number of hours", "추가 배정은 0보다 큰 시간이어야 합니다"));
    const existing = grants.get(s.acceleratorClass);
    if (s.maxConcurrent !== undefined && (s.maxConcurrent < (existing?.maxConcurrent ?? 1) || !Number.isInteger(s.maxConcurrent))) {
      violations.push(violation("ALLOCATION_CHANGE_INVALID", `${field}.maxConcurrent`, "a supplement may raise the concurrent accelerators, not lower them", "추가 배정으로 동시 사용 가속기 수를 늘릴 수는 있지만 줄일 수는 없습니다"));
    }
    if (ownValue(context.program.budget.acceleratorHours, s.acceleratorClass) === undefined) {
      violations.push(violation("PROGRAM_CLASS_NOT_FUNDED", `${field}.acceleratorClass`, `the program does not fund class ${s.acceleratorClass}`, `사업이 ${s.acceleratorClass} 클래스를 지원하지 않습니다`));
      return;
    }
    let base = existing;
    if (base === undefined) {
      const price = ownValue(referencePrices, s.acceleratorClass);
      if (price === undefined || s.maxConcurrent === undefined) {
        violations.push(violation("ALLOCATION_CHANGE_INVALID", `${field}.acceleratorClass`, `a new class ${s.acceleratorClass} needs a reference price and maxConcurrent`, `새 클래스 ${s.acceleratorClass}에는 기준 가격과 maxConcurrent가 필요합니다`));
        return;
      }
      base = { acceleratorClass: s.acceleratorClass, maxConcurrent: s.maxConcurrent, referencePriceKrw: price, committedHours: 0n, releasedHours: 0n, committedKrw: 0n };
    }
    const next: Grant = {
      ...base,
      maxConcurrent: s.maxConcurrent ?? base.maxConcurrent,
      committedHours: base.committedHours + s.acceleratorHours,
      releasedHours: base.releasedHours + s.acceleratorHours,
      committedKrw: base.committedKrw + s.acceleratorHours * base.referencePriceKrw,
    };
    const capacity = capacityViolation(`${field}.acceleratorHours`, next.committedHours, next.maxConcurrent, allocation.startsAt, allocation.endsAt);
    if (capacity !== null) violations.push(capacity);
    grants.set(s.acceleratorClass, next);
  });
  if (supplements.length === 0) violations.push(violation("ALLOCATION_CHANGE_INVALID", "grants", "a supplement adds hours to at least one class", "추가 배정은 하나 이상의 클래스에 시간을 더해야 합니다"));
  if (violations.length > 0) return failAll(violations);
  const after: Allocation = {
    ...allocation,
    grants: [...grants.values()].sort((a, b) => (a.acceleratorClass < b.acceleratorClass ? -1 : 1)),
    tranches: [
      ...allocation.tranches,
      {
        index: allocation.tranches.length,
        acceleratorHours: sortedRecord(Object.fromEntries(supplements.map((s) => [s.acceleratorClass, s.acceleratorHours]))),
        requiresProgressReport: false,
        releasableFrom: null,
        status: "released",
        releasedAt: new Date(at).toISOString(),
      },
    ],
  };
  return outcomeOf(context, allocation, after);
}

/**
 * Releases a pending tranche: its hours become usable and the fair-share weight rises. Refused
 * (TRANCHE_NOT_RELEASABLE) when the tranche does not exist, is not pending, an earlier tranche is
 * still pending, it needs an approved progress report and has none, or it is not yet releasable.
 * The hours were committed at award, so the budget delta is zero.
 */
export function releaseTranche(
  context: AllocationContext,
  allocation: Allocation,
  index: number,
  progressReport: ProgressReportStatus | null,
  at: Instant,
): RuleResult<AllocationOutcome> {
  const inactive = requireActive(allocation, "release a tranche of", "끝난 할당의 트랜치는 지급할 수 없습니다");
  if (inactive !== null) return inactive;
  const tranche = allocation.tranches[index];
  const field = `tranches.${index}`;
  if (tranche === undefined) return fail("TRANCHE_NOT_RELEASABLE", field, `the allocation has no tranche ${index}`, `할당에 트랜치 ${withParticle(String(index), "이/가")} 없습니다`);
  if (tranche.status !== "pending") return fail("TRANCHE_NOT_RELEASABLE", field, `tranche ${index} is ${tranche.status} already`, `트랜치 ${withParticle(String(index), "은/는")} 이미 ${tranche.status} 상태입니다`);
  const violations: ProgramViolation[] = [];
  const earlier = allocation.tranches.slice(0, index).find((t) => t.status === "pending");
  if (earlier !== undefined) violations.push(violation("TRANCHE_NOT_RELEASABLE", field, `tranche ${earlier.index} must be released first`, `트랜치 ${withParticle(String(earlier.index), "을/를")} 먼저 지급해야 합니다`));
  if (tranche.requiresProgressReport && progressReport !== "approved") {
    violations.push(violation("TRANCHE_NOT_RELEASABLE", `${field}.requiresProgressReport`, `tranche ${index} needs an approved progress report; the report is ${progressReport ?? "missing"}`, `트랜치 ${index}에는 승인된 진도 보고서가 필요하지만 보고서가 ${progressReport === null ? "없습니다" : `${progressReport} 상태입니다`}`));
  }
  if (tranche.releasableFrom !== null && Date.parse(at) < Date.parse(tranche.releasableFrom)) {
    violations.push(violation("TRANCHE_NOT_RELEASABLE", `${field}.releasableFrom`, `tranche ${index} cannot be released before ${tranche.releasableFrom}`, `트랜치 ${withParticle(String(index), "은/는")} ${tranche.releasableFrom} 전에는 지급할 수 없습니다`));
  }
  if (violations.length > 0) return failAll(violations);
  const after: Allocation = {
    ...allocation,
    grants: withGrants(allocation, (g) => ({ ...g, releasedHours: g.releasedHours + (ownValue(tranche.acceleratorHours, g.acceleratorClass) ?? 0n) })),
    tranches: allocation.tranches.map((t) => (t.index === index ? { ...t, status: "released", releasedAt: new Date(at).toISOString() } : t)),
  };
  return outcomeOf(context, allocation, after);
}

/**
 * Takes hours back from the released, unused part of each named class (a reclaim); committed hours
 * and KRW fall by hours x the grant's price, returning them to the program. Refused when a
 * reduction exceeds released minus used hours (usage rounded up to whole hours).
 */
export function reduceAllocation(
  context: AllocationContext,
  allocation: Allocation,
  reductions: Readonly<Record<string, bigint>>,
  usage: AllocationUsage,
): RuleResult<AllocationOutcome> {
  const inactive = requireActive(allocation, "reduce", "끝난 할당은 줄일 수 없습니다");
  if (inactive !== null) return inactive;
  const violations: ProgramViolation[] = [];
  const classes = new Set(allocation.grants.map((g) => g.acceleratorClass));
  for (const [cls, r] of Object.entries(reductions)) {
    const field = `reductions.${cls}`;
    const grant = allocation.grants.find((g) => g.acceleratorClass === cls);
    if (!classes.has(cls) || grant === undefined) {
      violations.push(violation("RECLAIM_NOT_ALLOWED", field, `the allocation has no ${cls} hours`, `할당에 ${cls} 시간이 없습니다`));
      continue;
    }
    const unused = grant.releasedHours - usedHours(ownValue(usage, cls));
    if (r < 0n || r > unused) {
      violations.push(violation("RECLAIM_NOT_ALLOWED", field, `a reduction of ${r} ${cls} hours must lie between 0 and the ${unused < 0n ? 0n : unused} released hours not yet used`, `${cls} ${r}시간 감액은 0 이상, 지급되었으나 아직 쓰지 않은 ${unused < 0n ? 0n : unused}시간 이하여야 합니다`));
    }
  }
  if (violations.length > 0) return failAll(violations);
  const after: Allocation = {
    ...allocation,
    grants: withGrants(allocation, (g) => {
      const r = ownValue(reductions, g.acceleratorClass) ?? 0n;
      return { ...g, committedHours: g.committedHours - r, releasedHours: g.releasedHours - r, committedKrw: g.committedKrw - r * g.referencePriceKrw };
    }),
  };
  return outcomeOf(context, allocation, after);
}

/**
 * Ends the allocation, early (before `endsAt`, which moves to `at`) or at term. Pending tranches
 * are cancelled; each class's commitment shrinks to what was used (hours rounded up; KRW at the
 * metered value, never above what was committed), so everything committed but unused returns to the
 * program. The queue loses its quota, weight and borrowing.
 */
export function endAllocation(context: AllocationContext, allocation: Allocation, usage: AllocationUsage, at: Instant): RuleResult<AllocationOutcome> {
  const inactive = requireActive(allocation, "end", "이미 끝난 할당입니다");
  if (inactive !== null) return inactive;
  const atMs = Date.parse(at);
  const endMs = Math.max(Date.parse(allocation.startsAt), Math.min(Date.parse(allocation.endsAt), atMs));
  const after: Allocation = {
    ...allocation,
    status: "ended",
    endedAt: new Date(atMs).toISOString(),
    endsAt: new Date(endMs).toISOString(),
    grants: withGrants(allocation, (g) => {
      const u = ownValue(usage, g.acceleratorClass);
      const hours = usedHours(u) < g.committedHours ? usedHours(u) : g.committedHours;
      const krw = u === undefined ? 0n : u.krw < g.committedKrw ? u.krw : g.committedKrw;
      return { ...g, committedHours: hours, releasedHours: hours < g.releasedHours ? hours : g.releasedHours, committedKrw: krw };
    }),
    tranches: allocation.tranches.map((t) => (t.status === "pending" ? { ...t, status: "cancelled" } : t)),
  };
  return outcomeOf(context, allocation, after);
}

/** Every allocation change as one discriminated union, for services that dispatch on `kind`. */
export type AllocationChange =
  | { readonly kind: "extension"; readonly endsAt: Instant }
  | { readonly kind: "supplement"; readonly grants: readonly SupplementGrant[]; readonly referencePrices: Readonly<Record<string, bigint>> }
  | { readonly kind: "tranche_release"; readonly trancheIndex: number; readonly progressReport: ProgressReportStatus | null }
  | { readonly kind: "reduction"; readonly reductions: Readonly<Record<string, bigint>>; readonly usage: AllocationUsage }
  | { readonly kind: "end"; readonly usage: AllocationUsage };

/** Applies one change at instant `at`. */
export function applyAllocationChange(context: AllocationContext, allocation: Allocation, change: AllocationChange, at: Instant): RuleResult<AllocationOutcome> {
  switch (change.kind) {
    case "extension":
      return extendAllocation(context, allocation, change.endsAt);
    case "supplement":
      return supplementAllocation(context, allocation, change.grants, change.referencePrices, at);
    case "tranche_release":
      return releaseTranche(context, allocation, change.trancheIndex, change.progressReport, at);
    case "reduction":
      return reduceAllocation(context, allocation, change.reductions, change.usage);
    case "end":
      return endAllocation(context, allocation, change.usage, at);
  }
}
