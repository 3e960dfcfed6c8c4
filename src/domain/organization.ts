/**
 * Organizations that receive compute: their types, and the rules an organization's identity must
 * satisfy (a valid 사업자등록번호, a current region code, a KSIC section, a founding date not in the future).
 */
import { z } from "zod";
import { isValidBusinessRegistrationNumber, normalizeBusinessRegistrationNumber } from "./business-registration-number.js";
import type { Violation } from "./errors.js";
import { isKsicSection, type KsicSection } from "./ksic.js";
import { isRegionCode, type RegionCode } from "./regions.js";

/** Kinds of organization; programs set eligibility and cost share by these. */
export const ORGANIZATION_TYPES = [
  "startup",
  "sme",
  "midsize",
  "large",
  "university",
  "research_institute",
  "hospital",
  "public_agency",
  "nonprofit",
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

/** The shape a client sends to register an organization. */
export const OrganizationInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200).optional(),
  type: z.enum(ORGANIZATION_TYPES),
  businessRegistrationNumber: z.string().max(20),
  region: z.string().max(10),
  sector: z.string().max(2),
  foundedOn: z.iso.date(),
});
export type OrganizationInput = z.infer<typeof OrganizationInput>;

/** An organization once its fields have passed the domain rules. */
export interface ValidOrganization {
  readonly name: string;
  readonly nameEn: string | null;
  readonly type: OrganizationType;
  readonly businessRegistrationNumber: string;
  readonly region: RegionCode;
  readonly sector: KsicSection;
  readonly foundedOn: string;
}

/**
 * Applies the identity rules to a shape-checked input. Returns every violation at once, each
 * naming its field and the catalogue code of its rule, or the normalized organization.
 */
export function checkOrganization(
  input: OrganizationInput,
  today: string,
): { ok: true; value: ValidOrganization } | { ok: false; violations: Violation[] } {
  const violations: Violation[] = [];
  const brn = normalizeBusinessRegistrationNumber(input.businessRegistrationNumber);
  if (brn === null || !isValidBusinessRegistrationNumber(brn)) {
    violations.push({
      field: "businessRegistrationNumber",
      rule: "ORG_BRN_INVALID",
      message: "must be 10 digits (hyphens allowed) whose last digit is the check digit",
      messageKo: "마지막 자리가 검증번호인 10자리 숫자여야 합니다(하이픈 허용)",
    });
  }
  if (!isRegionCode(input.region)) {
    violations.push({
      field: "region",
      rule: "ORG_REGION_UNKNOWN",
      message: "must be a current ISO 3166-2:KR code such as KR-11",
      messageKo: "KR-11처럼 현행 ISO 3166-2:KR 코드여야 합니다",
    });
  }
  if (!isKsicSection(input.sector)) {
    violations.push({ field: "sector", rule: "ORG_SECTOR_UNKNOWN", message: "must be a KSIC section letter A to U", messageKo: "KSIC 대분류 문자(A~U)여야 합니다" });
  }
  if (input.foundedOn > today) {
    violations.push({ field: "foundedOn", rule: "ORG_FOUNDED_IN_FUTURE", message: `must not be after ${today}`, messageKo: `${today} 이후일 수 없습니다` });
  }
  if (violations.length > 0) return { ok: false, violations };
  return {
    ok: true,
    value: {
      name: input.name,
      nameEn: input.nameEn ?? null,
      type: input.type,
      businessRegistrationNumber: brn!,
      region: input.region as RegionCode,
      sector: input.sector as KsicSection,
      foundedOn: input.foundedOn,
    },
  };
}
