import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RegionCode } from "../regions.js";
import { acceptanceViolations, decideAutomatically, type DecisionCandidate, type DecisionStanding } from "./auto-decision.js";
import { ZERO_AMOUNTS } from "./budget.js";
import { EligibilityRulesInput, type ProgramSettings } from "./program.js";
import { programFixture } from "./testfixtures.js";

const PRICES = { hopper: 1_000n, npu: 100n };

/** 1,000 hopper hours, 1,000,000 won: every hour costs 1,000 won, so hours and KRW bind together. */
function program(overrides: Partial<ProgramSettings> = {}): ProgramSettings {
  return { ...programFixture({ budget: { krw: 1_000_000, acceleratorHours: { hopper: 1_000 } } }), ...overrides };
}

const EMPTY: DecisionStanding = { committed: ZERO_AMOUNTS, capitalCommitted: ZERO_AMOUNTS, awardedHoursByOrganization: {}, activeAwardsByOrganization: {} };

let seq = 0;
function candidate(id: string, score: number | null, hours: number, overrides: Partial<DecisionCandidate> = {}): DecisionCandidate {
  seq += 1;
  return {
    applicationId: id,
    organizationId: `org-${id}`,
    region: "KR-29",
    submittedAt: new Date(Date.UTC(2026, 2, 1, 0, 0, seq)).toISOString(),
    reviews: { submitted: 2, required: 2, complete: score !== null, score },
    acceleratorHours: { hopper: BigInt(hours) },
    ...overrides,
  };
}

function outcome(p: ProgramSettings, cs: DecisionCandidate[], minimum = 0, standing = EMPTY) {
  const d = decideAutomatically(p, cs, standing, minimum, PRICES);
  return Object.fromEntries(d.decisions.map((x) => [x.applicationId, x.accepted ? "accepted" : x.reasons.map((r) => r.rule).join("+")]));
}

describe("decideAutomatically", () => {
  it("accepts best scores first and skips what no longer fits, taking smaller ones further down", () => {
    const result = outcome(program(), [candidate("a", 9_000, 600), candidate("b", 8_000, 600), candidate("c", 7_000, 400), candidate("d", 6_000, 1)]);
    expect(result).toEqual({ a: "accepted", b: "PROGRAM_BUDGET_EXCEEDED+PROGRAM_BUDGET_EXCEEDED", c: "accepted", d: "PROGRAM_BUDGET_EXCEEDED+PROGRAM_BUDGET_EXCEEDED" });
  });

  it("refuses incomplete reviews and scores below the minimum", () => {
    const result = outcome(program(), [candidate("a", null, 10), candidate("b", 5_999, 10), candidate("c", 6_000, 10)], 6_000);
    expect(result).toEqual({ a: "REVIEWS_INCOMPLETE", b: "REVIEW_SCORE_BELOW_MINIMUM", c: "accepted" });
  });

  it("keeps the reserved share for organizations outside the capital region", () => {
    // 30 % reserved: capital-region awards may use at most 700 hours.
    const p = program({ reservedNonCapitalShareBp: 3_000 });
    const seoul: Partial<DecisionCandidate> = { region: "KR-11" as RegionCode };
    const result = outcome(p, [candidate("s1", 9_500, 500, seoul), candidate("s2", 9_400, 300, seoul), candidate("g1", 9_000, 300), candidate("s3", 8_000, 200, seoul)]);
    expect(result).toEqual({ s1: "accepted", s2: "PROGRAM_REGIONAL_RESERVE+PROGRAM_REGIONAL_RESERVE", g1: "accepted", s3: "accepted" });
  });

  it("applies the concentration cap and the concurrent-award limit across the run and the standing", () => {
    const p = program({ eligibility: EligibilityRulesInput.parse({ concentrationCapBp: 3_000, maxConcurrentAwardsPerOrganization: 2 }) });
    const sameOrg = { organizationId: "org-x" };
    const standing: DecisionStanding = { ...EMPTY, awardedHoursByOrganization: { "org-x": { hopper: 100n } }, activeAwardsByOrganization: { "org-x": 1 } };
    const result = outcome(p, [candidate("a", 9_000, 150, sameOrg), candidate("b", 8_000, 100, sameOrg), candidate("c", 7_000, 50, sameOrg)], 0, standing);
    expect(result).toEqual({ a: "accepted", b: "PROGRAM_CONCENTRATION_CAP+PROGRAM_MAX_CONCURRENT_AWARDS", c: "PROGRAM_MAX_CONCURRENT_AWARDS" });
  });

  it("breaks ties by submission time, then application id", () => {
    const at = "2026-03-01T00:00:00.000Z";
    const d = decideAutomatically(
      program(),
      [candidate("z", 8_000, 600, { submittedAt: at }), candidate("b", 8_000, 600, { submittedAt: at }), candidate("late", 8_000, 600)],
      EMPTY,
      0,
      PRICES,
    );
    expect(d.decisions.map((x) => [x.applicationId, x.rank, x.accepted])).toEqual([
      ["b", 1, true],
      ["z", 2, false],
      ["late", 3, false],
    ]);
  });

  const candidates = fc.array(
    fc.record({
      score: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
      hours: fc.integer({ min: 1, max: 600 }),
      capital: fc.boolean(),
      org: fc.integer({ min: 0, max: 5 }),
    }),
    { maxLength: 25 },
  );
  const build = (raw: { score: number | null; hours: number; capital: boolean; org: number }[]) =>
    raw.map((r, i) => candidate(`app-${String(i).padStart(2, "0")}`, r.score, r.hours, {
      region: (r.capital ? "KR-41" : "KR-48") as RegionCode,
      organizationId: `org-${r.org}`,
      submittedAt: new Date(Date.UTC(2026, 2, 1, 0, 0, i)).toISOString(),
    }));

  it("never over-commits, never lets the capital region into the reserve, and never depends on input order", () => {
    const p = program({ reservedNonCapitalShareBp: 2_500, eligibility: EligibilityRulesInput.parse({ concentrationCapBp: 4_000, maxConcurrentAwardsPerOrganization: 2 }) });
    fc.assert(
      fc.property(candidates.chain((raw) => fc.tuple(fc.constant(raw), fc.shuffledSubarray(build(raw), { minLength: raw.length }))), ([raw, shuffled]) => {
        const cs = build(raw);
        const d = decideAutomatically(p, cs, EMPTY, 5_000, PRICES);
        const again = decideAutomatically(p, shuffled, EMPTY, 5_000, PRICES);
        if (JSON.stringify(again.acceptedIds) !== JSON.stringify(d.acceptedIds)) return false;
        const accepted = cs.filter((c) => d.acceptedIds.includes(c.applicationId));
        const total = accepted.reduce((s, c) => s + c.acceleratorHours.hopper!, 0n);
        const capital = accepted.filter((c) => c.region === "KR-41").reduce((s, c) => s + c.acceleratorHours.hopper!, 0n);
        const perOrg = new Map<string, bigint>();
        for (const c of accepted) perOrg.set(c.organizationId, (perOrg.get(c.organizationId) ?? 0n) + c.acceleratorHours.hopper!);
        return (
          total <= 1_000n &&
          capital <= 750n &&
          d.committed.krw === total * 1_000n &&
          [...perOrg.values()].every((h) => h <= 400n) &&
          accepted.every((c) => c.reviews.score !== null && c.reviews.score >= 5_000)
        );
      }),
    );
  });

  it("lets a manager accept below the minimum score by hand, but not past the reserve or the budget", () => {
    const p = program({ reservedNonCapitalShareBp: 3_000 });
    const standing = { committed: ZERO_AMOUNTS, capitalCommitted: { krw: 600_000n, acceleratorHours: { hopper: 600n } }, organizationHours: {}, organizationActiveAwards: 0 };
    expect(acceptanceViolations(p, candidate("low", 1_000, 100), standing, null, PRICES)).toEqual([]);
    expect(acceptanceViolations(p, candidate("low", 1_000, 100), standing, 6_000, PRICES).map((v) => v.rule)).toEqual(["REVIEW_SCORE_BELOW_MINIMUM"]);
    const seoul = candidate("seoul", 9_000, 101, { region: "KR-11" as RegionCode });
    expect(acceptanceViolations(p, seoul, standing, null, PRICES).map((v) => [v.rule, v.field])).toEqual([
      ["PROGRAM_REGIONAL_RESERVE", "budget.krw"],
      ["PROGRAM_REGIONAL_RESERVE", "acceleratorHours.hopper"],
    ]);
  });
});
