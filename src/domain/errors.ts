/**
 * The error catalogue: every failure the product reports has a stable code, an HTTP status and a
 * message in English and Korean here, and an entry in docs/errors.md (a test keeps the two in
 * step). Services throw `HighwayError`; only `http/` maps it to a response and only `cli/` to an
 * exit code; `localizeError` picks the language for either.
 */

/**
 * One catalogue entry. `status` is the HTTP status the API answers with; both messages are
 * required, so a code added without its Korean does not compile.
 */
export interface ErrorSpec {
  readonly status: number;
  readonly message: string;
  readonly messageKo: string;
}

import { CORE_ERROR_CODES } from "./core-error-codes.js";
import { FLEET_ERROR_CODES } from "./fleet-error-codes.js";
import { METERING_ERROR_CODES } from "./metering/error-codes.js";
import { NOTIFICATION_ERROR_CODES } from "./notifications/error-codes.js";
import { PROGRAM_ERROR_CODES } from "./programs/error-codes.js";
import { WORKLOAD_ERROR_CODES } from "./workloads/error-codes.js";

/** Every code the product reports: the core's and each domain's. */
export const ERROR_CATALOGUE = {
  ...CORE_ERROR_CODES,
  ...FLEET_ERROR_CODES,
  ...PROGRAM_ERROR_CODES,
  ...NOTIFICATION_ERROR_CODES,
  ...METERING_ERROR_CODES,
  ...WORKLOAD_ERROR_CODES,
} as const satisfies Record<string, ErrorSpec>;

/** A stable error code from the catalogue. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/**
 * One violated rule: which field (a JSON path such as `body.region`), and what the rule says in
 * English and in Korean. Like `detailKo`, `messageKo` is required, so a rule written without its
 * Korean does not compile; a violation from a zod issue takes its Korean from zod-korean.ts.
 */
export interface Violation {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
  readonly messageKo: string;
}

/**
 * The particulars of one failure in both languages, or none (the catalogue's message then serves).
 * Like `ErrorSpec.messageKo`, `detailKo` is required beside `detail`, so a detail written without
 * its Korean does not compile. Text from outside (a Slurm or HTTP body, an OS error) is quoted as
 * it is inside Korean that frames it.
 */
export type ErrorDetail =
  | { readonly detail: string; readonly detailKo: string }
  | { readonly detail?: undefined; readonly detailKo?: undefined };

/** Context a thrower can attach; `violations` names every failing field at once. */
export type ErrorContext = ErrorDetail & {
  readonly field?: string;
  readonly rule?: string;
  readonly violations?: readonly Violation[];
  readonly cause?: unknown;
};

/** The one error type services throw; its `code` is stable and its status comes from the catalogue. */
export class HighwayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  /** The Korean of `detail`: the thrower's, or the catalogue's when the thrower gave no detail. */
  readonly detailKo: string;
  readonly violations: readonly Violation[];

  constructor(code: ErrorCode, context: ErrorContext = {}) {
    const spec = ERROR_CATALOGUE[code];
    super(context.detail ?? spec.message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = "HighwayError";
    this.code = code;
    this.status = spec.status;
    this.detail = context.detail ?? spec.message;
    this.detailKo = context.detail === undefined ? spec.messageKo : context.detailKo;
    const single =
      context.field === undefined ? [] : [{ field: context.field, rule: context.rule ?? code, message: this.detail, messageKo: this.detailKo }];
    this.violations = [...single, ...(context.violations ?? [])];
  }
}

/** True for a HighwayError with the given code (or any HighwayError when no code is given). */
export function isHighwayError(error: unknown, code?: ErrorCode): error is HighwayError {
  return error instanceof HighwayError && (code === undefined || error.code === code);
}
