/**
 * The outcome of a rule check: the value, or the error code the service should throw with every
 * violation that caused it (each `Violation.rule` is a code of `PROGRAM_ERROR_CODES` or the catalogue).
 */
import type { Violation } from "../errors.js";
import type { ProgramErrorCode } from "./error-codes.js";

/** Success with a value, or failure with a code and every violation at once. */
export type RuleResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: ProgramErrorCode; readonly violations: readonly Violation[] };

/** A successful result. */
export function ok<T>(value: T): RuleResult<T> {
  return { ok: true, value };
}

/** A failed result with one violation, its rule the code, its message in English and Korean. */
export function fail<T>(code: ProgramErrorCode, field: string, message: string, messageKo: string): RuleResult<T> {
  return { ok: false, code, violations: [{ field, rule: code, message, messageKo }] };
}

/** A failed result from several violations; the code is the first violation's rule. */
export function failAll<T>(violations: readonly (Violation & { readonly rule: ProgramErrorCode })[]): RuleResult<T> {
  const first = violations[0];
  if (first === undefined) throw new RangeError("failAll needs at least one violation");
  return { ok: false, code: first.rule, violations };
}

/** A violation whose rule is a programs error code. */
export type ProgramViolation = Violation & { readonly rule: ProgramErrorCode };

/** Builds a violation naming its code, field and its message in English and Korean. */
export function violation(rule: ProgramErrorCode, field: string, message: string, messageKo: string): ProgramViolation {
  return { field, rule, message, messageKo };
}
