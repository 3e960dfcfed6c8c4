/**
 * Slurm's job states and exit codes in the control loop's terms. Pure: the version mappings hand
 * over Slurm's state name and the job's wait status, and this file decides what they mean.
 */
import type { JobState } from "../cluster-executor.js";

/** How a job's batch script ended, decoded from a wait(2) status. */
export interface JobExit {
  /** The exit status when the script exited on its own. */
  readonly code: number | null;
  /** The signal that killed it, if one did. */
  readonly signal: number | null;
}

const SIGTERM = 15;

/**
 * Decodes the wait(2) status that slurmctld reports as a job's `exit_code` (`768` is `exit 3`,
 * `15` is death by SIGTERM).
 */
export function decodeWaitStatus(status: number): JobExit {
  const signal = status & 0x7f;
  if (signal !== 0) return { code: null, signal };
  return { code: (status >> 8) & 0xff, signal: null };
}

/** One number for a job's exit, as a shell reports it: the exit status, or 128 + the signal. */
export function shellExitCode(exit: JobExit): number | null {
  if (exit.signal !== null) return 128 + exit.signal;
  return exit.code;
}

const BY_NAME: Readonly<Record<string, JobState>> = {
  PENDING: "pending",
  REQUEUED: "pending",
  REQUEUE_HOLD: "pending",
  REQUEUE_FED: "pending",
  RESV_DEL_HOLD: "pending",
  RUNNING: "running",
  CONFIGURING: "running",
  COMPLETING: "running",
  RESIZING: "running",
  SIGNALING: "running",
  STAGE_OUT: "running",
  // A suspended job keeps its nodes; the loop has no state of its own for it.
  SUSPENDED: "running",
  COMPLETED: "succeeded",
  FAILED: "failed",
  OUT_OF_MEMORY: "failed",
  SPECIAL_EXIT: "failed",
  CANCELLED: "cancelled",
  REVOKED: "cancelled",
  TIMEOUT: "timeout",
  DEADLINE: "timeout",
  NODE_FAIL: "node_fail",
  BOOT_FAIL: "node_fail",
  PREEMPTED: "preempted",
};

/** The states in which a job holds or waits for nodes; any other is final. */
export function isActive(state: JobState): boolean {
  return state === "pending" || state === "running";
}

/**
 * Maps Slurm's base job state (any case) to a `JobState`, or null for a name this table does not
 * know (a newer Slurm's). A job that FAILED because SIGTERM killed it is `cancelled`: Slurm itself
 * only sends SIGTERM when someone cancels with a signal (its own timeouts and preemptions carry
 * their own states), which is how `cancel` with a grace ends a job that does not catch it.
 */
export function mapSlurmJobState(name: string, exit?: JobExit): JobState | null {
  const state = BY_NAME[name.toUpperCase()];
  if (state === undefined) return null;
  if (state === "failed" && exit?.signal === SIGTERM) return "cancelled";
  return state;
}
