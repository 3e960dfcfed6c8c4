import { describe, expect, it } from "vitest";
import { percentText, programReport, programReportCsv, type ReportApplication } from "./program-report.js";
import { TargetInput } from "./target.js";

let n = 0;
function app(overrides: Partial<ReportApplication>, awardHours: bigint | null = null): ReportApplication {
  n += 1;
  const krw = awardHours === null ? 0n : awardHours * 4_500n;
  return {
    applicationId: `app-${n}`,
    organizationId: `org-${n}`,
    organizationType: "sme",
    region: "KR-29",
    sector: "C",
    state: awardHours === null ? "rejected" : "accepted",
    award: awardHours === null ? null : { acceleratorHours: { hopper: awardHours }, krw, coPayKrw: krw / 5n, governmentKrw: krw - krw / 5n },
    ...overrides,
  };
}

const APPS: ReportApplication[] = [
  app({ organizationId: "org-a" }, 1_000n),
  app({ organizationId: "org-a" }, 500n),
  app({ organizationType: "startup", region: "KR-11", sector: "J" }, 200n),
  app({ organizationType: "startup", region: "KR-11", sector: "J" }),
  app({ state: "in_review" }),
  app({ state: "draft" }),
];

const TARGETS = [TargetInput.parse({ key: "mfg-300", label: { ko: "제조기업 300개", en: "300 manufacturers" }, metric: "distinct_organizations", goal: 300, filter: { sectors: ["C"] } })];

describe("programReport", () => {
  const report = programReport(APPS, TARGETS);
  it("totals applications, decisions, acceptance and money", () => {
    expect(report.total).toMatchObject({
      applications: 5,
      decided: 4,
      accepted: 3,
      acceptanceRateBp: 7_500,
      awardedOrganizations: 2,
      acceleratorHours: { hopper: 1_700n },
      krw: 7_650_000n,
      coPayKrw: 1_530_000n,
      governmentKrw: 6_120_000n,
    });
  });
  it("breaks down by type, region and sector in canonical order", () => {
    expect(report.byOrganizationType.map((r) => [r.key, r.accepted, r.applications])).toEqual([
      ["startup", 1, 2],
      ["sme", 2, 3],
    ]);
    expect(report.byRegion.map((r) => [r.key, r.label.ko])).toEqual([
      ["KR-11", "서울특별시"],
      ["KR-29", "광주광역시"],
    ]);
    expect(report.bySector.map((r) => r.key)).toEqual(["C", "J"]);
  });
  it("counts distinct manufacturers toward the target", () => {
    expect(report.targets).toEqual([{ key: "mfg-300", metric: "distinct_organizations", goal: 300, achieved: 1, progressBp: 33, met: false }]);
  });
  it("exports CSV with a BOM, both headers and one line per row", () => {
    const csv = programReportCsv(report);
    const lines = csv.split("\r\n");
    expect(csv.startsWith("\uFEFF구분 / Dimension,")).toBe(true);
    expect(lines).toHaveLength(1 + 1 + 2 + 2 + 2 + 1); // header, total, 2 types, 2 regions, 2 sectors, trailing empty
    expect(lines[1]).toBe("total,total,전체,Total,5,4,3,75.00,2,1700,7650000,6120000,1530000");
  });
  it("formats percentages", () => {
    expect(percentText(6_250)).toBe("62.50");
    expect(percentText(5)).toBe("0.05");
    expect(percentText(null)).toBe("");
  });
});
