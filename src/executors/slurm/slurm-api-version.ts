/**
 * What differs between slurmrestd's OpenAPI versions: paths and field names. The executor speaks
 * through this interface only, so a version (v0.0.40+, whose fields differ from v0.0.38's) is one
 * more implementation beside `api-v0038.ts`.
 */
import type { JobSpec } from "../cluster-executor.js";
import type { GpuGres } from "./gres.js";
import type { JobExit } from "./job-state.js";
import type { NodeState } from "./node-state.js";
import type { SlurmErrorEntry } from "./slurm-error.js";
import type { HttpCall } from "./slurmrestd-client.js";

/** One job as a version reads it from slurmctld or slurmdbd, before the loop's mapping. */
export interface SlurmJobRecord {
  readonly jobId: string;
  /** Slurm's base state name, e.g. `RUNNING`. */
  readonly state: string;
  /** How the batch script ended; null while it runs or when Slurm does not say. */
  readonly exit: JobExit | null;
  readonly comment: string;
  readonly user: string;
  /** Allocated nodes (empty while pending). */
  readonly nodes: readonly string[];
  readonly submittedAt: Date | null;
  /** As Slurm reports it; for a pending job possibly an expected start. */
  readonly startedAt: Date | null;
  /** As Slurm reports it; for a running job the time limit's end. */
  readonly endedAt: Date | null;
  readonly reason: string | null;
}

/** One node as a version reads it. */
export interface SlurmNodeRecord {
  readonly name: string;
  readonly state: NodeState;
  readonly gpus: GpuGres | null;
  readonly reason: string | null;
}

/** One association as a version reads it from slurmdbd: an account's own (user null) or a user's. */
export interface SlurmAssociationRecord {
  readonly account: string;
  readonly user: string | null;
  /** Set on an account's own association only. */
  readonly parentAccount: string | null;
  /** GrpTRESMins entries `gres/gpu:<type>`, by type. */
  readonly gpuMinutes: Readonly<Record<string, number>>;
}

/** What the executor adds to a spec when it submits. */
export interface SubmitExtras {
  /** Carries the workload id (see `runComment`). */
  readonly comment: string;
  readonly workingDirectory: string;
  /** Where the job's stdout and stderr go; Slurm's default (`slurm-<id>.out` in the working directory) when absent. */
  readonly standardOutput?: string;
  readonly standardError?: string;
}

/** The signals the executor sends. */
export type JobSignal = "SIGTERM" | "SIGKILL";

/** One slurmrestd OpenAPI version: the calls to make and how to read their answers. */
export interface SlurmApiVersion {
  /** e.g. `v0.0.38` */
  readonly name: string;
  ping(): HttpCall;
  submit(spec: JobSpec, extras: SubmitExtras): HttpCall;
  /** The new job's id from a successful submit answer. */
  readSubmit(body: unknown): string;
  /** Every job slurmctld still holds (running, pending, and recently ended). */
  listJobs(): HttpCall;
  readJobs(body: unknown): SlurmJobRecord[];
  /** SIGKILL cancels the job outright (Slurm's own KillWait grace applies); others signal it. */
  signalJob(jobId: string, signal: JobSignal): HttpCall;
  listNodes(): HttpCall;
  readNodes(body: unknown): SlurmNodeRecord[];
  /** slurmdbd's jobs eligible within the last `days` days, or null when the version has no such call. */
  listAccountingJobs(days: number): HttpCall | null;
  readAccountingJobs(body: unknown): SlurmJobRecord[];
  /** True when slurmdbd's "error" only says the search found nothing (22.05 answers an empty result so). */
  isEmptyAccountingAnswer(errors: readonly SlurmErrorEntry[]): boolean;
  /** Every association of a cluster. */
  listAssociations(cluster: string): HttpCall;
  readAssociations(body: unknown): SlurmAssociationRecord[];
  /** Every user slurmdbd knows. */
  listUsers(): HttpCall;
  readUsers(body: unknown): string[];
  /** Adds account records (a no-op for one that exists). */
  addAccounts(accounts: readonly { readonly name: string; readonly description: string; readonly organization: string }[]): HttpCall;
  /** Adds an account's own association under its parent, with its GPU-minute limits. */
  addAccountAssociation(cluster: string, account: string, parent: string, gpuMinutes: Readonly<Record<string, number>>): HttpCall;
  addUsers(names: readonly string[]): HttpCall;
  addUserAssociations(cluster: string, members: readonly { readonly account: string; readonly user: string }[]): HttpCall;
  removeUserAssociation(cluster: string, account: string, user: string): HttpCall;
  /**
   * Sets an existing account's GPU-minute limits, or null when the version cannot (dbv0.0.38 answers
   * such a POST with success and changes nothing); the executor then falls back to sacctmgr.
   */
  setAccountLimits(cluster: string, account: string, gpuMinutes: Readonly<Record<string, number>>): HttpCall | null;
}
