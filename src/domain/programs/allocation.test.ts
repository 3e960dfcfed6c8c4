import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awardAllocation, AwardInput, splitByTranches, type AllocationContext } from "./allocation.js";
import { checkBudgetRevision, commitBudget, ZERO_AMOUNTS, type BudgetAmounts } from "./budget.js";
import { queueFromAllocation } from "./queue-from-allocation.js";
import { classReferencePrices } from "./reference-price.js";
import { programFixture } from "./testfixtures.js";

// Prices from the national fleet file: hopper = max(h100 3,500, h200 4,500); npu = max(1,200, 800).
const PRICES = classReferencePrices([
  { acceleratorClass: "hopper", refPriceKrwPerHour: 3_500n },
  { acceleratorClass: "hopper", refPriceKrwPerHour: 4_500n },
  { acceleratorClass: "npu", refPriceKrwPerHour: 1_200n },
  { acceleratorClass: "npu", refPriceKrwPerHour: 800n },
]);

const AT = "2026-03-01T00:00:00.000Z";

function context(committed: BudgetAmounts = ZERO_AMOUNTS, overrides: Parameters<typeof programFixture>[0] = {}): AllocationContext {
  return { programId: "prog-1", program: programFixture(overrides), committed };
}

/** 8 H100-class accelerators for 90 days (2,160 hours): H = 8,640 accelerator-hours (half the capacity). */
function award(overrides: Partial<AwardInput> = {}) {
  return AwardInput.parse({
    grants: [{ acceleratorClass: "hopper", acceleratorHours: "8640", maxConcurrent: 8 }],
    startsAt: "2026-03-01T00:00:00+09:00",
    endsAt: "2026-05-30T00:00:00+09:00",
    ...overrides,
  });
}

describe("classReferencePrices", () => {
  it("takes the highest model price of each class", () => {
    expect(PRICES).toEqual({ hopper: 4_500n, npu: 1_200n });
  });
});

describe("awardAllocation", () => {
  it("commits H x the class reference price and derives the queue by DESIGN.md's rule", () => {
    const r = awardAllocation(context(), award(), "sme", PRICES, AT);
    if (!r.ok) throw new Error(JSON.stringify(r.violations));
    const { allocation, queue, budgetDelta, committed, cost } = r.value;
    expect(budgetDelta).toEqual({ krw: 8_640n * 4_500n, acceleratorHours: { hopper: 8_640n } });
    expect(committed).toEqual(budgetDelta);
    expect(cost).toEqual({ totalKrw: 38_880_000n, coPayKrw: 7_776_000n, governmentKrw: 31_104_000n });
    expect(allocation.grants[0]).toMatchObject({ committedHours: 8_640n, releasedHours: 8_640n, referencePriceKrw: 4_500n });
    // P = 90 days = 2,160 h; H / P = 4 accelerators on average.
    expect(queue).toEqual({
      cohort: "prog-1",
      active: true,
      priorityTier: 0,
      resources: [{ acceleratorClass: "hopper", nominalQuota: 8, fairShareWeight: 4, borrowingLimit: 8, lendingLimit: 8, acceleratorHours: 8_640n }],
    });
  });

  it("applies the program's borrow factor to the borrowing limit", () => {
    const r = awardAllocation(context(ZERO_AMOUNTS, { borrowFactor: 1.5 }), award(), "sme", PRICES, AT);
    expect(r.ok && r.value.queue.resources[0]!.borrowingLimit).toBe(12);
  });

  it("releases only the first tranche and weighs the queue by released hours", () => {
    const r = awardAllocation(
      context(),
      award({ tranches: [{ shareBp: 6_000, requiresProgressReport: false }, { shareBp: 4_000, requiresProgressReport: true }] }),
      "startup",
      PRICES,
      AT,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.violations));
    expect(r.value.allocation.grants[0]).toMatchObject({ committedHours: 8_640n, releasedHours: 5_184n });
    expect(r.value.allocation.tranches.map((t) => t.status)).toEqual(["released", "pending"]);
    expect(r.value.queue.resources[0]!.fairShareWeight).toBeCloseTo(2.4, 10);
    expect(r.value.budgetDelta.krw).toBe(8_640n * 4_500n); // the whole award is committed at once
  });

  it("refuses an award the budget cannot cover, naming the line", () => {
    const nearlyFull = { krw: 10_000_000_000n - 1_000n, acceleratorHours: { hopper: 0n } };
    const r = awardAllocation(context(nearlyFull), award(), "sme", PRICES, AT);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.violations.map((v) => [v.rule, v.field])).toEqual([["PROGRAM_BUDGET_EXCEEDED", "budget.krw"]]);
    const hoursFull = { krw: 0n, acceleratorHours: { hopper: 100_000n - 8_639n } };
    const h = awardAllocation(context(hoursFull), award(), "sme", PRICES, AT);
    expect(!h.ok && h.violations.map((v) => v.field)).toEqual(["budget.acceleratorHours.hopper"]);
  });

  it("reports every award problem at once", () => {
    const r = awardAllocation(
      context(),
      award({
        grants: [
          { acceleratorClass: "hopper", acceleratorHours: "100000", maxConcurrent: 8 },
          { acceleratorClass: "blackwell", acceleratorHours: "10", maxConcurrent: 1 },
        ],
        tranches: [{ shareBp: 5_000, requiresProgressReport: true }],
      }),
      "sme",
      PRICES,
      AT,
    );
    expect(!r.ok && r.violations.map((v) => [v.rule, v.field])).toEqual([
      ["ALLOCATION_CHANGE_INVALID", "grants.0.acceleratorHours"],
      ["PROGRAM_CLASS_NOT_FUNDED", "grants.1.acceleratorClass"],
      ["ALLOCATION_CHANGE_INVALID", "grants.1.acceleratorClass"],
      ["ALLOCATION_CHANGE_INVALID", "tranches"],
      ["ALLOCATION_CHANGE_INVALID", "tranches.0.requiresProgressReport"],
    ]);
  });

  it("refuses a period that ends before it starts", () => {
    const r = awardAllocation(context(), award({ endsAt: "2026-02-01T00:00:00+09:00" }), "sme", PRICES, AT);
    expect(!r.ok && r.violations.map((v) => v.field)).toEqual(["endsAt"]);
  });
});

describe("awardAllocation invariants", () => {
  it("commits H x price, splits every hour into tranches, releases the first, and weighs by released hours over P", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 365 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }),
        (c, days, fillBp, weights) => {
          const fill = (BigInt(c) * BigInt(days) * 24n * BigInt(fillBp)) / 10_000n; // never past C x P
          const hours = fill > 0n ? fill : 1n;
          const total = weights.reduce((a, b) => a + b, 0);
          const shares = weights.map((w) => Math.floor((w * 10_000) / total));
          shares[0]! += 10_000 - shares.reduce((a, b) => a + b, 0);
          if (shares.some((s) => s < 1)) return true;
          const input = award({
            grants: [{ acceleratorClass: "npu", acceleratorHours: hours.toString(), maxConcurrent: c }],
            startsAt: "2026-01-01T00:00:00Z",
            endsAt: new Date(Date.parse("2026-01-01T00:00:00Z") + days * 86_400_000).toISOString(),
            tranches: shares.map((shareBp, i) => ({ shareBp, requiresProgressReport: i > 0 })),
          });
          const big = { programId: "p", program: programFixture({ budget: { krw: "100000000000000", acceleratorHours: { npu: "1000000000" } } }), committed: ZERO_AMOUNTS };
          const r = awardAllocation(big, input, "large", PRICES, AT);
          if (!r.ok) return false;
          const g = r.value.allocation.grants[0]!;
          const trancheSum = r.value.allocation.tranches.reduce((s, t) => s + (t.acceleratorHours.npu ?? 0n), 0n);
          const q = r.value.queue.resources[0]!;
          return (
            r.value.budgetDelta.krw === hours * 1_200n &&
            r.value.cost.coPayKrw + r.value.cost.governmentKrw === hours * 1_200n &&
            trancheSum === hours &&
            g.releasedHours === r.value.allocation.tranches[0]!.acceleratorHours.npu &&
            Math.abs(q.fairShareWeight - Number(g.releasedHours) / (days * 24)) < 1e-9 &&
            q.nominalQuota === c
          );
        },
      ),
    );
  });
});

describe("splitByTranches", () => {
  it("gives every hour to exactly one tranche", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 6 }), (hours, shares) => {
        const parts = splitByTranches(hours, shares);
        return parts.reduce((a, b) => a + b, 0n) === hours && parts.every((p) => p >= 0n || shares.reduce((a, b) => a + b, 0) > 10_000);
      }),
    );
  });
});

describe("commitBudget", () => {
  const budget = { krw: 1_000n, acceleratorHours: { hopper: 100n } };
  it("accepts a commitment exactly at the budget and refuses one won more", () => {
    expect(commitBudget(budget, ZERO_AMOUNTS, { krw: 1_000n, acceleratorHours: { hopper: 100n } }).ok).toBe(true);
    const over = commitBudget(budget, ZERO_AMOUNTS, { krw: 1_001n, acceleratorHours: { hopper: 101n } });
    expect(!over.ok && over.violations.map((v) => v.field)).toEqual(["budget.krw", "budget.acceleratorHours.hopper"]);
  });
  it("treats an unfunded class as a budget of zero", () => {
    expect(commitBudget(budget, ZERO_AMOUNTS, { krw: 0n, acceleratorHours: { npu: 1n } }).ok).toBe(false);
  });
  it("always accepts a decrease, even above a cut budget", () => {
    const above = { krw: 2_000n, acceleratorHours: { hopper: 200n } };
    expect(commitBudget(budget, above, { krw: -10n, acceleratorHours: { hopper: -1n } }).ok).toBe(true);
  });
  it("refuses a budget revision below the commitment, line by line", () => {
    const committed = { krw: 900n, acceleratorHours: { hopper: 90n, npu: 5n } };
    expect(checkBudgetRevision({ krw: 900n, acceleratorHours: { hopper: 90n, npu: 5n } }, committed).ok).toBe(true);
    const r = checkBudgetRevision({ krw: 899n, acceleratorHours: { hopper: 100n } }, committed);
    expect(!r.ok && r.violations.map((v) => [v.rule, v.field])).toEqual([
      ["PROGRAM_BUDGET_BELOW_COMMITTED", "budget.krw"],
      ["PROGRAM_BUDGET_BELOW_COMMITTED", "budget.acceleratorHours.npu"],
    ]);
  });
  it("never commits past the budget, whatever sequence of awards arrives", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ krw: fc.bigInt({ min: -300n, max: 400n }), hours: fc.bigInt({ min: -30n, max: 40n }) }), { maxLength: 40 }),
        (deltas) => {
          let committed: BudgetAmounts = ZERO_AMOUNTS;
          for (const d of deltas) {
            const delta = { krw: d.krw, acceleratorHours: { hopper: d.hours } };
            const next = addIfNonNegative(committed, delta);
            if (next === null) continue;
            const r = commitBudget(budget, committed, delta);
            if (r.ok) committed = r.value;
            if (committed.krw > budget.krw || (committed.acceleratorHours.hopper ?? 0n) > 100n) return false;
          }
          return true;
        },
      ),
    );
  });
});

function addIfNonNegative(a: BudgetAmounts, d: { krw: bigint; acceleratorHours: { hopper: bigint } }): BudgetAmounts | null {
  const krw = a.krw + d.krw;
  const h = (a.acceleratorHours.hopper ?? 0n) + d.acceleratorHours.hopper;
  return krw < 0n || h < 0n ? null : { krw, acceleratorHours: { hopper: h } };
}

describe("queueFromAllocation", () => {
  it("gives an ended allocation no quota, weight or borrowing", () => {
    const r = awardAllocation(context(), award(), "sme", PRICES, AT);
    if (!r.ok) throw new Error("award failed");
    const q = queueFromAllocation({ ...r.value.allocation, status: "ended" }, 1);
    expect(q.active).toBe(false);
    expect(q.resources[0]).toMatchObject({ nominalQuota: 0, fairShareWeight: 0, borrowingLimit: 0, lendingLimit: 0 });
  });
});
