import { describe, expect, it } from "vitest";
import { addYears, checkEligibility, eligibilityViolations, type EligibilityApplicant } from "./eligibility.js";
import { EligibilityRulesInput } from "./program.js";
import { organizationFixture, programFixture } from "./testfixtures.js";

function applicant(overrides: Partial<EligibilityApplicant> = {}): EligibilityApplicant {
  return {
    organization: organizationFixture(),
    activeAwardCount: 0,
    awardedHours: {},
    requestedHours: { hopper: 1_000n },
    ...overrides,
  };
}

const TODAY = "2026-11-29";

describe("eligibilityViolations", () => {
  it("admits an applicant that every rule admits", () => {
    expect(eligibilityViolations(programFixture(), applicant(), TODAY)).toEqual([]);
  });

  it.each([
    ["type", { organizationTypes: ["startup", "sme"] }, { type: "large" }, "PROGRAM_INELIGIBLE_TYPE", "organization.type"],
    ["region", { regions: ["KR-29", "KR-27"] }, { region: "KR-11" }, "PROGRAM_INELIGIBLE_REGION", "organization.region"],
    ["sector", { sectors: ["C"] }, { sector: "J" }, "PROGRAM_INELIGIBLE_SECTOR", "organization.sector"],
    ["startup age", { startupMaxAgeYears: 7 }, { type: "startup", foundedOn: "2019-11-29" }, "PROGRAM_STARTUP_TOO_OLD", "organization.foundedOn"],
  ] as const)("refuses by %s", (_name, rules, org, code, field) => {
    const program = programFixture({ eligibility: EligibilityRulesInput.parse(rules) });
    const found = eligibilityViolations(program, applicant({ organization: organizationFixture(org) }), TODAY);
    expect(found.map((v) => [v.rule, v.field])).toEqual([[code, field]]);
    expect(found[0]!.message.length).toBeGreaterThan(10);
  });

  it("counts startup age to the day before the anniversary, and only for startups", () => {
    const program = programFixture({ eligibility: EligibilityRulesInput.parse({ startupMaxAgeYears: 7 }) });
    const startup = (foundedOn: string) => applicant({ organization: organizationFixture({ type: "startup", foundedOn }) });
    expect(eligibilityViolations(program, startup("2019-11-30"), TODAY)).toEqual([]);
    expect(eligibilityViolations(program, startup("2019-11-29"), TODAY)).toHaveLength(1);
    const oldSme = applicant({ organization: organizationFixture({ type: "sme", foundedOn: "1990-01-01" }) });
    expect(eligibilityViolations(program, oldSme, TODAY)).toEqual([]);
  });

  it("moves a leap-day anniversary to 1 March", () => {
    expect(addYears("2020-02-29", 1)).toBe("2021-03-01");
    expect(addYears("2020-02-29", 4)).toBe("2024-02-29");
  });

  it("refuses the application that would pass the concurrent-award limit", () => {
    const program = programFixture({ eligibility: EligibilityRulesInput.parse({ maxConcurrentAwardsPerOrganization: 2 }) });
    expect(eligibilityViolations(program, applicant({ activeAwardCount: 1 }), TODAY)).toEqual([]);
    expect(eligibilityViolations(program, applicant({ activeAwardCount: 2 }), TODAY).map((v) => v.rule)).toEqual(["PROGRAM_MAX_CONCURRENT_AWARDS"]);
  });

  it("counts awarded and requested hours against the concentration cap, at the boundary", () => {
    // 5 % of 100,000 hopper hours is 5,000.
    const program = programFixture({ eligibility: EligibilityRulesInput.parse({ concentrationCapBp: 500 }) });
    expect(eligibilityViolations(program, applicant({ awardedHours: { hopper: 4_000n }, requestedHours: { hopper: 1_000n } }), TODAY)).toEqual([]);
    const over = eligibilityViolations(program, applicant({ awardedHours: { hopper: 4_000n }, requestedHours: { hopper: 1_001n } }), TODAY);
    expect(over.map((v) => [v.rule, v.field])).toEqual([["PROGRAM_CONCENTRATION_CAP", "request.acceleratorHours.hopper"]]);
  });

  it("refuses a class the program does not fund", () => {
    const found = eligibilityViolations(programFixture(), applicant({ requestedHours: { blackwell: 10n } }), TODAY);
    expect(found.map((v) => v.rule)).toEqual(["PROGRAM_CLASS_NOT_FUNDED"]);
  });

  it("names every failing rule at once, in a stable order", () => {
    const program = programFixture({
      eligibility: EligibilityRulesInput.parse({
        organizationTypes: ["startup"],
        regions: ["KR-29"],
        sectors: ["C"],
        maxConcurrentAwardsPerOrganization: 1,
        concentrationCapBp: 100,
      }),
    });
    const result = checkEligibility(
      program,
      applicant({ organization: organizationFixture({ type: "large", region: "KR-11", sector: "J" }), activeAwardCount: 1, requestedHours: { hopper: 5_000n, blackwell: 1n } }),
      TODAY,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("PROGRAM_INELIGIBLE_TYPE");
    expect(result.violations.map((v) => v.rule)).toEqual([
      "PROGRAM_INELIGIBLE_TYPE",
      "PROGRAM_INELIGIBLE_REGION",
      "PROGRAM_INELIGIBLE_SECTOR",
      "PROGRAM_MAX_CONCURRENT_AWARDS",
      "PROGRAM_CONCENTRATION_CAP",
      "PROGRAM_CLASS_NOT_FUNDED",
    ]);
  });

  it("treats a class named like an Object member as unfunded, not as funded", () => {
    const found = eligibilityViolations(programFixture(), applicant({ requestedHours: { constructor: 1n, tostring: 1n } }), TODAY);
    expect(found.map((v) => v.rule)).toEqual(["PROGRAM_CLASS_NOT_FUNDED", "PROGRAM_CLASS_NOT_FUNDED"]);
  });
});
