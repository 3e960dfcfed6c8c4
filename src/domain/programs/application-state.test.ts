import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATES,
  isTerminalApplicationState,
  transitionApplication,
  type ApplicationAction,
  type ApplicationState,
} from "./application-state.js";

// The full table, written out independently of the implementation: [from, action, to or null].
const EXPECTED: [ApplicationState, ApplicationAction, ApplicationState | null][] = [];
const LEGAL: Record<string, ApplicationState> = {
  "draft/submit": "submitted",
  "draft/withdraw": "withdrawn",
  "submitted/start_review": "in_review",
  "submitted/withdraw": "withdrawn",
  "in_review/request_revision": "revision_requested",
  "in_review/accept": "accepted",
  "in_review/reject": "rejected",
  "in_review/withdraw": "withdrawn",
  "revision_requested/submit": "submitted",
  "revision_requested/withdraw": "withdrawn",
};
for (const from of APPLICATION_STATES) {
  for (const action of APPLICATION_ACTIONS) EXPECTED.push([from, action, LEGAL[`${from}/${action}`] ?? null]);
}

describe("transitionApplication", () => {
  it.each(EXPECTED)("%s --%s--> %s", (from, action, to) => {
    const result = transitionApplication(from, action);
    if (to === null) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe("APPLICATION_STATE_INVALID");
        expect(result.violations[0]!.message).toContain(from.replace("_", " "));
      }
    } else {
      expect(result).toEqual({ ok: true, value: to });
    }
  });

  it("follows the happy path with one revision", () => {
    let state: ApplicationState = "draft";
    for (const action of ["submit", "start_review", "request_revision", "submit", "start_review", "accept"] as const) {
      const r = transitionApplication(state, action);
      if (!r.ok) throw new Error(r.violations[0]!.message);
      state = r.value;
    }
    expect(state).toBe("accepted");
  });

  it("never leaves a final state, whatever actions follow", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...APPLICATION_ACTIONS), { maxLength: 30 }), (actions) => {
        let state: ApplicationState = "draft";
        let final: ApplicationState | null = null;
        for (const action of actions) {
          const r = transitionApplication(state, action);
          if (final !== null && r.ok) return false;
          if (r.ok) state = r.value;
          if (isTerminalApplicationState(state)) final = state;
        }
        return final === null || state === final;
      }),
    );
  });
});
