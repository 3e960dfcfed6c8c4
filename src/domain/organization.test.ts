import { describe, expect, it } from "vitest";
import { checkOrganization, OrganizationInput } from "./organization.js";
import { isNonCapitalRegion, isRegionCode } from "./regions.js";

const base = { name: "가온", type: "sme" as const, businessRegistrationNumber: "124-81-00998", region: "KR-29", sector: "C", foundedOn: "2020-01-01" };

describe("organization rules", () => {
  it("normalizes a valid organization", () => {
    const result = checkOrganization(OrganizationInput.parse(base), "2026-11-29");
    expect(result).toEqual({ ok: true, value: { ...base, nameEn: null, businessRegistrationNumber: "1248100998" } });
  });

  it("names every broken rule", () => {
    const result = checkOrganization({ ...base, businessRegistrationNumber: "1", region: "KR-45", sector: "c", foundedOn: "2026-11-30" }, "2026-11-29");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.violations.map((v) => [v.field, v.rule])).toEqual([
        ["businessRegistrationNumber", "ORG_BRN_INVALID"],
        ["region", "ORG_REGION_UNKNOWN"],
        ["sector", "ORG_SECTOR_UNKNOWN"],
        ["foundedOn", "ORG_FOUNDED_IN_FUTURE"],
      ]);
    }
  });

  it("knows current region codes and the capital region", () => {
    expect(isRegionCode("KR-51")).toBe(true);
    expect(isRegionCode("KR-42")).toBe(false);
    expect(isNonCapitalRegion("KR-41")).toBe(false);
    expect(isNonCapitalRegion("KR-52")).toBe(true);
  });

  it("refuses unknown fields", () => {
    expect(OrganizationInput.safeParse({ ...base, extra: 1 }).success).toBe(false);
  });
});
