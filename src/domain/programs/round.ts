/**
 * Calls and rounds. A call belongs to a program and runs one or more rounds; a round has opening and
 * closing times (Korean local time, Asia/Seoul, UTC+9 with no daylight saving), limits on what one
 * application may request, review settings (minimum reviewers, a weighted rubric, a minimum score),
 * the decision mode, and the award defaults (priority tier, tranche plan).
 */
import { z } from "zod";
import { SEOUL_OFFSET_MS, seoulWallClock } from "../clock.js";
import { withParticle } from "../korean-particles.js";
import { FULL_SHARE_BP } from "../money.js";
import { TranchePlanInput, type Instant } from "./allocation.js";
import { AcceleratorClassInput, HoursByClassInput, LocalizedTextInput } from "./program.js";
import { fail, failAll, ok, violation, type ProgramViolation, type RuleResult } from "./rule-result.js";
import { ownValue } from "./own-value.js";
import { checkMessage, patternCheck } from "../zod-korean.js";

/**
 * The instant of a Korean wall-clock time: "2026-03-02T09:00" (or with seconds) in Asia/Seoul. An
 * input with an explicit offset or Z is taken as it is. Returns an ISO string in UTC, or null.
 */
export function seoulInstant(text: string): Instant | null {
  const local = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (local !== null) {
    const [, y, mo, d, h, mi, s] = local.map(Number) as [number, number, number, number, number, number, number];
    const ms = Date.UTC(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s) - SEOUL_OFFSET_MS;
    const back = new Date(ms + SEOUL_OFFSET_MS);
    // Refuse dates that do not exist (2026-02-30) rather than rolling them over.
    if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || (!Number.isNaN(s) && s > 59)) return null;
    return new Date(ms).toISOString();
  }
  if (!z.iso.datetime({ offset: true }).safeParse(text).success) return null;
  return new Date(text).toISOString();
}

/** A time given in Asia/Seoul local time or with an explicit offset, parsed to a UTC instant. */
export const SeoulTimeInput = z.string().transform((text, context) => {
  const instant = seoulInstant(text);
  if (instant === null) {
    context.addIssue({
      code: "custom",
      ...checkMessage(
        "must be a time such as 2026-03-02T09:00 (Asia/Seoul) or an ISO 8601 instant with an offset",
        "2026-03-02T09:00(Asia/Seoul) 같은 시각이나 오프셋이 붙은 ISO 8601 시각이어야 합니다",
      ),
    });
    return z.NEVER;
  }
  return instant;
});

/** A call: a program's public invitation to apply, run in one or more rounds. */
export const CallInput = z.strictObject({
  code: z.string().check(patternCheck(/^[a-z0-9][a-z0-9-]{1,63}$/, "must be a lower-case slug", "소문자, 숫자, 하이픈으로 된 슬러그여야 합니다")),
  name: LocalizedTextInput,
  description: z.strictObject({ ko: z.string().trim().max(20_000), en: z.string().trim().max(20_000) }).default({ ko: "", en: "" }),
  /** Where applicants read the full call text (공고문). */
  noticeUrl: z.url().max(2_000).nullable().default(null),
});
export type CallInput = z.input<typeof CallInput>;
export type CallSettings = z.output<typeof CallInput>;

/** One rubric criterion: a weight (relative) and the top of its whole-number scale (0 to maxScore). */
export const RubricCriterionInput = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .refine((key) => !(key in Object.prototype), checkMessage("must not be a reserved name", "예약된 이름은 쓸 수 없습니다")),
  label: LocalizedTextInput,
  weight: z.number().int().min(1).max(1000),
  maxScore: z.number().int().min(1).max(100).default(10),
});
export type RubricCriterion = z.output<typeof RubricCriterionInput>;

/** The shape a program manager sends to open a round. */
export const RoundInput = z.strictObject({
  name: LocalizedTextInput,
  opensAt: SeoulTimeInput,
  closesAt: SeoulTimeInput,
  requestLimits: z
    .strictObject({
      /** Most accelerator-hours one application may request, per class; a class absent is unlimited. */
      maxAcceleratorHours: HoursByClassInput.default({}),
      /** Most concurrent accelerators one application may request, per class. */
      maxConcurrent: z.record(AcceleratorClassInput, z.number().int().min(1)).default({}),
      minDurationDays: z.number().int().min(1).max(3660).default(1),
      maxDurationDays: z.number().int().min(1).max(3660).default(366),
    })
    .default({ maxAcceleratorHours: {}, maxConcurrent: {}, minDurationDays: 1, maxDurationDays: 366 }),
  review: z.strictObject({
    minReviewers: z.number().int().min(1).max(20).default(2),
    rubric: z.array(RubricCriterionInput).min(1).max(20),
    /** Minimum weighted score, 0 to 100, with at most two decimals. */
    minimumScore: z.number().min(0).max(100).default(0),
    reviewDeadline: SeoulTimeInput.nullable().default(null),
  }),
  decisionMode: z.enum(["manual", "automatic"]).default("manual"),
  priorityTier: z.number().int().min(0).max(9).default(0),
  tranches: z.array(TranchePlanInput).min(1).max(12).default([{ shareBp: FULL_SHARE_BP, requiresProgressReport: false, releasableFrom: null }]),
});
export type RoundInput = z.input<typeof RoundInput>;
export type RoundSettings = z.output<typeof RoundInput>;

/** Cross-field rules: closing after opening, unique criterion keys, min duration within max. */
export function checkRoundSettings(round: RoundSettings): RuleResult<RoundSettings> {
  const violations: ProgramViolation[] = [];
  if (!(Date.parse(round.closesAt) > Date.parse(round.opensAt))) {
    violations.push(violation("ROUND_SETTINGS_INVALID", "closesAt", "the round must close after it opens", "공모 차수의 마감 시각은 접수 시작 시각보다 늦어야 합니다"));
  }
  const keys = round.review.rubric.map((c) => c.key);
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i) violations.push(violation("ROUND_SETTINGS_INVALID", `review.rubric.${i}.key`, `duplicate criterion ${k}`, `평가 항목 ${withParticle(k, "이/가")} 중복됩니다`));
  });
  if (round.requestLimits.minDurationDays > round.requestLimits.maxDurationDays) {
    violations.push(violation("ROUND_SETTINGS_INVALID", "requestLimits.minDurationDays", "must not exceed maxDurationDays", "maxDurationDays보다 클 수 없습니다"));
  }
  if (round.review.reviewDeadline !== null && Date.parse(round.review.reviewDeadline) <= Date.parse(round.closesAt)) {
    violations.push(violation("ROUND_SETTINGS_INVALID", "review.reviewDeadline", "reviews are due after the round closes", "심사 기한은 공모 마감 이후여야 합니다"));
  }
  return violations.length > 0 ? failAll(violations) : ok(round);
}

/**
 * Whether the round accepts submissions at `at`: from `opensAt` (inclusive) until `closesAt`
 * (exclusive). Refuses with ROUND_NOT_OPEN or ROUND_CLOSED, naming the Seoul time.
 */
export function checkRoundOpen(round: Pick<RoundSettings, "opensAt" | "closesAt">, at: Instant): RuleResult<void> {
  const t = Date.parse(at);
  if (t < Date.parse(round.opensAt)) return fail("ROUND_NOT_OPEN", "round.opensAt", `the round opens at ${seoulWallClock(round.opensAt)} (Asia/Seoul)`, `공모 접수는 ${seoulWallClock(round.opensAt)}(한국 시간)에 시작합니다`);
  if (t >= Date.parse(round.closesAt)) return fail("ROUND_CLOSED", "round.closesAt", `the round closed at ${seoulWallClock(round.closesAt)} (Asia/Seoul)`, `공모 접수는 ${seoulWallClock(round.closesAt)}(한국 시간)에 마감되었습니다`);
  return ok(undefined);
}

/** What one application requests: hours and concurrency per class, and a period. */
export interface ApplicationRequest {
  readonly grants: readonly { readonly acceleratorClass: string; readonly acceleratorHours: bigint; readonly maxConcurrent: number }[];
  readonly startsAt: Instant;
  readonly endsAt: Instant;
}

/** Every way the request exceeds the round's limits (hours, concurrency, duration in days). */
export function requestLimitViolations(round: Pick<RoundSettings, "requestLimits">, request: ApplicationRequest): ProgramViolation[] {
  const limits = round.requestLimits;
  const out: ProgramViolation[] = [];
  request.grants.forEach((g, i) => {
    const maxHours = ownValue(limits.maxAcceleratorHours, g.acceleratorClass);
    if (maxHours !== undefined && g.acceleratorHours > maxHours) {
      out.push(violation("APPLICATION_REQUEST_TOO_LARGE", `request.grants.${i}.acceleratorHours`, `${g.acceleratorHours} ${g.acceleratorClass} accelerator-hours exceed the round's limit of ${maxHours} per application`, `${g.acceleratorClass} 가속기 ${g.acceleratorHours}시간은 이 공모 차수의 과제당 한도 ${maxHours}시간을 넘습니다`));
    }
    const maxC = ownValue(limits.maxConcurrent, g.acceleratorClass);
    if (maxC !== undefined && g.maxConcurrent > maxC) {
      out.push(violation("APPLICATION_REQUEST_TOO_LARGE", `request.grants.${i}.maxConcurrent`, `${g.maxConcurrent} concurrent ${g.acceleratorClass} accelerators exceed the round's limit of ${maxC}`, `${g.acceleratorClass} 가속기 동시 ${g.maxConcurrent}개는 이 공모 차수의 한도 ${maxC}개를 넘습니다`));
    }
  });
  const days = (Date.parse(request.endsAt) - Date.parse(request.startsAt)) / 86_400_000;
  if (!(days >= limits.minDurationDays && days <= limits.maxDurationDays)) {
    out.push(violation("APPLICATION_DURATION_INVALID", "request.endsAt", `the period must last ${limits.minDurationDays} to ${limits.maxDurationDays} days; it lasts ${Math.round(days * 100) / 100}`, `수행 기간은 ${limits.minDurationDays}~${limits.maxDurationDays}일이어야 하지만 ${Math.round(days * 100) / 100}일입니다`));
  }
  return out;
}
