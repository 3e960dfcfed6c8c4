import { describe, expect, it } from "vitest";
import national from "../../fixtures/fleet/national-260k.json" with { type: "json" };
import { classReferencePrice, parseFleet } from "./fleet.js";
import { acceleratorClasses, capacityPools, hoursInMonth, seoulMonth, summarizeCapacity, type CapacityPool } from "./fleet-capacity.js";

describe("hoursInMonth", () => {
  it("counts 24 hours per day of the calendar month (Korea keeps no daylight saving time)", () => {
    expect(hoursInMonth("2026-11")).toBe(720);
    expect(hoursInMonth("2026-12")).toBe(744);
    expect(hoursInMonth("2026-02")).toBe(672);
    expect(hoursInMonth("2028-02")).toBe(696);
    expect(() => hoursInMonth("2026-13")).toThrow(/YYYY-MM/);
  });
  it("takes the month of an instant in Asia/Seoul", () => {
    expect(seoulMonth(new Date("2026-11-30T15:00:00Z"))).toBe("2026-12");
    expect(seoulMonth(new Date("2026-11-30T14:59:59Z"))).toBe("2026-11");
  });
});

describe("summarizeCapacity", () => {
  const pool = (over: Partial<CapacityPool>): CapacityPool => ({
    operator: "op",
    site: "s",
    region: "KR-30",
    cluster: "c",
    model: "h100",
    acceleratorClass: "hopper",
    kind: "gpu",
    nodes: 2,
    acceleratorsPerNode: 8,
    ...over,
  });

  it("sums accelerators and accelerator-hours per group, GPUs and NPUs apart", () => {
    const s = summarizeCapacity([pool({}), pool({ operator: "b", region: "KR-29", model: "rngd", acceleratorClass: "npu", kind: "npu", nodes: 3, acceleratorsPerNode: 4 })], "2026-11");
    expect(s.totals).toEqual({ nodes: 5, gpus: 16, npus: 12, accelerators: 28, acceleratorHoursPerMonth: 28 * 720 });
    expect(s.byOperator.map((r) => [r.key, r.accelerators])).toEqual([["b", 12], ["op", 16]]);
    expect(s.byRegion.map((r) => r.key)).toEqual(["KR-29", "KR-30"]);
    expect(s.byModel).toContainEqual({ key: "rngd", acceleratorClass: "npu", kind: "npu", nodes: 3, gpus: 0, npus: 12, accelerators: 12, acceleratorHoursPerMonth: 8640 });
    expect(s.byClass.map((r) => r.key)).toEqual(["hopper", "npu"]);
  });

  it("is empty for an empty fleet", () => {
    const s = summarizeCapacity([], "2026-02");
    expect(s.totals.accelerators).toBe(0);
    expect(s.byOperator).toEqual([]);
    expect(s.hoursInMonth).toBe(672);
  });

  it("gives the national fleet's 260,000 GPUs, 2,048 NPUs and 51,071 nodes", () => {
    const s = summarizeCapacity(capacityPools(parseFleet(national)), "2026-11");
    expect(s.totals).toEqual({ nodes: 51_071, gpus: 260_000, npus: 2_048, accelerators: 262_048, acceleratorHoursPerMonth: 262_048 * 720 });
    const gpusBy = Object.fromEntries(s.byOperator.map((r) => [r.key, r.gpus]));
    expect(gpusBy).toMatchObject({ government: 50_000, samsung: 50_000, sk: 50_000, hyundai: 50_000, naver: 60_000 });
    expect(s.byClass.reduce((n, r) => n + r.accelerators, 0)).toBe(262_048);
    expect(s.byRegion.reduce((n, r) => n + r.nodes, 0)).toBe(51_071);
  });
});

describe("acceleratorClasses", () => {
  it("groups the national fleet's models into classes priced at their dearest model", () => {
    const fleet = parseFleet(national);
    const models = Object.entries(fleet.acceleratorModels).map(([key, m]) => ({ key, acceleratorClass: m.class, kind: m.kind, refPriceKrwPerHour: m.refPriceKrwPerHour }));
    const classes = acceleratorClasses(models);
    expect(classes).toEqual([
      { key: "blackwell", kind: "gpu", models: ["b200", "gb200"], referencePriceKrwPerHour: 8000 },
      { key: "hopper", kind: "gpu", models: ["h100-sxm", "h200-sxm"], referencePriceKrwPerHour: 4500 },
      { key: "npu", kind: "npu", models: ["furiosa-rngd", "rebellions-atom-max"], referencePriceKrwPerHour: 1200 },
    ]);
    for (const c of classes) expect(c.referencePriceKrwPerHour).toBe(classReferencePrice(fleet, c.key));
  });
  it("marks a class that mixes GPUs and NPUs", () => {
    const rows = acceleratorClasses([
      { key: "a", acceleratorClass: "odd", kind: "gpu", refPriceKrwPerHour: 1 },
      { key: "b", acceleratorClass: "odd", kind: "npu", refPriceKrwPerHour: 2 },
    ]);
    expect(rows[0]).toMatchObject({ kind: "mixed", referencePriceKrwPerHour: 2 });
  });
});
