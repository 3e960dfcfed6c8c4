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
    messageKo: "웹훅 URL은 인증 정보가 없는 절대 https URL이어야 합니다(일반 http는 루프백 주소에만 허용).",
  },
  WEBHOOK_LIMIT_REACHED: {
    status: 409,
    message: "This organization (or the platform) already has the most webhooks allowed.",
    messageKo: "이 기관(또는 플랫폼)은 허용된 최대 개수의 웹훅을 이미 등록했습니다.",
  },
} as const satisfies Record<string, ErrorSpec>;

/** A notification error code. */
export type NotificationErrorCode = keyof typeof NOTIFICATION_ERROR_CODES;
