/**
 * The port through which the control loop runs workloads on a site's cluster. One adapter per
 * kind of cluster (slurm/ talks to slurmrestd; simulated/ runs virtual clusters on an injected
 * clock), each with the same shape. Every call is idempotent by run id: a workload's run id is its
 * id and attempt (`<workload>.<attempt>`), one cluster job per attempt; the run id travels with the
 * job (Slurm: in its comment), so a restarted loop can find what it dispatched, and a requeued
 * workload runs again under its next attempt without the cluster mistaking it for the old job.
 */

export { runIdOf } from "../domain/metering/ledger.js";

/** The workload id and attempt of a run id, or null when it is not one. */
export function parseRunId(runId: string): { readonly workloadId: string; readonly attempt: number } | null {
  const m = /^(.+)\.([1-9][0-9]*)$/.exec(runId);
  return m === null ? null : { workloadId: m[1] ?? "", attempt: Number(m[2]) };
}

/** What to run, where, as whom: one workload placed by the scheduler on one cluster. */
export interface JobSpec {
  /** `<workload>.<attempt>` (see `runIdOf`). */
  readonly runId: string;
  /** The Slurm account of the project. */
  readonly account: string;
  /** The Linux user the job runs as (the submitting person's mapped user, never root). */
  readonly user: string;
  readonly name: string;
  readonly partition?: string;
  /** Accelerator model as the cluster's GRES type names it, e.g. `h100`. */
  readonly gresType: string;
  readonly acceleratorsPerNode: number;
  /** Node names chosen by the scheduler; their count is the job's node count. */
  readonly nodes: readonly string[];
  readonly timeLimitSeconds: number;
  /** A shell script starting with `#!`. */
  readonly script: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly workingDirectory?: string;
  /** Only for simulated clusters and demos: how long the job will run. */
  readonly expectedDurationSeconds?: number;
}

/** A job's state as the control loop understands it. */
export type JobState = "pending" | "running" | "succeeded" | "failed" | "cancelled" | "timeout" | "node_fail" | "preempted";

/** What the cluster says about one job of ours. */
export interface JobStatus {
  readonly runId: string;
  readonly jobId: string;
  readonly state: JobState;
  readonly nodes: readonly string[];
  readonly submittedAt: Date | null;
  readonly startedAt: Date | null;
  readonly endedAt: Date | null;
  readonly exitCode: number | null;
  /** The Linux user the job runs as, when the cluster says. */
  readonly user: string | null;
  /** The cluster's own words for why a job waits or ended, if any. */
  readonly reason: string | null;
}

/** One node as the cluster reports it. */
export interface NodeInventory {
  readonly name: string;
  /** idle, mixed, allocated, drained, draining, down, unknown */
  readonly state: "idle" | "mixed" | "allocated" | "drained" | "draining" | "down" | "unknown";
  readonly gresType: string | null;
  readonly accelerators: number;
  readonly reason: string | null;
}

/** The outcome of a submission. `adopted` when the job already existed (an earlier attempt). */
export interface Submission {
  readonly jobId: string;
  readonly adopted: boolean;
}

/** What a job printed; long outputs are cut to their last `limitBytes`. */
export interface JobOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly truncated: boolean;
}

/**
 * A Slurm account as the platform wants it (one per project): its members (Linux user names) and
 * its budget as GrpTRESMins per GRES type (`{ h100: 600 }` is `GrpTRESMins=gres/gpu:h100=600`, GPU
 * minutes over the account's life). A type not listed has no limit.
 */
export interface AccountSpec {
  readonly name: string;
  readonly description: string;
  readonly users: readonly string[];
  readonly gpuMinutes: Readonly<Record<string, number>>;
}

/** An account whose GPU-minute limits were changed, from what the cluster had to what the platform wants. */
export interface AccountLimitChange {
  readonly account: string;
  readonly before: Readonly<Record<string, number>>;
  readonly after: Readonly<Record<string, number>>;
}

/** A user's membership (association) of an account. */
export interface AccountMember {
  readonly account: string;
  readonly user: string;
}

/** What `syncAccounts` changed; empty lists when the cluster already matched. */
export interface AccountSyncReport {
  /** Accounts created (with their limits). */
  readonly created: readonly string[];
  /** Existing accounts whose limits differed (drift, or a changed award) and were set. */
  readonly updated: readonly AccountLimitChange[];
  readonly usersAdded: readonly AccountMember[];
  readonly usersRemoved: readonly AccountMember[];
  /** Accounts under the platform's parent that `desired` does not name: left as they are. */
  readonly notDesired: readonly string[];
  /** Every change made, in order, in words (for the audit trail and logs). */
  readonly repairs: readonly string[];
}

/** One cluster, as the control loop drives it. */
export interface ClusterExecutor {
  readonly clusterId: string;
  /** Submits the job unless a job with this workload id exists already (then adopts it). */
  submit(spec: JobSpec): Promise<Submission>;
  /**
   * Stops the workload's job: with `graceSeconds`, sends SIGTERM first and kills after the grace;
   * a job already ended or unknown is not an error.
   */
  cancel(runId: string, options?: { readonly graceSeconds?: number }): Promise<void>;
  /** The workload's job, or null when the cluster has none. */
  status(runId: string): Promise<JobStatus | null>;
  /** Every job of ours the cluster knows (for reconciliation after a restart). */
  list(): Promise<JobStatus[]>;
  /** The cluster's nodes, with GRES and drain/down states. */
  inventory(): Promise<NodeInventory[]>;
  /**
   * The job's standard output and error so far, each cut to its last `limitBytes` (64 KiB by
   * default), or null when the cluster has no job for the run.
   */
  output(runId: string, options?: { readonly limitBytes?: number }): Promise<JobOutput | null>;
  /**
   * Makes the cluster's accounts under the platform's parent account exactly `desired`: creates
   * missing accounts, users and memberships, sets drifted limits, removes memberships of users who
   * are no longer members. Accounts outside the parent are never touched (naming one is refused).
   */
  syncAccounts(desired: readonly AccountSpec[]): Promise<AccountSyncReport>;
}
