/**
 * Eligibility, checked when an application is submitted: every rule is evaluated and every failing
 * one is reported, in a fixed order (type, region, sector, startup age, concurrent awards, then per
 * requested class: funded, concentration cap), so the first violation's code is stable.
 */
import { withParticle } from "../korean-particles.js";
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
 * Every eligibility rule the applicant fails, each naming its code, field and its message in English and Korean.
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
    out.push(violation("PROGRAM_INELIGIBLE_TYPE", "organization.type", `organizations of type ${org.type} are not admitted; admitted: ${rules.organizationTypes.join(", ")}`, `기관 유형 ${withParticle(org.type, "은/는")} 지원 대상이 아닙니다(대상: ${rules.organizationTypes.join(", ")})`));
  }
  if (rules.regions !== null && !rules.regions.includes(org.region)) {
    out.push(violation("PROGRAM_INELIGIBLE_REGION", "organization.region", `region ${org.region} is not admitted; admitted: ${rules.regions.join(", ")}`, `지역 ${withParticle(org.region, "은/는")} 지원 대상이 아닙니다(대상: ${rules.regions.join(", ")})`));
  }
  if (rules.sectors !== null && !rules.sectors.includes(org.sector)) {
    out.push(violation("PROGRAM_INELIGIBLE_SECTOR", "organization.sector", `KSIC section ${org.sector} is not admitted; admitted: ${rules.sectors.join(", ")}`, `표준산업분류 대분류 ${withParticle(org.sector, "은/는")} 지원 대상이 아닙니다(대상: ${rules.sectors.join(", ")})`));
  }
  if (rules.startupMaxAgeYears !== null && org.type === "startup") {
    const comesOfAge = addYears(org.foundedOn, rules.startupMaxAgeYears);
    if (today >= comesOfAge) {
      out.push(violation("PROGRAM_STARTUP_TOO_OLD", "organization.foundedOn", `a startup must be younger than ${rules.startupMaxAgeYears} years; founded ${org.foundedOn}, ${rules.startupMaxAgeYears} years reached on ${comesOfAge}`, `스타트업은 업력 ${rules.startupMaxAgeYears}년 미만이어야 합니다(설립일 ${org.foundedOn}, ${rules.startupMaxAgeYears}년 도달일 ${comesOfAge})`));
    }
  }
  const maxAwards = rules.maxConcurrentAwardsPerOrganization;
  if (maxAwards !== null && applicant.activeAwardCount >= maxAwards) {
    out.push(violation("PROGRAM_MAX_CONCURRENT_AWARDS", "organization", `the organization holds ${applicant.activeAwardCount} active awards; the program allows ${maxAwards}`, `기관이 수행 중인 과제가 ${applicant.activeAwardCount}건이며 이 사업은 ${maxAwards}건까지 허용합니다`));
  }
  for (const [cls, requested] of Object.entries(applicant.requestedHours)) {
    const field = `request.acceleratorHours.${cls}`;
    const programHours = ownValue(program.budget.acceleratorHours, cls);
    if (programHours === undefined) {
      out.push(violation("PROGRAM_CLASS_NOT_FUNDED", field, `the program does not fund class ${cls}`, `사업이 ${cls} 클래스를 지원하지 않습니다`));
      continue;
    }
    if (rules.concentrationCapBp !== null) {
      const limit = concentrationLimit(programHours, rules.concentrationCapBp);
      const total = (ownValue(applicant.awardedHours, cls) ?? 0n) + requested;
      if (total > limit) {
        out.push(violation("PROGRAM_CONCENTRATION_CAP", field, `${total} ${cls} accelerator-hours for one organization would pass the cap of ${limit} (${rules.concentrationCapBp / 100} % of ${programHours})`, `한 기관에 ${cls} 가속기 ${total}시간을 배정하면 상한 ${limit}시간(${programHours}시간의 ${rules.concentrationCapBp / 100}%)을 넘습니다`));
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
