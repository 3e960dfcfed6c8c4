import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyAllocationChange,
  endAllocation,
  extendAllocation,
  reduceAllocation,
  releaseTranche,
  supplementAllocation,
  usedHours,
  type AllocationChange,
} from "./allocation-change.js";
import { allocationCommitment, awardAllocation, AwardInput, type Allocation, type AllocationContext, type AllocationOutcome } from "./allocation.js";
import { ZERO_AMOUNTS, type BudgetAmounts } from "./budget.js";
import type { RuleResult } from "./rule-result.js";
import { programFixture } from "./testfixtures.js";

const PRICES = { hopper: 4_500n, npu: 1_200n };
const AT = "2026-03-01T00:00:00.000Z";
const PROGRAM = programFixture();

function ctx(committed: BudgetAmounts): AllocationContext {
  return { programId: "prog-1", program: PROGRAM, committed };
}

function value(r: RuleResult<AllocationOutcome>): AllocationOutcome {
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.value;
}

/** 8 hopper accelerators, 8,640 h over 90 days, in two tranches 50/50, the second after a report. */
function awarded(): AllocationOutcome {
  const award = AwardInput.parse({
    grants: [{ acceleratorClass: "hopper", acceleratorHours: 8_640, maxConcurrent: 8 }],
    startsAt: "2026-03-01T00:00:00+09:00",
    endsAt: "2026-05-30T00:00:00+09:00",
    tranches: [
      { shareBp: 5_000, requiresProgressReport: false },
      { shareBp: 5_000, requiresProgressReport: true, releasableFrom: "2026-04-01T00:00:00+09:00" },
    ],
  });
  return value(awardAllocation(ctx(ZERO_AMOUNTS), award, "sme", PRICES, AT));
}

describe("extendAllocation", () => {
  it("keeps the hours, lowers the weight, commits nothing", () => {
    const a = awarded();
    const r = value(extendAllocation(ctx(a.committed), a.allocation, "2026-08-28T00:00:00+09:00"));
    expect(r.budgetDelta).toEqual({ krw: 0n, acceleratorHours: {} });
    expect(r.queue.resources[0]!.fairShareWeight).toBeCloseTo(4_320 / 4_320, 10); // 4,320 released h over 180 days
    expect(r.allocation.endsAt).toBe("2026-08-27T15:00:00.000Z");
  });
  it("refuses an extension that does not end later", () => {
    const a = awarded();
    const r = extendAllocation(ctx(a.committed), a.allocation, a.allocation.endsAt);
    expect(!r.ok && r.code).toBe("ALLOCATION_CHANGE_INVALID");
  });
});

describe("releaseTranche", () => {
  it("releases the second tranche after an approved report, on or after its date", () => {
    const a = awarded();
    const r = value(releaseTranche(ctx(a.committed), a.allocation, 1, "approved", "2026-04-01T00:00:00+09:00"));
    expect(r.allocation.grants[0]!.releasedHours).toBe(8_640n);
    expect(r.queue.resources[0]!.fairShareWeight).toBeCloseTo(4, 10);
    expect(r.budgetDelta).toEqual({ krw: 0n, acceleratorHours: {} });
    expect(r.allocation.tranches[1]!.status).toBe("released");
  });
  it.each([
    ["without an approved report", 1, "submitted", "2026-04-02T00:00:00+09:00", "tranches.1.requiresProgressReport"],
    ["before its date", 1, "approved", "2026-03-31T23:59:59+09:00", "tranches.1.releasableFrom"],
    ["twice", 0, "approved", "2026-04-02T00:00:00+09:00", "tranches.0"],
    ["when it does not exist", 5, "approved", "2026-04-02T00:00:00+09:00", "tranches.5"],
  ] as const)("refuses a release %s", (_name, index, report, at, field) => {
    const a = awarded();
    const r = releaseTranche(ctx(a.committed), a.allocation, index, report, at);
    expect(!r.ok && r.violations.map((v) => [v.rule, v.field])).toEqual([["TRANCHE_NOT_RELEASABLE", field]]);
  });
});

describe("supplementAllocation", () => {
  it("adds released hours at the award's price, raises C and commits the difference", () => {
    const a = awarded();
    const r = value(supplementAllocation(ctx(a.committed), a.allocation, [{ acceleratorClass: "hopper", acceleratorHours: 1_000n, maxConcurrent: 16 }], { hopper: 9_999n }, "2026-03-10T00:00:00Z"));
    expect(r.budgetDelta).toEqual({ krw: 4_500_000n, acceleratorHours: { hopper: 1_000n } });
    expect(r.cost).toEqual({ totalKrw: 4_500_000n, coPayKrw: 900_000n, governmentKrw: 3_600_000n });
    expect(r.allocation.grants[0]).toMatchObject({ committedHours: 9_640n, releasedHours: 5_320n, maxConcurrent: 16 });
    expect(r.queue.resources[0]).toMatchObject({ nominalQuota: 16, borrowingLimit: 16 });
  });
  it("adds a new class priced at its reference price", () => {
    const a = awarded();
    const r = value(supplementAllocation(ctx(a.committed), a.allocation, [{ acceleratorClass: "npu", acceleratorHours: 100n, maxConcurrent: 2 }], PRICES, AT));
    expect(r.budgetDelta).toEqual({ krw: 120_000n, acceleratorHours: { npu: 100n } });
    expect(r.queue.resources.map((q) => q.acceleratorClass)).toEqual(["hopper", "npu"]);
  });
  it("refuses a supplement past the budget", () => {
    const a = awarded();
    const full = { krw: 10_000_000_000n, acceleratorHours: a.committed.acceleratorHours };
    const r = supplementAllocation(ctx(full), a.allocation, [{ acceleratorClass: "hopper", acceleratorHours: 1n }], PRICES, AT);
    expect(!r.ok && r.code).toBe("PROGRAM_BUDGET_EXCEEDED");
  });
});

describe("reduceAllocation", () => {
  it("returns reduced hours and their KRW to the program", () => {
    const a = awarded();
    const usage = { hopper: { acceleratorSeconds: 100n * 3_600n + 1n, krw: 0n } }; // 101 h counted
    const r = value(reduceAllocation(ctx(a.committed), a.allocation, { hopper: 4_219n }, usage));
    expect(r.budgetDelta).toEqual({ krw: -4_219n * 4_500n, acceleratorHours: { hopper: -4_219n } });
    expect(r.allocation.grants[0]).toMatchObject({ releasedHours: 101n, committedHours: 4_421n });
    const tooMuch = reduceAllocation(ctx(a.committed), a.allocation, { hopper: 4_220n }, usage);
    expect(!tooMuch.ok && tooMuch.code).toBe("RECLAIM_NOT_ALLOWED");
  });
});

describe("endAllocation", () => {
  it("returns everything committed but unused, cancels pending tranches and closes the queue", () => {
    const a = awarded();
    const usage = { hopper: { acceleratorSeconds: 1_000n * 3_600n, krw: 3_500_000n } }; // used on H100s at 3,500
    const r = value(endAllocation(ctx(a.committed), a.allocation, usage, "2026-04-01T00:00:00Z"));
    expect(r.budgetDelta).toEqual({ krw: 3_500_000n - 38_880_000n, acceleratorHours: { hopper: 1_000n - 8_640n } });
    expect(r.committed).toEqual({ krw: 3_500_000n, acceleratorHours: { hopper: 1_000n } });
    expect(r.allocation.tranches.map((t) => t.status)).toEqual(["released", "cancelled"]);
    expect(r.allocation.endsAt).toBe("2026-04-01T00:00:00.000Z");
    expect(r.queue.active).toBe(false);
    expect(r.cost.coPayKrw).toBe(700_000n - 7_776_000n);
    const again = endAllocation(ctx(r.committed), r.allocation, usage, "2026-04-02T00:00:00Z");
    expect(!again.ok && again.code).toBe("ALLOCATION_STATE_INVALID");
  });
  it("refuses every change once ended", () => {
    const a = awarded();
    const ended = value(endAllocation(ctx(a.committed), a.allocation, {}, AT));
    for (const r of [
      extendAllocation(ctx(ended.committed), ended.allocation, "2027-01-01T00:00:00Z"),
      releaseTranche(ctx(ended.committed), ended.allocation, 1, "approved", "2026-05-01T00:00:00Z"),
      supplementAllocation(ctx(ended.committed), ended.allocation, [{ acceleratorClass: "hopper", acceleratorHours: 1n }], PRICES, AT),
    ]) {
      expect(!r.ok && r.code).toBe("ALLOCATION_STATE_INVALID");
    }
  });
});

describe("usedHours", () => {
  it("rounds started hours up", () => {
    expect(usedHours(undefined)).toBe(0n);
    expect(usedHours({ acceleratorSeconds: 3_600n, krw: 0n })).toBe(1n);
    expect(usedHours({ acceleratorSeconds: 3_601n, krw: 0n })).toBe(2n);
  });
});

describe("invariants over any sequence of changes", () => {
  const change: fc.Arbitrary<AllocationChange> = fc.oneof(
    fc.integer({ min: 1, max: 400 }).map((days) => ({ kind: "extension" as const, endsAt: new Date(Date.parse("2026-05-29T15:00:00Z") + days * 86_400_000).toISOString() })),
    fc.bigInt({ min: 1n, max: 30_000n }).map((h) => ({ kind: "supplement" as const, grants: [{ acceleratorClass: "hopper", acceleratorHours: h }], referencePrices: PRICES })),
    fc.constantFrom<AllocationChange>({ kind: "tranche_release", trancheIndex: 1, progressReport: "approved" }),
    fc.bigInt({ min: 0n, max: 5_000n }).map((r) => ({ kind: "reduction" as const, reductions: { hopper: r }, usage: {} })),
    fc.bigInt({ min: 0n, max: 9_000n }).map((h) => ({ kind: "end" as const, usage: { hopper: { acceleratorSeconds: h * 3_600n, krw: h * 4_000n } } })),
  );
  it("keeps the program's commitment equal to the sum of its allocations and within budget", () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 12 }), (changes) => {
        const first = awarded();
        let allocation: Allocation = first.allocation;
        let committed = first.committed;
        for (const c of changes) {
          const r = applyAllocationChange(ctx(committed), allocation, c, "2026-04-15T00:00:00Z");
          if (!r.ok) continue;
          allocation = r.value.allocation;
          committed = r.value.committed;
          const own = allocationCommitment(allocation);
          if (own.krw !== committed.krw || (own.acceleratorHours.hopper ?? 0n) !== (committed.acceleratorHours.hopper ?? 0n)) return false;
          if (committed.krw > PROGRAM.budget.krw || (committed.acceleratorHours.hopper ?? 0n) > PROGRAM.budget.acceleratorHours.hopper!) return false;
          const g = allocation.grants[0]!;
          if (g.releasedHours > g.committedHours || g.releasedHours < 0n) return false;
        }
        return true;
      }),
    );
  });
});
