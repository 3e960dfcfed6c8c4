/**
 * Error codes of the programs domain, in the catalogue's shape (`{ CODE: { status, message } }`),
 * for the lead to merge into `ERROR_CATALOGUE` in `domain/errors.ts`. Each rule function in this
 * folder names its failures with one of these codes, as `Violation.rule`.
 */
import type { ErrorSpec } from "../errors.js";

/** Every programs-domain code with its HTTP status and English message. */
export const PROGRAM_ERROR_CODES = {
  // Program definition
  /** The program settings contradict each other (e.g. a target on a class the program does not fund). */
  PROGRAM_SETTINGS_INVALID: { status: 400, message: "The program settings are inconsistent." },
  // Eligibility (checked at submission; every failing rule is reported at once)
  /** The applicant's organization type is not one the program admits. */
  PROGRAM_INELIGIBLE_TYPE: { status: 422, message: "The program does not admit organizations of this type." },
  /** The applicant's region is not one the program admits. */
  PROGRAM_INELIGIBLE_REGION: { status: 422, message: "The program does not admit organizations from this region." },
  /** The applicant's KSIC section is not one the program admits. */
  PROGRAM_INELIGIBLE_SECTOR: { status: 422, message: "The program does not admit organizations of this sector." },
  /** A startup applicant was founded longer ago than the program's startup age limit. */
  PROGRAM_STARTUP_TOO_OLD: { status: 422, message: "The startup is older than the program's age limit." },
  /** The organization already holds the most concurrent awards the program allows. */
  PROGRAM_MAX_CONCURRENT_AWARDS: { status: 409, message: "The organization already holds the maximum number of concurrent awards in this program." },
  /** The organization's awarded plus requested hours would pass the program's concentration cap. */
  PROGRAM_CONCENTRATION_CAP: { status: 422, message: "The request would give one organization more than the program's concentration cap." },
  /** The request names an accelerator class the program's budget does not fund. */
  PROGRAM_CLASS_NOT_FUNDED: { status: 422, message: "The program does not fund this accelerator class." },
  /** Committing the change would exceed the program's KRW or accelerator-hour budget. */
  PROGRAM_BUDGET_EXCEEDED: { status: 409, message: "The program budget cannot cover this commitment." },
  /** A revised budget would fall below what the program has already committed. */
  PROGRAM_BUDGET_BELOW_COMMITTED: { status: 409, message: "The revised budget is below what the program has already committed." },
  /** Capital-region awards would eat into the share reserved for organizations outside the capital region. */
  PROGRAM_REGIONAL_RESERVE: { status: 409, message: "The share reserved for organizations outside the capital region would be used by a capital-region organization." },
  // Calls and rounds
  /** The round has not opened yet. */
  ROUND_NOT_OPEN: { status: 409, message: "The round is not open yet." },
  /** The round's closing time has passed. */
  ROUND_CLOSED: { status: 409, message: "The round is closed." },
  /** The round settings contradict each other (closing before opening, duplicate rubric criteria). */
  ROUND_SETTINGS_INVALID: { status: 400, message: "The round settings are inconsistent." },
  // Applications
  /** The application asks for more than the round allows one application to request. */
  APPLICATION_REQUEST_TOO_LARGE: { status: 422, message: "The application requests more than the round allows." },
  /** The application's requested period is outside the round's limits. */
  APPLICATION_DURATION_INVALID: { status: 422, message: "The requested duration is outside the round's limits." },
  /** The application is not in a state that allows this action. */
  APPLICATION_STATE_INVALID: { status: 409, message: "The application's state does not allow this action." },
  // Reviews
  /** The reviewer declared a conflict of interest with this application and is recused. */
  REVIEWER_CONFLICT: { status: 409, message: "The reviewer has declared a conflict of interest with this application." },
  /** The reviewer belongs to the applicant's organization. */
  REVIEWER_SAME_ORGANIZATION: { status: 409, message: "A reviewer from the applicant's organization cannot review it." },
  /** The reviewer is already assigned to this application. */
  REVIEWER_ALREADY_ASSIGNED: { status: 409, message: "The reviewer is already assigned to this application." },
  /** A criterion score lies outside 0 to the criterion's maximum, or is not a whole number. */
  REVIEW_SCORE_OUT_OF_RANGE: { status: 422, message: "A score lies outside the criterion's range." },
  /** The review leaves out a rubric criterion or scores one the rubric does not have. */
  REVIEW_CRITERIA_MISMATCH: { status: 422, message: "The review's criteria do not match the rubric." },
  /** A decision was asked for before the minimum number of reviews were complete. */
  REVIEWS_INCOMPLETE: { status: 409, message: "The application does not have the minimum number of complete reviews." },
  /** The application's score is below the round's minimum score. */
  REVIEW_SCORE_BELOW_MINIMUM: { status: 422, message: "The application's score is below the round's minimum." },
  // Allocations
  /** The allocation's state does not allow this change (e.g. it has ended). */
  ALLOCATION_STATE_INVALID: { status: 409, message: "The allocation's state does not allow this change." },
  /** The requested allocation change is not valid (e.g. an extension that ends earlier). */
  ALLOCATION_CHANGE_INVALID: { status: 422, message: "The allocation change is not valid." },
  /** The tranche is released already, waits for an earlier tranche or a progress report, or is not due. */
  TRANCHE_NOT_RELEASABLE: { status: 409, message: "The tranche cannot be released now." },
  /** The allocation is not idle by the program's reclaim rule, or the reduction exceeds what is unused. */
  RECLAIM_NOT_ALLOWED: { status: 409, message: "The allocation cannot be reclaimed." },
} as const satisfies Record<string, ErrorSpec>;

/** A stable error code of the programs domain. */
export type ProgramErrorCode = keyof typeof PROGRAM_ERROR_CODES;
