/**
 * Error codes of the notifications, in the catalogue's shape; src/domain/errors.ts merges them
 * into ERROR_CATALOGUE. They are raised through `throwViolations`, which answers with the rule's
 * own code once it is in the catalogue.
 */
import type { ErrorSpec } from "../errors.js";

export const NOTIFICATION_ERROR_CODES = {
  WEBHOOK_URL_INVALID: {
    status: 400,
    message: "A webhook URL must be an absolute https URL without credentials (plain http only to a loopback address).",
  },
  WEBHOOK_LIMIT_REACHED: { status: 409, message: "This organization (or the platform) already has the most webhooks allowed." },
} as const satisfies Record<string, ErrorSpec>;

/** A notification error code. */
export type NotificationErrorCode = keyof typeof NOTIFICATION_ERROR_CODES;
