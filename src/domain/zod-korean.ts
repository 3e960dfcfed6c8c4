/**
 * Korean for zod's checks, so that a Korean reader of a validation error reads the rule and not
 * English. zod's own checks (type, size, format, allowed values) are worded here from the figures
 * each issue carries; zod's bundled Korean locale names the type in English ("number이 너무
 * 작습니다"), which is why these are our own words. A check with our own message (`refine`,
 * `superRefine`) writes both languages with `checkMessage`: zod keeps the issue's `params`, and the
 * Korean is read back from there. zod drops `params` given to `.regex`, so a pattern with our own
 * message is written `.check(patternCheck(re, en, ko))`, which puts the Korean on the issue itself;
 * the check is still zod's regex check, so the JSON schema (and the OpenAPI document) keeps `pattern`.
 */
import { z } from "zod";

type Issue = z.core.$ZodIssue;

/** Korean for the JSON types a field may be asked to have. */
const TYPE: Readonly<Record<string, string>> = {
  string: "문자열",
  number: "숫자",
  int: "정수",
  boolean: "참/거짓 값",
  object: "객체",
  array: "배열",
  bigint: "정수",
  date: "날짜",
  null: "null",
};

/** Korean for the string formats the schemas use. */
const FORMAT: Readonly<Record<string, string>> = {
  email: "올바른 이메일 주소가 아닙니다",
  uuid: "올바른 UUID가 아닙니다",
  datetime: "올바른 날짜와 시각(ISO 8601, UTC)이 아닙니다",
  date: "올바른 날짜(YYYY-MM-DD)가 아닙니다",
  url: "올바른 URL이 아닙니다",
  regex: "허용된 형식이 아닙니다",
};

/** A check's own message in both languages, as zod takes it: the English as `message`, the Korean in `params`. */
export interface CheckMessage {
  readonly message: string;
  readonly params: { readonly messageKo: string };
}

/**
 * Our own check's message in English and Korean: `.refine(check, checkMessage(en, ko))`, or
 * `ctx.addIssue({ code: "custom", ...checkMessage(en, ko) })` in a `superRefine`.
 */
export function checkMessage(message: string, messageKo: string): CheckMessage {
  return { message, params: { messageKo } };
}

/**
 * A pattern check with its message in English and Korean: `z.string().check(patternCheck(re, en, ko))`
 * in place of `.regex(re, en)`. It is zod's own regex check (the JSON schema's `pattern` comes from
 * it) whose issue also carries `params.messageKo`, as a `checkMessage` check's does.
 */
export function patternCheck(pattern: RegExp, message: string, messageKo: string): z.core.$ZodCheckRegex {
  // eslint-disable-next-line no-restricted-syntax -- the one place that may give .regex a message
  const check = z.regex(pattern, message);
  // zod's regex check puts no params on its issue, so the Korean is added to the issues its test pushes.
  const test = check._zod.check;
  check._zod.check = (payload) => {
    const from = payload.issues.length;
    void test(payload);
    for (const issue of payload.issues.slice(from)) Object.assign(issue, { params: { messageKo } });
  };
  return check;
}

/**
 * The Korean of a zod issue's message, or undefined where there is none (a custom check written
 * without `checkMessage`; validation.ts's `issueMessageKo` words that one).
 */
export function zodIssueKorean(issue: Issue): string | undefined {
  switch (issue.code) {
    case "custom":
      return carriedKorean(issue);
    case "invalid_type":
      return `${TYPE[issue.expected] ?? issue.expected} 형식이어야 합니다`;
    case "too_small":
      return bound(issue.origin, Number(issue.minimum), issue.inclusive !== false, "min");
    case "too_big":
      return bound(issue.origin, Number(issue.maximum), issue.inclusive !== false, "max");
    case "invalid_format":
      return carriedKorean(issue) ?? FORMAT[issue.format] ?? `올바른 ${issue.format} 형식이 아닙니다`;
    case "invalid_value":
      return issue.values.length === 1 ? `다음 값이어야 합니다: ${JSON.stringify(issue.values[0])}` : `다음 중 하나여야 합니다: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "not_multiple_of":
      return `${Number(issue.divisor)}의 배수여야 합니다`;
    case "invalid_union":
      return "허용된 형식 중 어느 것에도 맞지 않습니다";
    case "invalid_key":
      return "올바른 키가 아닙니다";
    case "invalid_element":
      return "올바른 항목이 아닙니다";
    default:
      return undefined;
  }
}

/** The Korean a check of ours put on its issue (`checkMessage`, `patternCheck`). */
function carriedKorean(issue: Issue): string | undefined {
  const params = (issue as { readonly params?: { readonly messageKo?: unknown } }).params;
  return typeof params?.messageKo === "string" ? params.messageKo : undefined;
}

/** "3 이상이어야 합니다", "2자 이하여야 합니다", "항목이 1개 이상이어야 합니다" (the ending follows the word's last syllable). */
function bound(origin: string, n: number, inclusive: boolean, side: "min" | "max"): string {
  const must = side === "min" ? (inclusive ? "이상이어야" : "초과여야") : inclusive ? "이하여야" : "미만이어야";
  if (origin === "string") return `${n}자 ${must} 합니다`;
  if (origin === "array" || origin === "set") return `항목이 ${n}개 ${must} 합니다`;
  return `${n} ${must} 합니다`;
}
