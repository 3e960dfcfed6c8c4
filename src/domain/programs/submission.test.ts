import { describe, expect, it } from "vitest";
import { EligibilityRulesInput } from "./program.js";
import { RoundInput } from "./round.js";
import { checkSubmission, type SubmissionCheck } from "./submission.js";
import { organizationFixture, programFixture } from "./testfixtures.js";

const ROUND = RoundInput.parse({
  name: { ko: "1차", en: "Round 1" },
  opensAt: "2026-03-02T09:00",
  closesAt: "2026-03-31T18:00",
  requestLimits: { maxAcceleratorHours: { hopper: 5_000 } },
  review: { rubric: [{ key: "impact", label: { ko: "파급효과", en: "Impact" }, weight: 1 }] },
});

function check(overrides: Partial<SubmissionCheck> = {}): SubmissionCheck {
  return {
    program: programFixture({ eligibility: EligibilityRulesInput.parse({ regions: ["KR-29"], startupMaxAgeYears: 7 }) }),
    round: ROUND,
    state: "draft",
    request: { grants: [{ acceleratorClass: "hopper", acceleratorHours: 1_000n, maxConcurrent: 4 }], startsAt: "2026-04-01T00:00:00Z", endsAt: "2026-07-01T00:00:00Z" },
    applicant: { organization: organizationFixture(), activeAwardCount: 0, awardedHours: {} },
    at: "2026-03-10T01:00:00Z",
    ...overrides,
  };
}

describe("checkSubmission", () => {
  it("submits an eligible draft in an open round", () => {
    expect(checkSubmission(check())).toEqual({ ok: true, value: "submitted" });
    expect(checkSubmission(check({ state: "revision_requested" }))).toEqual({ ok: true, value: "submitted" });
  });
  it("refuses a second submission by state, and a late one by the round", () => {
    const twice = checkSubmission(check({ state: "submitted" }));
    expect(!twice.ok && twice.code).toBe("APPLICATION_STATE_INVALID");
    const late = checkSubmission(check({ at: "2026-03-31T09:00:00Z" }));
    expect(!late.ok && late.code).toBe("ROUND_CLOSED");
  });
  it("names every limit and eligibility failure at once", () => {
    const r = checkSubmission(
      check({
        request: { grants: [{ acceleratorClass: "hopper", acceleratorHours: 6_000n, maxConcurrent: 4 }], startsAt: "2026-04-01T00:00:00Z", endsAt: "2026-07-01T00:00:00Z" },
        applicant: { organization: organizationFixture({ type: "startup", region: "KR-11", foundedOn: "2019-03-10" }), activeAwardCount: 0, awardedHours: {} },
      }),
    );
    expect(!r.ok && r.violations.map((v) => v.rule)).toEqual(["APPLICATION_REQUEST_TOO_LARGE", "PROGRAM_INELIGIBLE_REGION", "PROGRAM_STARTUP_TOO_OLD"]);
  });
  it("counts startup age on the Seoul calendar date", () => {
    // 2026-03-09T15:00Z is already 10 March in Seoul: the seventh anniversary of 2019-03-10.
    const startup = { organization: organizationFixture({ type: "startup", foundedOn: "2019-03-10" }), activeAwardCount: 0, awardedHours: {} };
    expect(checkSubmission(check({ applicant: startup, at: "2026-03-09T14:59:59Z" })).ok).toBe(true);
    const r = checkSubmission(check({ applicant: startup, at: "2026-03-09T15:00:00Z" }));
    expect(!r.ok && r.code).toBe("PROGRAM_STARTUP_TOO_OLD");
  });
});
