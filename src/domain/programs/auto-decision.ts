/**
 * Automatic decision: a greedy first-fit over applications ranked by weighted score (highest first;
 * ties broken by earlier submission, then by application id in code-point order, so the outcome is
 * deterministic). Each candidate in rank order is accepted when its reviews are complete, its score
 * reaches the minimum, and accepting it keeps every constraint: the program budget (KRW and hours per
 * class), the share reserved for organizations outside the capital region (capital-region awards may
 * never use it), the concentration cap and the maximum concurrent awards per organization. A
 * candidate that does not fit is skipped, not the end of the run: a smaller one further down may
 * still fit. O(n log n) for the sort plus O(n x classes) for the pass.
 */
import { FULL_SHARE_BP } from "../money.js";
import { isNonCapitalRegion, type RegionCode } from "../regions.js";
import { addAmounts, type BudgetAmounts } from "./budget.js";
import { concentrationLimit } from "./eligibility.js";
import type { ProgramSettings } from "./program.js";
import type { Centipoints, ReviewSummary } from "./review.js";
import { violation, type ProgramViolation } from "./rule-result.js";
import { ownValue } from "./own-value.js";

/** One application in the decision. */
export interface DecisionCandidate {
  readonly applicationId: string;
  readonly organizationId: string;
  readonly region: RegionCode;
  readonly submittedAt: string;
  readonly reviews: ReviewSummary;
  /** Requested accelerator-hours per class. */
  readonly acceleratorHours: Readonly<Record<string, bigint>>;
}

/** What the program holds already, read in the deciding transaction. */
export interface DecisionStanding {
  /** Everything committed against the program budget. */
  readonly committed: BudgetAmounts;
  /** The part of `committed` held by organizations in the capital region. */
  readonly capitalCommitted: BudgetAmounts;
  /** Accelerator-hours awarded per organization per class (for the concentration cap). */
  readonly awardedHoursByOrganization: Readonly<Record<string, Readonly<Record<string, bigint>>>>;
  /** Active awards per organization (for the concurrent-award limit). */
  readonly activeAwardsByOrganization: Readonly<Record<string, number>>;
}

/** The outcome for one candidate, with its rank and every reason it was not accepted. */
export interface CandidateDecision {
  readonly applicationId: string;
  readonly rank: number;
  readonly score: Centipoints | null;
  readonly accepted: boolean;
  readonly reasons: readonly ProgramViolation[];
  /** What accepting it commits (zero when not accepted). */
  readonly commitment: BudgetAmounts;
}

/** The whole decision. */
export interface AutoDecision {
  /** In rank order. */
  readonly decisions: readonly CandidateDecision[];
  readonly acceptedIds: readonly string[];
  /** The program's commitment after every acceptance. */
  readonly committed: BudgetAmounts;
}

/** The rank order: score descending, then submission time, then application id. */
export function compareCandidates(a: DecisionCandidate, b: DecisionCandidate): number {
  const sa = a.reviews.score ?? -1;
  const sb = b.reviews.score ?? -1;
  if (sa !== sb) return sb - sa;
  const ta = Date.parse(a.submittedAt);
  const tb = Date.parse(b.submittedAt);
  if (ta !== tb) return ta - tb;
  return a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0;
}

/** What a request commits: its hours, and hours x each class's reference price. */
export function requestCommitment(hours: Readonly<Record<string, bigint>>, referencePrices: Readonly<Record<string, bigint>>): BudgetAmounts {
  let krw = 0n;
  for (const [cls, h] of Object.entries(hours)) krw += h * (ownValue(referencePrices, cls) ?? 0n);
  return { krw, acceleratorHours: { ...hours } };
}

/** One organization's standing and the program's commitments, as one acceptance reads them. */
export interface AcceptanceStanding {
  readonly committed: BudgetAmounts;
  readonly capitalCommitted: BudgetAmounts;
  /** Accelerator-hours the candidate's organization already holds in the program, per class. */
  readonly organizationHours: Readonly<Record<string, bigint>>;
  /** Active awards the candidate's organization already holds in the program. */
  readonly organizationActiveAwards: number;
}

/**
 * Every reason accepting the candidate now would break a rule: incomplete reviews, a score below
 * `minimumScore` (pass null for a manual decision, where the manager may accept below it), the
 * budget, the regional reserve, unfunded classes, the concentration cap and the concurrent-award
 * limit. Empty when it may be accepted. Manual decisions call this directly.
 */
export function acceptanceViolations(
  program: Pick<ProgramSettings, "budget" | "eligibility" | "reservedNonCapitalShareBp">,
  candidate: DecisionCandidate,
  standing: AcceptanceStanding,
  minimumScore: Centipoints | null,
  referencePrices: Readonly<Record<string, bigint>>,
): ProgramViolation[] {
  const c = candidate;
  const reasons: ProgramViolation[] = [];
  const keep = BigInt(FULL_SHARE_BP - program.reservedNonCapitalShareBp);
  const reserveApplies = !isNonCapitalRegion(c.region) && program.reservedNonCapitalShareBp > 0;
  const ask = requestCommitment(c.acceleratorHours, referencePrices);
  if (!c.reviews.complete) {
    reasons.push(violation("REVIEWS_INCOMPLETE", "reviews", `${c.reviews.submitted} of ${c.reviews.required} reviews are in`, `심사 ${c.reviews.required}건 중 ${c.reviews.submitted}건만 제출되었습니다`));
  } else if (minimumScore !== null && (c.reviews.score === null || c.reviews.score < minimumScore)) {
    reasons.push(violation("REVIEW_SCORE_BELOW_MINIMUM", "score", `the score ${(c.reviews.score ?? 0) / 100} is below the minimum ${minimumScore / 100}`, `점수 ${(c.reviews.score ?? 0) / 100}점이 최저 점수 ${minimumScore / 100}점에 미치지 못합니다`));
  }
  const nextCommitted = addAmounts(standing.committed, ask);
  const nextCapital = addAmounts(standing.capitalCommitted, ask);
  if (nextCommitted.krw > program.budget.krw) {
    reasons.push(violation("PROGRAM_BUDGET_EXCEEDED", "budget.krw", "the remaining KRW budget cannot cover the request", "남은 원화 예산이 신청 금액에 못 미칩니다"));
  } else if (reserveApplies && nextCapital.krw > (program.budget.krw * keep) / BigInt(FULL_SHARE_BP)) {
    reasons.push(violation("PROGRAM_REGIONAL_RESERVE", "budget.krw", "the KRW left is reserved for organizations outside the capital region", "남은 원화 예산은 비수도권 기관 몫으로 유보되어 있습니다"));
  }
  for (const [cls, h] of Object.entries(c.acceleratorHours)) {
    const budgetHours = ownValue(program.budget.acceleratorHours, cls);
    const field = `acceleratorHours.${cls}`;
    if (budgetHours === undefined) {
      reasons.push(violation("PROGRAM_CLASS_NOT_FUNDED", field, `the program does not fund class ${cls}`, `사업이 ${cls} 클래스를 지원하지 않습니다`));
      continue;
    }
    if ((ownValue(nextCommitted.acceleratorHours, cls) ?? 0n) > budgetHours) {
      reasons.push(violation("PROGRAM_BUDGET_EXCEEDED", field, `the remaining ${cls} hours cannot cover the request`, `남은 ${cls} 시간이 신청한 시간에 못 미칩니다`));
    } else if (reserveApplies && (ownValue(nextCapital.acceleratorHours, cls) ?? 0n) > (budgetHours * keep) / BigInt(FULL_SHARE_BP)) {
      reasons.push(violation("PROGRAM_REGIONAL_RESERVE", field, `the ${cls} hours left are reserved for organizations outside the capital region`, `남은 ${cls} 시간은 비수도권 기관 몫으로 유보되어 있습니다`));
    }
    const cap = program.eligibility.concentrationCapBp;
    if (cap !== null && (ownValue(standing.organizationHours, cls) ?? 0n) + h > concentrationLimit(budgetHours, cap)) {
      reasons.push(violation("PROGRAM_CONCENTRATION_CAP", field, `the organization would hold more than ${cap / 100} % of the program's ${cls} hours`, `기관이 사업 ${cls} 시간의 ${cap / 100}%보다 많이 배정받게 됩니다`));
    }
  }
  const maxAwards = program.eligibility.maxConcurrentAwardsPerOrganization;
  if (maxAwards !== null && standing.organizationActiveAwards >= maxAwards) {
    reasons.push(violation("PROGRAM_MAX_CONCURRENT_AWARDS", "organizationId", `the organization would hold more than ${maxAwards} concurrent awards`, `기관이 동시에 수행하는 과제가 ${maxAwards}건을 넘게 됩니다`));
  }
  return reasons;
}

/**
 * Decides a round automatically. `minimumScore` is in centipoints; `referencePrices` gives each
 * class's reference price. Pure: the service applies the accepted awards (each through
 * `awardAllocation`) in the same transaction that read `standing`.
 */
export function decideAutomatically(
  program: Pick<ProgramSettings, "budget" | "eligibility" | "reservedNonCapitalShareBp">,
  candidates: readonly DecisionCandidate[],
  standing: DecisionStanding,
  minimumScore: Centipoints,
  referencePrices: Readonly<Record<string, bigint>>,
): AutoDecision {
  let committed = standing.committed;
  let capital = standing.capitalCommitted;
  const orgHours = new Map(Object.entries(standing.awardedHoursByOrganization).map(([o, h]) => [o, { ...h }]));
  const orgAwards = new Map(Object.entries(standing.activeAwardsByOrganization));
  const ranked = [...candidates].sort(compareCandidates);
  const decisions: CandidateDecision[] = [];
  const acceptedIds: string[] = [];

  ranked.forEach((c, i) => {
    const held = orgHours.get(c.organizationId) ?? {};
    const reasons = acceptanceViolations(
      program,
      c,
      { committed, capitalCommitted: capital, organizationHours: held, organizationActiveAwards: orgAwards.get(c.organizationId) ?? 0 },
      minimumScore,
      referencePrices,
    );
    const ask = requestCommitment(c.acceleratorHours, referencePrices);
    const accepted = reasons.length === 0;
    if (accepted) {
      committed = addAmounts(committed, ask);
      if (!isNonCapitalRegion(c.region)) capital = addAmounts(capital, ask);
      const hours = { ...held };
      for (const [cls, h] of Object.entries(c.acceleratorHours)) hours[cls] = (ownValue(hours, cls) ?? 0n) + h;
      orgHours.set(c.organizationId, hours);
      orgAwards.set(c.organizationId, (orgAwards.get(c.organizationId) ?? 0) + 1);
      acceptedIds.push(c.applicationId);
    }
    decisions.push({
      applicationId: c.applicationId,
      rank: i + 1,
      score: c.reviews.score,
      accepted,
      reasons,
      commitment: accepted ? ask : { krw: 0n, acceleratorHours: {} },
    });
  });
  return { decisions, acceptedIds, committed };
}
