/**
 * Eligibility, checked when an application is submitted: every rule is evaluated and every failing
 * one is reported, in a fixed order (type, region, sector, startup age, concurrent awards, then per
 * requested class: funded, concentration cap), so the first violation's code is stable.
 */
import type { KsicSection } from "../ksic.js";
import { FULL_SHARE_BP } from "../money.js";
import type { OrganizationType } from "../organization.js";
import type { RegionCode } from "../regions.js";
import type { ProgramSettings } from "./program.js";
import { failAll, ok, violation, type ProgramViolation, type RuleResult } from "./rule-result.js";
import { ownValue } from "./own-value.js";

/** The applicant as eligibility sees it. `foundedOn` is a calendar date (YYYY-MM-DD). */
export interface EligibilityOrganization {
  readonly id: string;
  readonly type: OrganizationType;
  readonly region: RegionCode;
  readonly sector: KsicSection;
  readonly foundedOn: string;
}

/** The applicant and its standing in the program. */
export interface EligibilityApplicant {
  readonly organization: EligibilityOrganization;
  /** Awards of this organization in this program whose allocation is still active. */
  readonly activeAwardCount: number;
  /** Accelerator-hours already awarded to this organization in this program, per class (all awards). */
  readonly awardedHours: Readonly<Record<string, bigint>>;
  /** Accelerator-hours this application requests, per class. */
  readonly requestedHours: Readonly<Record<string, bigint>>;
}

/**
 * The date N years after `date` (YYYY-MM-DD); 29 February moves to 1 March in a common year, so a
 * startup founded on a leap day comes of age on 1 March.
 */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(y + years, m - 1, d));
  return shifted.toISOString().slice(0, 10);
}

/** The most accelerator-hours of a class one organization may hold under a cap: floor(hours x cap). */
export function concentrationLimit(programHours: bigint, capBp: number): bigint {
  return (programHours * BigInt(capBp)) / BigInt(FULL_SHARE_BP);
}

/**
 * Every eligibility rule the applicant fails, each naming its code, field and an English message.
 * `today` is the submission date in Asia/Seoul (see `seoulDate`). Empty when eligible.
 */
export function eligibilityViolations(
  program: Pick<ProgramSettings, "eligibility" | "budget">,
  applicant: EligibilityApplicant,
  today: string,
): ProgramViolation[] {
  const rules = program.eligibility;
  const org = applicant.organization;
  const out: ProgramViolation[] = [];
  if (!rules.organizationTypes.includes(org.type)) {
    out.push(violation("PROGRAM_INELIGIBLE_TYPE", "organization.type", `organizations of type ${org.type} are not admitted; admitted: ${rules.organizationTypes.join(", ")}`));
  }
  if (rules.regions !== null && !rules.regions.includes(org.region)) {
    out.push(violation("PROGRAM_INELIGIBLE_REGION", "organization.region", `region ${org.region} is not admitted; admitted: ${rules.regions.join(", ")}`));
  }
  if (rules.sectors !== null && !rules.sectors.includes(org.sector)) {
    out.push(violation("PROGRAM_INELIGIBLE_SECTOR", "organization.sector", `KSIC section ${org.sector} is not admitted; admitted: ${rules.sectors.join(", ")}`));
  }
  if (rules.startupMaxAgeYears !== null && org.type === "startup") {
    const comesOfAge = addYears(org.foundedOn, rules.startupMaxAgeYears);
    if (today >= comesOfAge) {
      out.push(violation("PROGRAM_STARTUP_TOO_OLD", "organization.foundedOn", `a startup must be younger than ${rules.startupMaxAgeYears} years; founded ${org.foundedOn}, ${rules.startupMaxAgeYears} years reached on ${comesOfAge}`));
    }
  }
  const maxAwards = rules.maxConcurrentAwardsPerOrganization;
  if (maxAwards !== null && applicant.activeAwardCount >= maxAwards) {
    out.push(violation("PROGRAM_MAX_CONCURRENT_AWARDS", "organization", `the organization holds ${applicant.activeAwardCount} active awards; the program allows ${maxAwards}`));
  }
  for (const [cls, requested] of Object.entries(applicant.requestedHours)) {
    const field = `request.acceleratorHours.${cls}`;
    const programHours = ownValue(program.budget.acceleratorHours, cls);
    if (programHours === undefined) {
      out.push(violation("PROGRAM_CLASS_NOT_FUNDED", field, `the program does not fund class ${cls}`));
      continue;
    }
    if (rules.concentrationCapBp !== null) {
      const limit = concentrationLimit(programHours, rules.concentrationCapBp);
      const total = (ownValue(applicant.awardedHours, cls) ?? 0n) + requested;
      if (total > limit) {
        out.push(violation("PROGRAM_CONCENTRATION_CAP", field, `${total} ${cls} accelerator-hours for one organization would pass the cap of ${limit} (${rules.concentrationCapBp / 100} % of ${programHours})`));
      }
    }
  }
  return out;
}

/** Eligibility as a result: ok, or the first failing rule's code with every violation. */
export function checkEligibility(
  program: Pick<ProgramSettings, "eligibility" | "budget">,
  applicant: EligibilityApplicant,
  today: string,
): RuleResult<void> {
  const violations = eligibilityViolations(program, applicant, today);
  return violations.length > 0 ? failAll(violations) : ok(undefined);
}
