/**
 * Error codes of the metering domain, in the catalogue's shape (`{ CODE: { status, message, messageKo } }`),
 * merged into `ERROR_CATALOGUE` in `domain/errors.ts`. Two codes on purpose: bad input of any kind
 * (an instant, an interval, a count, a price, a month) names its field in `violations`.
 */
import type { ErrorSpec } from "../errors.js";

/** Every metering-domain code with its HTTP status and its English and Korean messages. */
export const METERING_ERROR_CODES = {
  /** An instant, interval, count, price, share or month given to metering or statements is malformed. */
  METERING_INPUT_INVALID: {
    status: 400,
    message: "The metering input is invalid.",
    messageKo: "사용량 측정 입력값이 올바르지 않습니다.",
  },
  /** The allocation's unreserved accelerator-seconds of the class cannot cover the workload's time limit. */
  METERING_BALANCE_INSUFFICIENT: {
    status: 409,
    message: "The allocation's remaining accelerator-hours cannot cover this workload's time limit.",
    messageKo: "할당의 남은 가속기 시간으로는 이 워크로드의 제한 시간을 감당할 수 없습니다.",
  },
} as const satisfies Record<string, ErrorSpec>;
