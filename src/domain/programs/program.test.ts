import { describe, expect, it } from "vitest";
import { borrowingLimit, parseProgram, ProgramInput } from "./program.js";

const BASE = {
  code: "startup-voucher",
  name: { ko: "스타트업 GPU 바우처", en: "Startup GPU voucher" },
  fiscalYear: 2026,
  budget: { krw: "5000000000", acceleratorHours: { hopper: "200000" } },
};

describe("ProgramInput", () => {
  it("fills every default", () => {
    const p = ProgramInput.parse(BASE);
    expect(p.budget.krw).toBe(5_000_000_000n);
    expect(p.budget.acceleratorHours).toEqual({ hopper: 200_000n });
    expect(p.borrowFactor).toBe(1);
    expect(p.reservedNonCapitalShareBp).toBe(0);
    expect(p.eligibility.regions).toBeNull();
    expect(p.eligibility.organizationTypes).toHaveLength(9);
    expect(p.reclaim).toEqual({ idleThresholdBp: 2_000, windowDays: 30, reclaimShareBp: 5_000 });
    expect(p.targets).toEqual([]);
  });

  it("refuses unknown fields, here and in nested objects", () => {
    expect(ProgramInput.safeParse({ ...BASE, colour: "blue" }).success).toBe(false);
    expect(ProgramInput.safeParse({ ...BASE, eligibility: { regionz: ["KR-11"] } }).success).toBe(false);
  });

  it("refuses retired regions, unknown sections, shares over 100 % and three-decimal borrow factors", () => {
    for (const bad of [
      { eligibility: { regions: ["KR-42"] } },
      { eligibility: { sectors: ["Z"] } },
      { costShareBp: { sme: 10_001 } },
      { reservedNonCapitalShareBp: -1 },
      { borrowFactor: 1.255 },
      { budget: { krw: 1, acceleratorHours: { constructor: 1 } } },
    ]) {
      expect(ProgramInput.safeParse({ ...BASE, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    expect(ProgramInput.safeParse({ ...BASE, borrowFactor: 1.25 }).success).toBe(true);
  });
});

describe("parseProgram", () => {
  it("reports cross-field problems all at once", () => {
    const r = parseProgram({
      ...BASE,
      targets: [
        { key: "mfg", label: { ko: "제조", en: "Manufacturing" }, metric: "distinct_organizations", goal: 300, filter: { sectors: ["C"] } },
        { key: "mfg", label: { ko: "시간", en: "Hours" }, metric: "accelerator_hours", goal: 1000, acceleratorClass: "npu" },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.violations.map((v) => v.field)).toEqual(["targets.1.key", "targets.1.acceleratorClass"]);
  });

  it("refuses a regional reserve no admitted organization could use", () => {
    const r = parseProgram({ ...BASE, reservedNonCapitalShareBp: 2_000, eligibility: { regions: ["KR-11", "KR-41"] } });
    expect(!r.ok && r.violations.map((v) => v.field)).toEqual(["reservedNonCapitalShareBp"]);
    expect(parseProgram({ ...BASE, reservedNonCapitalShareBp: 2_000, eligibility: { regions: ["KR-11", "KR-29"] } }).ok).toBe(true);
  });

  it("names the failing field of a schema problem", () => {
    const r = parseProgram({ ...BASE, fiscalYear: "2026" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.violations[0]!.field).toBe("fiscalYear");
  });
});

describe("borrowingLimit", () => {
  it.each([
    [8, 1, 8],
    [8, 1.5, 12],
    [7, 1.5, 10],
    [64, 0, 0],
    [3, 1.1, 3],
  ])("C=%s x %s = %s", (c, f, limit) => {
    expect(borrowingLimit(c, f)).toBe(limit);
  });
});
