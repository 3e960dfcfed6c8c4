/**
 * Reviews: who may review an application, how one review's rubric scores become a weighted score,
 * and when an application has enough reviews to be decided. Scores are exact: a weighted score is
 * 100 x sum(w_i x s_i / max_i) / sum(w_i), computed over a common denominator in bigint and rounded
 * half up to hundredths of a point ("centipoints", 0 to 10,000), so equal inputs tie exactly.
 */
import { z } from "zod";
import { withParticle } from "../korean-particles.js";
import { mulDivRoundHalfUp } from "../money.js";
import type { RubricCriterion } from "./round.js";
import { fail, failAll, ok, violation, type ProgramViolation, type RuleResult } from "./rule-result.js";
import { ownValue } from "./own-value.js";

/** A weighted score in hundredths of a point: 7,250 is 72.50 out of 100. */
export type Centipoints = number;

/** A conflict of interest a reviewer declared: with an organization, or with one application. */
export type ReviewerConflict =
  | { readonly kind: "organization"; readonly organizationId: string }
  | { readonly kind: "application"; readonly applicationId: string };

/** The reviewer as assignment sees them. */
export interface ReviewerCandidate {
  readonly personId: string;
  /** Every organization the reviewer is a member of. */
  readonly organizationIds: readonly string[];
  readonly conflicts: readonly ReviewerConflict[];
}

/** The application as assignment sees it. */
export interface ReviewedApplication {
  readonly applicationId: string;
  readonly organizationId: string;
  /** Reviewers already assigned (and not recused). */
  readonly assignedReviewerIds: readonly string[];
}

/**
 * Whether the reviewer may be assigned: refused automatically when they are a member of the
 * applicant's organization (REVIEWER_SAME_ORGANIZATION), when they declared a conflict with the
 * organization or the application (REVIEWER_CONFLICT), or when already assigned. Every reason is listed.
 */
export function checkReviewerAssignment(reviewer: ReviewerCandidate, application: ReviewedApplication): RuleResult<void> {
  const violations: ProgramViolation[] = [];
  if (reviewer.organizationIds.includes(application.organizationId)) {
    violations.push(violation("REVIEWER_SAME_ORGANIZATION", "reviewerId", "the reviewer is a member of the applicant's organization", "심사위원이 신청 기관의 구성원입니다"));
  }
  const conflict = reviewer.conflicts.find(
    (c) => (c.kind === "organization" && c.organizationId === application.organizationId) || (c.kind === "application" && c.applicationId === application.applicationId),
  );
  if (conflict !== undefined) {
    violations.push(violation("REVIEWER_CONFLICT", "reviewerId", `the reviewer declared a conflict of interest with this ${conflict.kind}`, `심사위원이 이 ${conflict.kind === "organization" ? "기관" : "신청"}에 대해 이해충돌을 신고했습니다`));
  }
  if (application.assignedReviewerIds.includes(reviewer.personId)) {
    violations.push(violation("REVIEWER_ALREADY_ASSIGNED", "reviewerId", "the reviewer is already assigned to this application", "심사위원이 이미 이 신청에 배정되어 있습니다"));
  }
  return violations.length > 0 ? failAll(violations) : ok(undefined);
}

/** What a reviewer submits: a whole-number score per criterion and two comments. */
export const ReviewInput = z.strictObject({
  scores: z.record(z.string(), z.number()),
  /** Shown to the applicant with the decision. */
  publicComment: z.string().trim().max(10_000).default(""),
  /** Seen by the program manager and other reviewers only. */
  privateComment: z.string().trim().max(10_000).default(""),
});
export type ReviewInput = z.input<typeof ReviewInput>;

/**
 * The weighted score of one review. Refuses a review that leaves out or adds criteria
 * (REVIEW_CRITERIA_MISMATCH) or scores outside 0..maxScore or not whole (REVIEW_SCORE_OUT_OF_RANGE).
 */
export function weightedScore(rubric: readonly RubricCriterion[], scores: Readonly<Record<string, number>>): RuleResult<Centipoints> {
  const violations: ProgramViolation[] = [];
  for (const key of Object.keys(scores)) {
    if (!rubric.some((c) => c.key === key)) violations.push(violation("REVIEW_CRITERIA_MISMATCH", `scores.${key}`, `the rubric has no criterion ${key}`, `평가표에 평가 항목 ${withParticle(key, "이/가")} 없습니다`));
  }
  for (const c of rubric) {
    const s = ownValue(scores, c.key);
    if (s === undefined) violations.push(violation("REVIEW_CRITERIA_MISMATCH", `scores.${c.key}`, `criterion ${c.key} is not scored`, `평가 항목 ${c.key}의 점수가 없습니다`));
    else if (!Number.isInteger(s) || s < 0 || s > c.maxScore) {
      violations.push(violation("REVIEW_SCORE_OUT_OF_RANGE", `scores.${c.key}`, `must be a whole number from 0 to ${c.maxScore}`, `0부터 ${c.maxScore}까지의 정수여야 합니다`));
    }
  }
  if (violations.length > 0) return failAll(violations);
  if (rubric.length === 0) return fail("REVIEW_CRITERIA_MISMATCH", "scores", "the rubric has no criteria", "평가표에 평가 항목이 없습니다");
  // sum(w_i s_i / m_i) / sum(w_i) over the common denominator prod(m_j).
  const product = rubric.reduce((p, c) => p * BigInt(c.maxScore), 1n);
  let numerator = 0n;
  let weights = 0n;
  for (const c of rubric) {
    numerator += BigInt(c.weight) * BigInt(ownValue(scores, c.key)!) * (product / BigInt(c.maxScore));
    weights += BigInt(c.weight);
  }
  return ok(Number(mulDivRoundHalfUp(numerator, 10_000n, product * weights)));
}

/** One assigned review, as aggregation sees it. */
export interface ReviewRecord {
  readonly reviewerId: string;
  readonly status: "assigned" | "submitted" | "recused";
  /** Present once submitted. */
  readonly score: Centipoints | null;
}

/** The state of an application's reviews. */
export interface ReviewSummary {
  readonly submitted: number;
  readonly required: number;
  readonly complete: boolean;
  /** The mean of submitted reviews' scores, rounded half up; null before any review is in. */
  readonly score: Centipoints | null;
}

/** Counts submitted reviews against the minimum (recused ones do not count) and averages them. */
export function summarizeReviews(reviews: readonly ReviewRecord[], minReviewers: number): ReviewSummary {
  const scores = reviews.filter((r) => r.status === "submitted" && r.score !== null).map((r) => BigInt(r.score!));
  const score = scores.length === 0 ? null : Number(mulDivRoundHalfUp(scores.reduce((a, b) => a + b, 0n), 1n, BigInt(scores.length)));
  return { submitted: scores.length, required: minReviewers, complete: scores.length >= minReviewers, score };
}

/** Converts a round's minimum score (0 to 100, two decimals) to centipoints. */
export function minimumScoreCentipoints(minimumScore: number): Centipoints {
  return Math.round(minimumScore * 100);
}

/**
 * Whether an assigned review is overdue at `at`: still assigned (not submitted or recused) and past
 * its due time (the assignment's own, else the round's review deadline; none means never overdue).
 */
export function isReviewOverdue(status: ReviewRecord["status"], dueAt: string | null, at: string): boolean {
  return status === "assigned" && dueAt !== null && Date.parse(at) > Date.parse(dueAt);
}
