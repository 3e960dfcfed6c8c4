import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkReviewerAssignment, summarizeReviews, weightedScore, type ReviewerCandidate } from "./review.js";
import { RubricCriterionInput } from "./round.js";

const RUBRIC = [
  RubricCriterionInput.parse({ key: "impact", label: { ko: "파급효과", en: "Impact" }, weight: 40 }),
  RubricCriterionInput.parse({ key: "feasibility", label: { ko: "실현가능성", en: "Feasibility" }, weight: 60, maxScore: 5 }),
];

const APP = { applicationId: "app-1", organizationId: "org-a", assignedReviewerIds: ["rev-9"] };
const reviewer = (overrides: Partial<ReviewerCandidate> = {}): ReviewerCandidate => ({ personId: "rev-1", organizationIds: ["org-z"], conflicts: [], ...overrides });

describe("checkReviewerAssignment", () => {
  it("admits an unrelated reviewer", () => {
    expect(checkReviewerAssignment(reviewer(), APP).ok).toBe(true);
  });
  it.each([
    ["a member of the applicant's organization", { organizationIds: ["org-z", "org-a"] }, "REVIEWER_SAME_ORGANIZATION"],
    ["a conflict with the organization", { conflicts: [{ kind: "organization", organizationId: "org-a" }] }, "REVIEWER_CONFLICT"],
    ["a conflict with the application", { conflicts: [{ kind: "application", applicationId: "app-1" }] }, "REVIEWER_CONFLICT"],
    ["an assigned reviewer", { personId: "rev-9" }, "REVIEWER_ALREADY_ASSIGNED"],
  ] as const)("refuses %s", (_name, overrides, code) => {
    const r = checkReviewerAssignment(reviewer(overrides as Partial<ReviewerCandidate>), APP);
    expect(!r.ok && r.violations.map((v) => v.rule)).toEqual([code]);
  });
  it("ignores conflicts with other applications and organizations", () => {
    const r = checkReviewerAssignment(reviewer({ conflicts: [{ kind: "application", applicationId: "app-2" }, { kind: "organization", organizationId: "org-b" }] }), APP);
    expect(r.ok).toBe(true);
  });
});

describe("weightedScore", () => {
  it.each([
    [{ impact: 10, feasibility: 5 }, 10_000],
    [{ impact: 0, feasibility: 0 }, 0],
    [{ impact: 8, feasibility: 3 }, 6_800], // 40 x 0.8 + 60 x 0.6 = 68
    [{ impact: 7, feasibility: 4 }, 7_600], // 28 + 48
    [{ impact: 1, feasibility: 1 }, 1_600], // 4 + 12
  ])("%j scores %s centipoints", (scores, expected) => {
    const r = weightedScore(RUBRIC, scores);
    expect(r.ok && r.value).toBe(expected);
  });
  it("rounds thirds half up to the hundredth", () => {
    const thirds = [RubricCriterionInput.parse({ key: "a", label: { ko: "가", en: "A" }, weight: 1, maxScore: 3 })];
    expect(weightedScore(thirds, { a: 1 })).toEqual({ ok: true, value: 3_333 });
    expect(weightedScore(thirds, { a: 2 })).toEqual({ ok: true, value: 6_667 });
  });
  it("names missing, unknown and out-of-range scores", () => {
    const r = weightedScore(RUBRIC, { impact: 11, novelty: 3 });
    expect(!r.ok && r.violations.map((v) => [v.rule, v.field])).toEqual([
      ["REVIEW_CRITERIA_MISMATCH", "scores.novelty"],
      ["REVIEW_SCORE_OUT_OF_RANGE", "scores.impact"],
      ["REVIEW_CRITERIA_MISMATCH", "scores.feasibility"],
    ]);
    const half = weightedScore(RUBRIC, { impact: 7.5, feasibility: 2 });
    expect(!half.ok && half.code).toBe("REVIEW_SCORE_OUT_OF_RANGE");
  });
  it("stays within 0..10,000 and rises with any single score", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 5 }), (impact, feasibility) => {
        const a = weightedScore(RUBRIC, { impact, feasibility });
        const b = weightedScore(RUBRIC, { impact: impact + 1, feasibility });
        return a.ok && b.ok && a.value >= 0 && b.value <= 10_000 && b.value > a.value;
      }),
    );
  });
});

describe("summarizeReviews", () => {
  it("counts only submitted reviews toward the minimum and averages them", () => {
    const s = summarizeReviews(
      [
        { reviewerId: "a", status: "submitted", score: 7_000 },
        { reviewerId: "b", status: "recused", score: null },
        { reviewerId: "c", status: "assigned", score: null },
      ],
      2,
    );
    expect(s).toEqual({ submitted: 1, required: 2, complete: false, score: 7_000 });
    const done = summarizeReviews(
      [
        { reviewerId: "a", status: "submitted", score: 7_000 },
        { reviewerId: "c", status: "submitted", score: 8_001 },
      ],
      2,
    );
    expect(done).toEqual({ submitted: 2, required: 2, complete: true, score: 7_501 });
  });
});
