/**
 * Error codes of the fleet registry, in the catalogue's shape (`{ CODE: { status, message, messageKo } }`),
 * for the lead to merge into `ERROR_CATALOGUE` in `domain/errors.ts`. An import names each failing
 * field with one of these codes as `Violation.rule`; until the codes join the catalogue (and
 * whenever several rules fail at once) the answer is VALIDATION_FAILED with the same violations.
 * They live in domain/, not services/fleet/: domain/errors.ts imports them, and domain/ may not import services/.
 */
import type { ErrorSpec } from "./errors.js";

/** Every fleet-registry code with its HTTP status and its English and Korean messages. */
export const FLEET_ERROR_CODES = {
  /** A node pool names an accelerator model the file does not define. */
  FLEET_MODEL_UNKNOWN: {
    status: 400,
    message: "A node pool names an accelerator model the fleet file does not define.",
    messageKo: "노드 풀에 플릿 파일이 정의하지 않은 가속기 모델이 지정되었습니다.",
  },
  /** A site's region is not a current ISO 3166-2:KR code (the retired KR-42 and KR-45 included). */
  FLEET_REGION_UNKNOWN: {
    status: 400,
    message: "A site's region is not a current ISO 3166-2:KR code.",
    messageKo: "사이트의 지역이 현행 ISO 3166-2:KR 코드가 아닙니다.",
  },
  /** Two sites, or two clusters, share one id. */
  FLEET_DUPLICATE_ID: {
    status: 400,
    message: "A site or cluster id appears more than once in the fleet file.",
    messageKo: "플릿 파일에 같은 사이트 또는 클러스터 ID가 두 번 이상 나옵니다.",
  },
  /** The file's `totals` disagree with what its pools hold. */
  FLEET_TOTALS_MISMATCH: {
    status: 400,
    message: "The fleet file's totals do not match its node pools.",
    messageKo: "플릿 파일의 합계(totals)가 노드 풀을 더한 값과 맞지 않습니다.",
  },
} as const satisfies Record<string, ErrorSpec>;
