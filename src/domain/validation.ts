/**
 * Turns a zod failure into the catalogue's shape: VALIDATION_FAILED with one violation per issue,
 * each naming the field (as a path such as `body.region`) and the rule zod applied, in English and
 * Korean (zod-korean.ts words zod's own checks, and reads the Korean our own checks carry in their
 * issue's params, written with `checkMessage` or `patternCheck`). `issueMessageKo` is the one place
 * that words an issue nobody did.
 */
import type { z } from "zod";
import { ERROR_CATALOGUE, HighwayError, type ErrorCode, type Violation } from "./errors.js";
import { zodIssueKorean } from "./zod-korean.js";

/** Violations for every issue of a zod error, with paths under `prefix`. */
export function violationsOf(error: z.ZodError, prefix: string, input?: unknown): Violation[] {
  return error.issues.flatMap((issue): Violation[] => {
    const base = [prefix, ...issue.path.map(String)].filter((p) => p !== "").join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: base === "" ? key : `${base}.${key}`, rule: "unknown_field", message: "is not a known field", messageKo: "알 수 없는 필드입니다" }));
    }
    const missing = issue.code === "invalid_type" && valueAt(input, issue.path) === undefined;
    const field = base === "" ? prefix : base;
    if (missing) return [{ field, rule: "required", message: "is required", messageKo: "필수 항목입니다" }];
    return [{ field, rule: issue.code, message: issue.message, messageKo: issueMessageKo(issue) }];
  });
}

/**
 * The Korean of a zod issue's message: zod-korean.ts's, or, for an issue nobody worded (a custom
 * check from outside our code, which the lint rule keeps out of ours), a Korean frame around the English.
 */
export function issueMessageKo(issue: z.core.$ZodIssue): string {
  return zodIssueKorean(issue) ?? `올바른 값이 아닙니다 (${issue.message})`;
}

/** Parses `value` with `schema` or throws VALIDATION_FAILED naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = "body"): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const violations = violationsOf(result.error, prefix, value);
  throw new HighwayError("VALIDATION_FAILED", { ...violationsDetail(violations), violations });
}

/** Throws the rule's own code when there is one violation, VALIDATION_FAILED listing all otherwise. */
export function throwViolations(violations: readonly Violation[], prefix = "body"): never {
  const named = violations.map((v) => ({ ...v, field: prefix === "" ? v.field : `${prefix}.${v.field}` }));
  const only = named.length === 1 ? named[0] : undefined;
  if (only !== undefined && isCatalogueCode(only.rule)) {
    throw new HighwayError(only.rule, { ...violationsDetail(named), violations: named });
  }
  throw new HighwayError("VALIDATION_FAILED", { ...violationsDetail(named), violations: named });
}

/** The detail listing every violation as `field: message`, in English and in Korean. */
export function violationsDetail(violations: readonly Violation[]): { readonly detail: string; readonly detailKo: string } {
  return {
    detail: violations.map((v) => `${v.field}: ${v.message}`).join("; "),
    detailKo: violations.map((v) => `${v.field}: ${v.messageKo}`).join("; "),
  };
}

function isCatalogueCode(rule: string): rule is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, rule);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
