/**
 * Error codes of the programs domain, in the catalogue's shape (`{ CODE: { status, message, messageKo } }`),
 * for the lead to merge into `ERROR_CATALOGUE` in `domain/errors.ts`. Each rule function in this
 * folder names its failures with one of these codes, as `Violation.rule`.
 */
import type { ErrorSpec } from "../errors.js";

/** Every programs-domain code with its HTTP status and its English and Korean messages. */
export const PROGRAM_ERROR_CODES = {
  // Program definition
  /** The program settings contradict each other (e.g. a target on a class the program does not fund). */
  PROGRAM_SETTINGS_INVALID: {
    status: 400,
    message: "The program settings are inconsistent.",
    messageKo: "사업 설정이 서로 맞지 않습니다.",
  },
  // Eligibility (checked at submission; every failing rule is reported at once)
  /** The applicant's organization type is not one the program admits. */
  PROGRAM_INELIGIBLE_TYPE: {
    status: 422,
    message: "The program does not admit organizations of this type.",
    messageKo: "이 사업은 해당 유형의 기관을 지원 대상으로 하지 않습니다.",
  },
  /** The applicant's region is not one the program admits. */
  PROGRAM_INELIGIBLE_REGION: {
    status: 422,
    message: "The program does not admit organizations from this region.",
    messageKo: "이 사업은 해당 지역의 기관을 지원 대상으로 하지 않습니다.",
  },
  /** The applicant's KSIC section is not one the program admits. */
  PROGRAM_INELIGIBLE_SECTOR: {
    status: 422,
    message: "The program does not admit organizations of this sector.",
    messageKo: "이 사업은 해당 업종의 기관을 지원 대상으로 하지 않습니다.",
  },
  /** A startup applicant was founded longer ago than the program's startup age limit. */
  PROGRAM_STARTUP_TOO_OLD: {
    status: 422,
    message: "The startup is older than the program's age limit.",
    messageKo: "스타트업의 업력이 이 사업의 업력 제한을 넘었습니다.",
  },
  /** The organization already holds the most concurrent awards the program allows. */
  PROGRAM_MAX_CONCURRENT_AWARDS: {
    status: 409,
    message: "The organization already holds the maximum number of concurrent awards in this program.",
    messageKo: "이 기관은 이 사업에서 동시에 수행할 수 있는 과제 수의 상한에 이미 도달했습니다.",
  },
  /** The organization's awarded plus requested hours would pass the program's concentration cap. */
  PROGRAM_CONCENTRATION_CAP: {
    status: 422,
    message: "The request would give one organization more than the program's concentration cap.",
    messageKo: "이 요청을 받아들이면 한 기관에 이 사업의 집중 상한보다 많은 자원이 배정됩니다.",
  },
  /** The request names an accelerator class the program's budget does not fund. */
  PROGRAM_CLASS_NOT_FUNDED: {
    status: 422,
    message: "The program does not fund this accelerator class.",
    messageKo: "이 사업은 해당 가속기 클래스를 지원하지 않습니다.",
  },
  /** Committing the change would exceed the program's KRW or accelerator-hour budget. */
  PROGRAM_BUDGET_EXCEEDED: {
    status: 409,
    message: "The program budget cannot cover this commitment.",
    messageKo: "사업 예산이 부족하여 이 배정을 확정할 수 없습니다.",
  },
  /** A revised budget would fall below what the program has already committed. */
  PROGRAM_BUDGET_BELOW_COMMITTED: {
    status: 409,
    message: "The revised budget is below what the program has already committed.",
    messageKo: "변경한 예산이 이 사업에서 이미 배정을 확정한 금액보다 적습니다.",
  },
  /** Capital-region awards would eat into the share reserved for organizations outside the capital region. */
  PROGRAM_REGIONAL_RESERVE: {
    status: 409,
    message: "The share reserved for organizations outside the capital region would be used by a capital-region organization.",
    messageKo: "비수도권 기관 몫으로 유보한 물량이 수도권 기관에 배정되게 됩니다.",
  },
  // Calls and rounds
  /** The round has not opened yet. */
  ROUND_NOT_OPEN: {
    status: 409,
    message: "The round is not open yet.",
    messageKo: "이 공모 차수는 아직 접수를 시작하지 않았습니다.",
  },
  /** The round's closing time has passed. */
  ROUND_CLOSED: {
    status: 409,
    message: "The round is closed.",
    messageKo: "이 공모 차수는 접수가 마감되었습니다.",
  },
  /** The round settings contradict each other (closing before opening, duplicate rubric criteria). */
  ROUND_SETTINGS_INVALID: {
    status: 400,
    message: "The round settings are inconsistent.",
    messageKo: "공모 차수 설정이 서로 맞지 않습니다.",
  },
  // Applications
  /** The application asks for more than the round allows one application to request. */
  APPLICATION_REQUEST_TOO_LARGE: {
    status: 422,
    message: "The application requests more than the round allows.",
    messageKo: "신청 규모가 이 공모 차수에서 과제 하나에 허용하는 한도를 넘습니다.",
  },
  /** The application's requested period is outside the round's limits. */
  APPLICATION_DURATION_INVALID: {
    status: 422,
    message: "The requested duration is outside the round's limits.",
    messageKo: "신청한 수행 기간이 이 공모 차수에서 허용하는 범위를 벗어났습니다.",
  },
  /** The application is not in a state that allows this action. */
  APPLICATION_STATE_INVALID: {
    status: 409,
    message: "The application's state does not allow this action.",
    messageKo: "신청서의 현재 상태에서는 이 작업을 할 수 없습니다.",
  },
  // Reviews
  /** The reviewer declared a conflict of interest with this application and is recused. */
  REVIEWER_CONFLICT: {
    status: 409,
    message: "The reviewer has declared a conflict of interest with this application.",
    messageKo: "심사위원이 이 신청에 대해 이해충돌을 신고했습니다.",
  },
  /** The reviewer belongs to the applicant's organization. */
  REVIEWER_SAME_ORGANIZATION: {
    status: 409,
    message: "A reviewer from the applicant's organization cannot review it.",
    messageKo: "신청 기관에 소속된 심사위원은 해당 신청을 심사할 수 없습니다.",
  },
  /** The reviewer is already assigned to this application. */
  REVIEWER_ALREADY_ASSIGNED: {
    status: 409,
    message: "The reviewer is already assigned to this application.",
    messageKo: "이 심사위원은 이미 이 신청에 배정되어 있습니다.",
  },
  /** A criterion score lies outside 0 to the criterion's maximum, or is not a whole number. */
  REVIEW_SCORE_OUT_OF_RANGE: {
    status: 422,
    message: "A score lies outside the criterion's range.",
    messageKo: "점수가 평가 항목의 배점 범위를 벗어났습니다.",
  },
  /** The review leaves out a rubric criterion or scores one the rubric does not have. */
  REVIEW_CRITERIA_MISMATCH: {
    status: 422,
    message: "The review's criteria do not match the rubric.",
    messageKo: "심사 항목이 평가표와 일치하지 않습니다.",
  },
  /** A decision was asked for before the minimum number of reviews were complete. */
  REVIEWS_INCOMPLETE: {
    status: 409,
    message: "The application does not have the minimum number of complete reviews.",
    messageKo: "완료된 심사가 최소 건수에 이르지 않았습니다.",
  },
  /** The application's score is below the round's minimum score. */
  REVIEW_SCORE_BELOW_MINIMUM: {
    status: 422,
    message: "The application's score is below the round's minimum.",
    messageKo: "신청의 심사 점수가 이 공모 차수의 최저 점수에 미치지 못합니다.",
  },
  // Allocations
  /** The allocation's state does not allow this change (e.g. it has ended). */
  ALLOCATION_STATE_INVALID: {
    status: 409,
    message: "The allocation's state does not allow this change.",
    messageKo: "할당의 현재 상태에서는 이 변경을 할 수 없습니다.",
  },
  /** The requested allocation change is not valid (e.g. an extension that ends earlier). */
  ALLOCATION_CHANGE_INVALID: {
    status: 422,
    message: "The allocation change is not valid.",
    messageKo: "요청한 할당 변경이 유효하지 않습니다.",
  },
  /** The tranche is released already, waits for an earlier tranche or a progress report, or is not due. */
  TRANCHE_NOT_RELEASABLE: {
    status: 409,
    message: "The tranche cannot be released now.",
    messageKo: "이 단계별 배정분(트랜치)은 지금 지급할 수 없습니다.",
  },
  /** The allocation is not idle by the program's reclaim rule, or the reduction exceeds what is unused. */
  RECLAIM_NOT_ALLOWED: {
    status: 409,
    message: "The allocation cannot be reclaimed.",
    messageKo: "이 할당은 회수할 수 없습니다.",
  },
} as const satisfies Record<string, ErrorSpec>;

/** A stable error code of the programs domain. */
export type ProgramErrorCode = keyof typeof PROGRAM_ERROR_CODES;
