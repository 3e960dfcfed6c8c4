/**
 * Programs: what a program manager defines once per fiscal year. A budget in KRW and in
 * accelerator-hours per accelerator class, eligibility rules, cost share by organization type,
 * targets, a share reserved for organizations outside the capital region, the borrow factor of its
 * queues and its reclaim policy. Input schemas refuse unknown fields; defaults are filled in here.
 */
import { z } from "zod";
import { withParticle } from "../korean-particles.js";
import { KSIC_SECTIONS, type KsicSection } from "../ksic.js";
import { BasisPointsInput, NonNegativeBigIntInput, WonInput } from "../money.js";
import { ORGANIZATION_TYPES } from "../organization.js";
import { isNonCapitalRegion, REGIONS, type RegionCode } from "../regions.js";
import { CostShareInput } from "./cost-share.js";
import { TargetInput } from "./target.js";
import { issueMessageKo } from "../validation.js";
import { checkMessage, patternCheck } from "../zod-korean.js";
import { ok, failAll, violation, type ProgramViolation, type RuleResult } from "./rule-result.js";

/** An accelerator class name as the fleet file spells it (`blackwell`, `hopper`, `npu`, ...). */
export const AcceleratorClassInput = z
  .string()
  .check(patternCheck(/^[a-z][a-z0-9_-]{0,31}$/, "must be a lower-case class name such as hopper", "hopper처럼 소문자로 된 클래스 이름이어야 합니다"))
  .refine((name) => !(name in Object.prototype), checkMessage("must not be a reserved name", "예약된 이름은 쓸 수 없습니다"));
export type AcceleratorClass = string;

/** Text every user sees, in Korean and English. */
export const LocalizedTextInput = z.strictObject({
  ko: z.string().trim().min(1).max(300),
  en: z.string().trim().min(1).max(300),
});
export type LocalizedText = z.infer<typeof LocalizedTextInput>;

/** A current ISO 3166-2:KR code. */
export const RegionCodeInput = z.enum(Object.keys(REGIONS) as [RegionCode, ...RegionCode[]]);
/** A KSIC section letter. */
export const KsicSectionInput = z.enum(Object.keys(KSIC_SECTIONS) as [KsicSection, ...KsicSection[]]);

/** Accelerator-hours per class, e.g. `{ "hopper": "1200000", "npu": 50000 }`. */
export const HoursByClassInput = z.record(AcceleratorClassInput, NonNegativeBigIntInput);

/**
 * Who may apply. `null` means no restriction. The startup age limit applies to organizations of
 * type `startup` only (창업기업: founded fewer than N years before the submission date); the
 * concentration cap bounds one organization's awarded accelerator-hours of each class, over all
 * its awards in the program, as a share of the program's hours of that class.
 */
export const EligibilityRulesInput = z.strictObject({
  organizationTypes: z.array(z.enum(ORGANIZATION_TYPES)).min(1).default([...ORGANIZATION_TYPES]),
  regions: z.array(RegionCodeInput).min(1).nullable().default(null),
  sectors: z.array(KsicSectionInput).min(1).nullable().default(null),
  startupMaxAgeYears: z.number().int().min(1).max(100).nullable().default(null),
  maxConcurrentAwardsPerOrganization: z.number().int().min(1).max(1000).nullable().default(null),
  concentrationCapBp: BasisPointsInput.min(1).nullable().default(null),
});
export type EligibilityRules = z.output<typeof EligibilityRulesInput>;

/**
 * Reclaiming idle allocations: an allocation whose use over the last `windowDays` stays below
 * `idleThresholdBp` of its entitled use (fair-share rate x window) is idle; a reclaim then takes
 * `reclaimShareBp` of its unused released hours back to the program.
 */
export const ReclaimPolicyInput = z.strictObject({
  idleThresholdBp: BasisPointsInput.default(2_000),
  windowDays: z.number().int().min(1).max(366).default(30),
  reclaimShareBp: BasisPointsInput.default(5_000),
});
export type ReclaimPolicy = z.output<typeof ReclaimPolicyInput>;

/** A borrow factor with at most two decimals, 0 to 10. */
const BorrowFactorInput = z
  .number()
  .min(0)
  .max(10)
  .refine((f) => Math.abs(f * 100 - Math.round(f * 100)) < 1e-9, checkMessage("must have at most two decimals", "소수점 아래 두 자리까지만 쓸 수 있습니다"));

/** The shape a program manager sends to define a program. */
export const ProgramInput = z.strictObject({
  code: z.string().check(patternCheck(/^[a-z0-9][a-z0-9-]{1,63}$/, "must be a lower-case slug", "소문자, 숫자, 하이픈으로 된 슬러그여야 합니다")),
  name: LocalizedTextInput,
  fiscalYear: z.number().int().min(2000).max(2100),
  budget: z.strictObject({ krw: WonInput, acceleratorHours: HoursByClassInput }),
  eligibility: EligibilityRulesInput.default(() => EligibilityRulesInput.parse({})),
  costShareBp: CostShareInput.default({}),
  targets: z.array(TargetInput).max(50).default([]),
  reservedNonCapitalShareBp: BasisPointsInput.default(0),
  borrowFactor: BorrowFactorInput.default(1),
  reclaim: ReclaimPolicyInput.default(() => ReclaimPolicyInput.parse({})),
  /**
   * What happens to running work when an allocation's balance is used up (a reduction, reclaim or
   * early end can leave less than running work has reserved): `finish` lets it run to its end,
   * `stop` stops it at the next metering.
   */
  onBalanceExhausted: z.enum(["finish", "stop"]).default("finish"),
});
export type ProgramInput = z.input<typeof ProgramInput>;

/** A program's settings once parsed, with every default filled in. */
export type ProgramSettings = z.output<typeof ProgramInput>;

/**
 * Cross-field rules a schema cannot state: the budget funds at least one class, targets have unique
 * keys and name only funded classes. Returns every violation at once.
 */
export function checkProgramSettings(settings: ProgramSettings): RuleResult<ProgramSettings> {
  const violations: ProgramViolation[] = [];
  const classes = Object.keys(settings.budget.acceleratorHours);
  if (classes.length === 0) {
    violations.push(violation("PROGRAM_SETTINGS_INVALID", "budget.acceleratorHours", "must fund at least one accelerator class", "가속기 클래스를 하나 이상 지원해야 합니다"));
  }
  const keys = new Set<string>();
  settings.targets.forEach((target, i) => {
    if (keys.has(target.key)) violations.push(violation("PROGRAM_SETTINGS_INVALID", `targets.${i}.key`, `duplicate target key ${target.key}`, `목표 키 ${withParticle(target.key, "이/가")} 중복됩니다`));
    keys.add(target.key);
    if (target.acceleratorClass !== undefined && !classes.includes(target.acceleratorClass)) {
      violations.push(violation("PROGRAM_SETTINGS_INVALID", `targets.${i}.acceleratorClass`, `the program does not fund class ${target.acceleratorClass}`, `사업이 ${target.acceleratorClass} 클래스를 지원하지 않습니다`));
    }
  });
  const regions = settings.eligibility.regions;
  if (settings.reservedNonCapitalShareBp > 0 && regions !== null && regions.every((r) => !isNonCapitalRegion(r))) {
    violations.push(violation("PROGRAM_SETTINGS_INVALID", "reservedNonCapitalShareBp", "the program admits only capital-region organizations, so a share reserved for the other regions could never be used", "사업이 수도권 기관만 지원 대상으로 하므로 비수도권 몫으로 유보한 물량은 쓰일 수 없습니다"));
  }
  return violations.length > 0 ? failAll(violations) : ok(settings);
}

/** Parses and checks a program definition: the schema first, then the cross-field rules. */
export function parseProgram(input: unknown): RuleResult<ProgramSettings> {
  const parsed = ProgramInput.safeParse(input);
  if (!parsed.success) {
    return failAll(
      parsed.error.issues.map((issue) => violation("PROGRAM_SETTINGS_INVALID", issue.path.join("."), issue.message, issueMessageKo(issue))),
    );
  }
  return checkProgramSettings(parsed.data);
}

/** The borrowing limit of a queue with nominal quota `c`: floor(c x borrow factor), exact to two decimals. */
export function borrowingLimit(nominalQuota: number, borrowFactor: number): number {
  return Math.floor((nominalQuota * Math.round(borrowFactor * 100)) / 100);
}
