/**
 * Submission, the moment most rules meet: the application's state must allow `submit`, the round
 * must be open, and then the round's request limits and the program's eligibility are checked
 * together so that every failing rule is named in one answer.
 */
import { seoulDate } from "../clock.js";
import { transitionApplication, type ApplicationState } from "./application-state.js";
import type { Instant } from "./allocation.js";
import { requestedHoursByClass } from "./application.js";
import { eligibilityViolations, type EligibilityApplicant } from "./eligibility.js";
import type { ProgramSettings } from "./program.js";
import { checkRoundOpen, requestLimitViolations, type ApplicationRequest, type RoundSettings } from "./round.js";
import { failAll, ok, type RuleResult } from "./rule-result.js";

/** Everything submission reads, gathered by the service in its transaction. */
export interface SubmissionCheck {
  readonly program: Pick<ProgramSettings, "eligibility" | "budget">;
  readonly round: Pick<RoundSettings, "opensAt" | "closesAt" | "requestLimits">;
  readonly state: ApplicationState;
  readonly request: ApplicationRequest;
  /** The applicant's standing; its requested hours are read from `request`. */
  readonly applicant: Omit<EligibilityApplicant, "requestedHours">;
  readonly at: Instant;
}

/**
 * The state after submission ("submitted"), or the reason it is refused: APPLICATION_STATE_INVALID,
 * then ROUND_NOT_OPEN / ROUND_CLOSED, each alone; otherwise every request-limit and eligibility
 * violation at once (limits first), the code being the first one's. Startup age is counted on the
 * Asia/Seoul calendar date of `at`.
 */
export function checkSubmission(check: SubmissionCheck): RuleResult<ApplicationState> {
  const next = transitionApplication(check.state, "submit");
  if (!next.ok) return next;
  const open = checkRoundOpen(check.round, check.at);
  if (!open.ok) return open;
  const violations = [
    ...requestLimitViolations(check.round, check.request),
    ...eligibilityViolations(check.program, { ...check.applicant, requestedHours: requestedHoursByClass(check.request) }, seoulDate(new Date(check.at))),
  ];
  return violations.length > 0 ? failAll(violations) : ok(next.value);
}
