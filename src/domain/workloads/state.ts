/**
 * A workload's life (DESIGN.md, Workload). Submission admits it (validated, its time limit x
 * accelerators reserved against the balance), so it starts `queued`. The scheduler places it:
 * `dispatched` with a cluster, nodes and an attempt; the cluster starts it: `running`. It ends
 * `succeeded`, `failed`, `cancelled` or `timed_out`. A preempted run, a run whose node failed, a
 * job that vanished from its cluster, and a job left pending on its nodes too long all send the
 * workload back to `queued` under its next attempt, until it has used its attempts.
 */
export const WORKLOAD_STATES = ["queued", "dispatched", "running", "succeeded", "failed", "cancelled", "timed_out"] as const;
export type WorkloadState = (typeof WORKLOAD_STATES)[number];

export const ENDED_STATES: ReadonlySet<WorkloadState> = new Set(["succeeded", "failed", "cancelled", "timed_out"]);
/** States in which the workload holds (or is about to hold) accelerators on a cluster. */
export const ON_CLUSTER_STATES: ReadonlySet<WorkloadState> = new Set(["dispatched", "running"]);

/** How many times a workload is run before a failure of the platform's making fails it for good. */
export const MAX_ATTEMPTS = 3;

const NEXT: Readonly<Record<WorkloadState, readonly WorkloadState[]>> = {
  queued: ["dispatched", "cancelled", "failed"],
  dispatched: ["running", "queued", "succeeded", "failed", "cancelled", "timed_out"],
  running: ["queued", "succeeded", "failed", "cancelled", "timed_out"],
  succeeded: [],
  failed: [],
  cancelled: [],
  timed_out: [],
};

/** Whether the state machine allows `from` -> `to`. */
export function canMove(from: WorkloadState, to: WorkloadState): boolean {
  return NEXT[from].includes(to);
}

export function isEnded(state: WorkloadState): boolean {
  return ENDED_STATES.has(state);
}
