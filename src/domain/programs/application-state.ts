/**
 * The application state machine: draft -> submitted -> in_review -> accepted | rejected, with
 * in_review -> revision_requested -> submitted again, and withdrawal by the applicant before a
 * decision. One table holds every legal move; anything else is refused with APPLICATION_STATE_INVALID.
 */
import { withParticle } from "../korean-particles.js";
import { fail, ok, type RuleResult } from "./rule-result.js";

/** Every state an application can be in. */
export const APPLICATION_STATES = ["draft", "submitted", "in_review", "revision_requested", "accepted", "rejected", "withdrawn"] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** What can happen to an application. */
export const APPLICATION_ACTIONS = ["submit", "start_review", "request_revision", "accept", "reject", "withdraw"] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

/** Who may take each action: the applicant's organization, or the program's manager. */
export const APPLICATION_ACTION_ACTOR: Readonly<Record<ApplicationAction, "applicant" | "program_manager">> = Object.freeze({
  submit: "applicant",
  withdraw: "applicant",
  start_review: "program_manager",
  request_revision: "program_manager",
  accept: "program_manager",
  reject: "program_manager",
});

/** The legal moves: state -> action -> next state. */
const TRANSITIONS: Readonly<Record<ApplicationState, Partial<Record<ApplicationAction, ApplicationState>>>> = Object.freeze({
  draft: { submit: "submitted", withdraw: "withdrawn" },
  submitted: { start_review: "in_review", withdraw: "withdrawn" },
  in_review: { request_revision: "revision_requested", accept: "accepted", reject: "rejected", withdraw: "withdrawn" },
  revision_requested: { submit: "submitted", withdraw: "withdrawn" },
  accepted: {},
  rejected: {},
  withdrawn: {},
});

/** States no action leaves. */
export function isTerminalApplicationState(state: ApplicationState): boolean {
  return Object.keys(TRANSITIONS[state]).length === 0;
}

/** The actions allowed from a state, in the order of `APPLICATION_ACTIONS`. */
export function allowedApplicationActions(state: ApplicationState): ApplicationAction[] {
  return APPLICATION_ACTIONS.filter((a) => TRANSITIONS[state][a] !== undefined);
}

/** The state after `action`, or APPLICATION_STATE_INVALID naming the state and what it allows. */
export function transitionApplication(from: ApplicationState, action: ApplicationAction): RuleResult<ApplicationState> {
  const to = TRANSITIONS[from][action];
  if (to !== undefined) return ok(to);
  const allowed = allowedApplicationActions(from);
  return fail(
    "APPLICATION_STATE_INVALID",
    "state",
    `cannot ${action.replace("_", " ")} an application that is ${from.replace("_", " ")}; allowed: ${allowed.length > 0 ? allowed.join(", ") : "nothing (final state)"}`,
    `${from} 상태의 신청서에는 ${withParticle(action, "을/를")} 할 수 없습니다(허용: ${allowed.length > 0 ? allowed.join(", ") : "없음, 최종 상태"})`,
  );
}
