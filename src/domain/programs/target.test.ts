import { describe, expect, it } from "vitest";
import { targetProgress, TargetInput, type TargetAward } from "./target.js";

const award = (organizationId: string, overrides: Partial<TargetAward> = {}): TargetAward => ({
  organizationId,
  organizationType: "sme",
  region: "KR-48",
  sector: "C",
  acceleratorHours: { hopper: 100n, npu: 10n },
  ...overrides,
});

const target = (input: object) => TargetInput.parse({ key: "t", label: { ko: "목표", en: "Target" }, goal: 3, ...input });

describe("targetProgress", () => {
  const awards = [award("a"), award("a"), award("b", { sector: "J" }), award("c", { region: "KR-11" }), award("d", { organizationType: "startup" })];
  it.each([
    ["distinct manufacturers", { metric: "distinct_organizations", filter: { sectors: ["C"] } }, 3, true],
    ["awards to manufacturers", { metric: "awards", filter: { sectors: ["C"] } }, 4, true],
    ["non-capital organizations", { metric: "distinct_organizations", filter: { nonCapitalOnly: true } }, 3, true],
    ["startups", { metric: "distinct_organizations", filter: { organizationTypes: ["startup"] } }, 1, false],
    ["npu hours", { metric: "accelerator_hours", acceleratorClass: "npu" }, 50, true],
    ["all hours in Gyeongnam", { metric: "accelerator_hours", filter: { regions: ["KR-48"] } }, 440, true],
  ])("counts %s", (_name, input, achieved, met) => {
    const [p] = targetProgress([target(input)], awards);
    expect(p).toMatchObject({ achieved, met, progressBp: Math.floor((achieved * 10_000) / 3) });
  });
  it("refuses unknown filter fields", () => {
    expect(TargetInput.safeParse({ key: "t", label: { ko: "목표", en: "Target" }, goal: 3, metric: "awards", filter: { sector: ["C"] } }).success).toBe(false);
  });
});
