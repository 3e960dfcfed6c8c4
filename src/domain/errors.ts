/**
 * The error catalogue: every failure the product reports has a stable code, an HTTP status and a
 * message here, and an entry in docs/errors.md (a test keeps the two in step). Services throw
 * `HighwayError`; only `http/` maps it to a response and only `cli/` to an exit code.
 */

/** One catalogue entry. `status` is the HTTP status the API answers with. */
export interface ErrorSpec {
  readonly status: number;
  readonly message: string;
}

import { FLEET_ERROR_CODES } from "./fleet-error-codes.js";
import { METERING_ERROR_CODES } from "./metering/error-codes.js";
import { NOTIFICATION_ERROR_CODES } from "./notifications/error-codes.js";
import { PROGRAM_ERROR_CODES } from "./programs/error-codes.js";
import { WORKLOAD_ERROR_CODES } from "./workloads/error-codes.js";

const CORE_ERRORS = {
  // Request shape
  VALIDATION_FAILED: { status: 400, message: "The request does not satisfy the schema." },
  MALFORMED_JSON: { status: 400, message: "The request body is not valid JSON." },
  BODY_TOO_LARGE: { status: 413, message: "The request body exceeds the size limit." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "The request body must be application/json." },
  INVALID_CURSOR: { status: 400, message: "The pagination cursor is not one this server issued." },
  NOT_FOUND: { status: 404, message: "The resource does not exist or is not visible to you." },
  ROUTE_NOT_FOUND: { status: 404, message: "No such route." },
  METHOD_NOT_ALLOWED: { status: 405, message: "The route does not accept this method." },
  // Idempotency
  IDEMPOTENCY_KEY_INVALID: { status: 400, message: "The Idempotency-Key header must be 1 to 200 visible ASCII characters." },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: "This Idempotency-Key was used before with a different request." },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, message: "A request with this Idempotency-Key is still being processed." },
  // Authentication and authorization
  AUTH_REQUIRED: { status: 401, message: "Authentication is required." },
  AUTH_TOKEN_INVALID: { status: 401, message: "The API token is not valid." },
  AUTH_TOKEN_EXPIRED: { status: 401, message: "The API token has expired." },
  AUTH_TOKEN_REVOKED: { status: 401, message: "The API token has been revoked." },
  AUTH_SESSION_INVALID: { status: 401, message: "The session is not valid or has expired." },
  AUTH_LOGIN_FAILED: { status: 401, message: "The e-mail address or password is wrong." },
  AUTH_RATE_LIMITED: { status: 429, message: "Too many failed login attempts; wait before trying again." },
  AUTH_CSRF_FAILED: { status: 403, message: "A cookie-authenticated write needs a matching X-CSRF-Token header." },
  FORBIDDEN: { status: 403, message: "You are not allowed to do this." },
  BOOTSTRAP_INVALID: { status: 401, message: "The bootstrap token is wrong or has been used." },
  BOOTSTRAP_DONE: { status: 409, message: "The platform already has an administrator." },
  // Identity
  ORG_BRN_INVALID: { status: 400, message: "The business registration number is not a valid 10-digit number with its check digit." },
  ORG_BRN_TAKEN: { status: 409, message: "An organization with this business registration number already exists." },
  ORG_REGION_UNKNOWN: { status: 400, message: "The region is not a current ISO 3166-2:KR code." },
  ORG_SECTOR_UNKNOWN: { status: 400, message: "The sector is not a KSIC section letter." },
  ORG_FOUNDED_IN_FUTURE: { status: 400, message: "The founding date lies in the future." },
  PERSON_EMAIL_TAKEN: { status: 409, message: "A person with this e-mail address already exists." },
  PERSON_PASSWORD_WEAK: { status: 400, message: "The password must have at least 12 characters." },
  MEMBERSHIP_EXISTS: { status: 409, message: "The person is already a member of this organization." },
  MEMBERSHIP_LAST_ADMIN: { status: 409, message: "An organization must keep at least one org_admin." },
  TOKEN_EXPIRY_INVALID: { status: 400, message: "A token must expire between 1 and 365 days from now." },
  // Store and operations
  STORE_NOT_EMPTY: { status: 409, message: "Import needs an empty store." },
  STORE_BUSY: { status: 409, message: "Another process owns this data directory." },
  ARCHIVE_INVALID: { status: 400, message: "The file is not an AI Highway archive this version can read." },
  CONFIG_INVALID: { status: 500, message: "The configuration is invalid." },
  AUDIT_CHAIN_BROKEN: { status: 409, message: "The audit chain does not verify." },
  INTERNAL: { status: 500, message: "An internal error occurred." },
  SERVICE_UNAVAILABLE: { status: 503, message: "The service is not ready." },
} as const satisfies Record<string, ErrorSpec>;

/** Every code the product reports: the core's and each domain's. */
export const ERROR_CATALOGUE = {
  ...CORE_ERRORS,
  ...FLEET_ERROR_CODES,
  ...PROGRAM_ERROR_CODES,
  ...NOTIFICATION_ERROR_CODES,
  ...METERING_ERROR_CODES,
  ...WORKLOAD_ERROR_CODES,
} as const satisfies Record<string, ErrorSpec>;

/** A stable error code from the catalogue. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** One violated rule: which field (a JSON path such as `body.region`), and what the rule says. */
export interface Violation {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** Context a thrower can attach; `violations` names every failing field at once. */
export interface ErrorContext {
  readonly detail?: string;
  readonly field?: string;
  readonly rule?: string;
  readonly violations?: readonly Violation[];
  readonly cause?: unknown;
}

/** The one error type services throw; its `code` is stable and its status comes from the catalogue. */
export class HighwayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly violations: readonly Violation[];

  constructor(code: ErrorCode, context: ErrorContext = {}) {
    const spec = ERROR_CATALOGUE[code];
    super(context.detail ?? spec.message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = "HighwayError";
    this.code = code;
    this.status = spec.status;
    this.detail = context.detail ?? spec.message;
    const single =
      context.field === undefined ? [] : [{ field: context.field, rule: context.rule ?? code, message: this.detail }];
    this.violations = [...single, ...(context.violations ?? [])];
  }
}

/** True for a HighwayError with the given code (or any HighwayError when no code is given). */
export function isHighwayError(error: unknown, code?: ErrorCode): error is HighwayError {
  return error instanceof HighwayError && (code === undefined || error.code === code);
}
