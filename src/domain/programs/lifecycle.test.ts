// The end-to-end scenario in pure domain terms, as the service layer will compose it:
// program and round, three applicants (one ineligible), reviews with one conflict refused, an
// automatic decision, awards drawing the budget down by exactly their value, a tranche release
// and a reclaim.
import { describe, expect, it } from "vitest";
import { releaseTranche } from "./allocation-change.js";
import { allocationKrw, awardAllocation, type AllocationOutcome } from "./allocation.js";
import { decideAutomatically, type DecisionCandidate } from "./auto-decision.js";
import { awardSettingsFor } from "./award-settings.js";
import { remainingBudget, ZERO_AMOUNTS, type BudgetAmounts } from "./budget.js";
import type { EligibilityOrganization } from "./eligibility.js";
import { parseProgram } from "./program.js";
import { assessIdleAllocation, reclaimAllocation } from "./reclaim.js";
import { checkReviewerAssignment, minimumScoreCentipoints, summarizeReviews, weightedScore } from "./review.js";
import { checkRoundSettings, RoundInput } from "./round.js";
import { classReferencePrices } from "./reference-price.js";
import { checkSubmission } from "./submission.js";

const PRICES = classReferencePrices([
  { acceleratorClass: "hopper", refPriceKrwPerHour: 3_500n },
  { acceleratorClass: "hopper", refPriceKrwPerHour: 4_500n },
]);

function must<T>(r: { ok: true; value: T } | { ok: false; violations: readonly unknown[] }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.value;
}

describe("a program's lifecycle", () => {
  it("runs from program to reclaim", () => {
    const program = must(
      parseProgram({
        code: "regional-ai-hub",
        name: { ko: "지역 AI 거점", en: "Regional AI hubs" },
        fiscalYear: 2026,
        budget: { krw: "100000000", acceleratorHours: { hopper: 20_000 } },
        eligibility: { organizationTypes: ["startup", "sme"], regions: ["KR-29", "KR-27", "KR-11"] },
        reservedNonCapitalShareBp: 5_000,
      }),
    );
    const round = must(
      checkRoundSettings(
        RoundInput.parse({
          name: { ko: "2026년 1차", en: "2026 round 1" },
          opensAt: "2026-03-02T09:00",
          closesAt: "2026-03-31T18:00",
          review: {
            minReviewers: 2,
            minimumScore: 60,
            rubric: [
              { key: "impact", label: { ko: "파급효과", en: "Impact" }, weight: 50 },
              { key: "feasibility", label: { ko: "실현가능성", en: "Feasibility" }, weight: 50 },
            ],
          },
          decisionMode: "automatic",
          tranches: [{ shareBp: 5_000, requiresProgressReport: false }, { shareBp: 5_000, requiresProgressReport: true }],
        }),
      ),
    );

    const orgs: Record<string, EligibilityOrganization> = {
      gwangju: { id: "gwangju", type: "sme", region: "KR-29", sector: "C", foundedOn: "2012-05-01" },
      daegu: { id: "daegu", type: "startup", region: "KR-27", sector: "J", foundedOn: "2023-01-10" },
      seoulLarge: { id: "seoul-large", type: "large", region: "KR-11", sector: "C", foundedOn: "1970-01-01" },
    };
    const request = (hours: bigint) => ({ grants: [{ acceleratorClass: "hopper", acceleratorHours: hours, maxConcurrent: 8 }], startsAt: "2026-04-01T00:00:00Z", endsAt: "2026-06-30T00:00:00Z" });
    const submit = (org: EligibilityOrganization, hours: bigint) =>
      checkSubmission({ program, round, state: "draft", request: request(hours), applicant: { organization: org, activeAwardCount: 0, awardedHours: {} }, at: "2026-03-10T02:00:00Z" });

    expect(submit(orgs.gwangju!, 12_000n)).toEqual({ ok: true, value: "submitted" });
    expect(submit(orgs.daegu!, 6_000n)).toEqual({ ok: true, value: "submitted" });
    const refused = submit(orgs.seoulLarge!, 1_000n);
    expect(!refused.ok && refused.violations.map((v) => v.rule)).toEqual(["PROGRAM_INELIGIBLE_TYPE"]);

    // A reviewer from the Gwangju company is refused for its application; one with a declared conflict too.
    const gwangjuApp = { applicationId: "app-gwangju", organizationId: "gwangju", assignedReviewerIds: [] };
    const sameOrg = checkReviewerAssignment({ personId: "kim", organizationIds: ["gwangju"], conflicts: [] }, gwangjuApp);
    expect(!sameOrg.ok && sameOrg.code).toBe("REVIEWER_SAME_ORGANIZATION");
    const conflicted = checkReviewerAssignment({ personId: "lee", organizationIds: ["kaist"], conflicts: [{ kind: "application", applicationId: "app-gwangju" }] }, gwangjuApp);
    expect(!conflicted.ok && conflicted.code).toBe("REVIEWER_CONFLICT");
    expect(checkReviewerAssignment({ personId: "park", organizationIds: ["postech"], conflicts: [] }, gwangjuApp).ok).toBe(true);

    const score = (impact: number, feasibility: number) => must(weightedScore(round.review.rubric, { impact, feasibility }));
    const candidates: DecisionCandidate[] = [
      {
        applicationId: "app-gwangju",
        organizationId: "gwangju",
        region: "KR-29",
        submittedAt: "2026-03-10T02:00:00Z",
        reviews: summarizeReviews([{ reviewerId: "park", status: "submitted", score: score(9, 8) }, { reviewerId: "choi", status: "submitted", score: score(8, 8) }], round.review.minReviewers),
        acceleratorHours: { hopper: 12_000n },
      },
      {
        applicationId: "app-daegu",
        organizationId: "daegu",
        region: "KR-27",
        submittedAt: "2026-03-10T02:00:00Z",
        reviews: summarizeReviews([{ reviewerId: "park", status: "submitted", score: score(7, 7) }, { reviewerId: "choi", status: "submitted", score: score(6, 7) }], round.review.minReviewers),
        acceleratorHours: { hopper: 6_000n },
      },
    ];
    const decision = decideAutomatically(program, candidates, { committed: ZERO_AMOUNTS, capitalCommitted: ZERO_AMOUNTS, awardedHoursByOrganization: {}, activeAwardsByOrganization: {} }, minimumScoreCentipoints(round.review.minimumScore), PRICES);
    // 12,000 h x 4,500 = 54 million won and 6,000 h = 27 million: 81 of the 100 million won.
    expect(decision.acceptedIds).toEqual(["app-gwangju", "app-daegu"]);

    let committed: BudgetAmounts = ZERO_AMOUNTS;
    const outcomes: Record<string, AllocationOutcome> = {};
    for (const [id, org, hours] of [["app-gwangju", orgs.gwangju!, 12_000n], ["app-daegu", orgs.daegu!, 6_000n]] as const) {
      const award = awardSettingsFor(request(hours), round);
      const before = committed;
      const outcome = must(awardAllocation({ programId: "regional-ai-hub", program, committed }, award, org.type, PRICES, "2026-04-01T00:00:00Z"));
      committed = outcome.committed;
      expect(committed.krw - before.krw).toBe(allocationKrw(outcome.allocation)); // drawn down by exactly the award
      outcomes[id] = outcome;
    }
    expect(remainingBudget(program.budget, committed)).toEqual({ krw: 100_000_000n - 81_000_000n, acceleratorHours: { hopper: 2_000n } });
    expect(outcomes["app-gwangju"]!.cost).toEqual({ totalKrw: 54_000_000n, coPayKrw: 10_800_000n, governmentKrw: 43_200_000n });

    // The Gwangju project reports progress; its second tranche is released.
    const gwangju = outcomes["app-gwangju"]!;
    const released = must(releaseTranche({ programId: "regional-ai-hub", program, committed }, gwangju.allocation, 1, "approved", "2026-05-01T00:00:00Z"));
    expect(released.allocation.grants[0]!.releasedHours).toBe(12_000n);
    expect(released.budgetDelta.krw).toBe(0n);

    // The Daegu startup leaves its hours idle for 30 days: half the unused released hours return.
    const daegu = outcomes["app-daegu"]!;
    const used = { hopper: { acceleratorSeconds: 10n * 3_600n, krw: 45_000n } };
    const verdict = assessIdleAllocation(daegu.allocation, program.reclaim, used, used, "2026-05-15T00:00:00Z");
    expect(verdict.idle).toBe(true);
    const reclaimed = must(reclaimAllocation({ programId: "regional-ai-hub", program, committed: released.committed }, daegu.allocation, verdict, used));
    // (3,000 released - 10 used) x 50 % = 1,495 hours at the award's 4,500 won.
    expect(reclaimed.budgetDelta).toEqual({ krw: -1_495n * 4_500n, acceleratorHours: { hopper: -1_495n } });
    expect(reclaimed.queue.resources[0]!.acceleratorHours).toBe(1_505n);
  });
});
