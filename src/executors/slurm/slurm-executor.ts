/**
 * The Slurm adapter of the `ClusterExecutor` port: one Slurm cluster behind slurmrestd. Each
 * workload is one batch job whose comment is `highway:workload=<id>`; every call finds the job by
 * that comment, so the adapter keeps no state and a restarted control loop sees what it dispatched.
 */
import { HighwayError, type Violation } from "../../domain/errors.js";
import type { SacctmgrRunner } from "./account-admin.js";
import { syncSlurmAccounts } from "./slurm-account-sync.js";
import type { AccountSpec, AccountSyncReport, ClusterExecutor, JobOutput, JobSpec, JobState, JobStatus, NodeInventory, Submission } from "../cluster-executor.js";
import { API_V0038 } from "./api-v0038.js";
import { isActive, mapSlurmJobState, shellExitCode } from "./job-state.js";
import { outputPaths, readTail } from "./job-output.js";
import type { SlurmApiVersion, SlurmJobRecord } from "./slurm-api-version.js";
import { ESLURM_INVALID_JOB_ID, ESLURM_TRANSITION_STATE_NO_UPDATE, SlurmError } from "./slurm-error.js";
import type { HttpCall, SlurmTransport } from "./slurmrestd-client.js";

const COMMENT_PREFIX = "highway:workload=";
const DEFAULT_OUTPUT_LIMIT = 64 * 1024;
const MAX_OUTPUT_LIMIT = 16 * 1024 * 1024;

/** The comment that carries a workload id on its job. */
export function runComment(runId: string): string {
  return COMMENT_PREFIX + runId;
}

/** The workload id a job's comment carries, or null for a job that is not ours. */
export function runIdInComment(comment: string): string | null {
  return comment.startsWith(COMMENT_PREFIX) && comment.length > COMMENT_PREFIX.length ? comment.slice(COMMENT_PREFIX.length) : null;
}

/** How to build a SlurmExecutor. */
export interface SlurmExecutorOptions {
  readonly clusterId: string;
  readonly transport: SlurmTransport;
  /** v0.0.38 by default. */
  readonly api?: SlurmApiVersion;
  /** The token's own user (the SlurmUser, `root` on the dev cluster): reads and cancels run as it. */
  readonly serviceUser: string;
  /** Where a job starts when its spec names no directory; `/tmp` by default. */
  readonly defaultWorkingDirectory?: string;
  /**
   * Whether slurmdbd is there to ask about jobs slurmctld has forgotten (after MinJobAge); true by
   * default. Without it an ended job eventually reads as unknown (`status` null).
   */
  readonly accounting?: boolean;
  /** How far back accounting is searched; 30 days by default. */
  readonly accountingWindowDays?: number;
  /**
   * The directory jobs write their stdout and stderr to (`<run id>.out`, `.err`): a site filesystem
   * the job users can write and this process can read. Without it `output()` is unavailable.
   */
  readonly outputRoot?: string;
  /** Slurm's ClusterName, for associations; the cluster id by default. */
  readonly slurmClusterName?: string;
  /** The account under which the platform owns every account (`syncAccounts`); `highway` by default. */
  readonly accountParent?: string;
  /** Runs sacctmgr for what slurmrestd cannot do (an existing account's limits); none by default. */
  readonly sacctmgr?: SacctmgrRunner;
  /** Waits out a cancel's grace; a timer by default, injected by tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs workloads as Slurm jobs through slurmrestd. */
export class SlurmExecutor implements ClusterExecutor {
  readonly clusterId: string;
  readonly #transport: SlurmTransport;
  readonly #api: SlurmApiVersion;
  readonly #serviceUser: string;
  readonly #workingDirectory: string;
  readonly #accounting: boolean;
  readonly #windowDays: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #outputRoot: string | null;
  readonly #slurmCluster: string;
  readonly #accountParent: string;
  readonly #sacctmgr: SacctmgrRunner | null;

  constructor(options: SlurmExecutorOptions) {
    this.clusterId = options.clusterId;
    this.#transport = options.transport;
    this.#api = options.api ?? API_V0038;
    this.#serviceUser = options.serviceUser;
    this.#workingDirectory = options.defaultWorkingDirectory ?? "/tmp";
    this.#accounting = options.accounting ?? true;
    this.#windowDays = options.accountingWindowDays ?? 30;
    this.#sleep = options.sleep ?? realSleep;
    this.#outputRoot = options.outputRoot ?? null;
    this.#slurmCluster = options.slurmClusterName ?? options.clusterId;
    this.#accountParent = options.accountParent ?? "highway";
    this.#sacctmgr = options.sacctmgr ?? null;
  }

  /**
   * Adopts any job that carries the workload id, ended or not (a job that ran to its end before a
   * crash must not run again); otherwise submits as `spec.user`, so the job runs as that user.
   */
  async submit(spec: JobSpec): Promise<Submission> {
    checkSpec(spec);
    const existing = pickJob(await this.#jobsOf(spec.runId, { accounting: true }));
    if (existing) return { jobId: existing.jobId, adopted: true };
    const files = this.#outputRoot === null ? null : outputPaths(this.#outputRoot, spec.runId);
    const call = this.#api.submit(spec, {
      comment: runComment(spec.runId),
      workingDirectory: spec.workingDirectory ?? this.#workingDirectory,
      ...(files === null ? {} : { standardOutput: files.stdout, standardError: files.stderr }),
    });
    const body = await this.#transport.send(call, spec.user);
    return { jobId: this.#read(call, () => this.#api.readSubmit(body)), adopted: false };
  }

  /**
   * Without a grace, cancels at once (Slurm's KillWait still separates its SIGTERM and SIGKILL).
   * With one, sends SIGTERM, waits `graceSeconds` through the injected sleeper, and cancels what
   * still runs; a pending job is cancelled at once, as nothing of it runs. A job that dies of the
   * SIGTERM ends FAILED in Slurm and reads as `cancelled` (see `mapSlurmJobState`).
   */
  async cancel(runId: string, options?: { readonly graceSeconds?: number }): Promise<void> {
    const grace = options?.graceSeconds ?? 0;
    const active = (await this.#jobsOf(runId, { accounting: false })).filter((j) => isActive(this.#state(j)));
    const graced: SlurmJobRecord[] = [];
    for (const job of active) {
      if (grace > 0 && this.#state(job) === "running" && (await this.#signal(job.jobId, "SIGTERM"))) graced.push(job);
      else await this.#signal(job.jobId, "SIGKILL");
    }
    if (graced.length === 0) return;
    await this.#sleep(grace * 1000);
    const still = new Set((await this.#jobsOf(runId, { accounting: false })).filter((j) => isActive(this.#state(j))).map((j) => j.jobId));
    for (const job of graced) if (still.has(job.jobId)) await this.#signal(job.jobId, "SIGKILL");
  }

  async status(runId: string): Promise<JobStatus | null> {
    const job = pickJob(await this.#jobsOf(runId, { accounting: true }));
    return job ? this.#toStatus(job) : null;
  }

  /**
   * Every job of ours slurmctld holds and, with accounting, every one slurmdbd recorded within the
   * window; one entry per job (a workload submitted twice by hand shows twice), by job id.
   */
  async list(): Promise<JobStatus[]> {
    const jobs = await this.#ourJobs({ accounting: this.#accounting });
    return jobs.sort((a, b) => Number(a.jobId) - Number(b.jobId)).map((j) => this.#toStatus(j));
  }

  /**
   * Reads the run's files under `outputRoot` (the paths submit gave the job): the last `limitBytes`
   * (64 KiB) of each; a job still pending has written nothing yet and reads as empty.
   */
  async output(runId: string, options?: { readonly limitBytes?: number }): Promise<JobOutput | null> {
    const limit = options?.limitBytes ?? DEFAULT_OUTPUT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_OUTPUT_LIMIT) {
      throw new HighwayError("VALIDATION_FAILED", {
        detail: `output of ${runId}: limitBytes must be an integer from 1 to ${MAX_OUTPUT_LIMIT}, not ${limit}`,
        detailKo: `${runId}의 출력: limitBytes 값은 1부터 ${MAX_OUTPUT_LIMIT}까지의 정수여야 합니다(받은 값: ${limit})`,
        field: "limitBytes",
        rule: "slurm_output_limit",
      });
    }
    if (this.#outputRoot === null) {
      throw new HighwayError("SERVICE_UNAVAILABLE", {
        detail: `output of ${runId}: cluster ${this.clusterId} has no outputRoot, so its jobs' output is not kept where the platform can read it`,
        detailKo: `${runId}의 출력: 클러스터 ${this.clusterId}에 outputRoot가 설정되지 않아 작업 출력이 플랫폼이 읽을 수 있는 곳에 남지 않습니다`,
        field: "outputRoot",
        rule: "slurm_output_root_unset",
      });
    }
    if (!pickJob(await this.#jobsOf(runId, { accounting: true }))) return null;
    const files = outputPaths(this.#outputRoot, runId);
    try {
      const [stdout, stderr] = await Promise.all([readTail(files.stdout, limit), readTail(files.stderr, limit)]);
      return { stdout: stdout.text, stderr: stderr.text, truncated: stdout.truncated || stderr.truncated };
    } catch (error) {
      throw new HighwayError("SERVICE_UNAVAILABLE", {
        detail: `output of ${runId}: cannot read ${files.stdout} or ${files.stderr}: ${(error as Error).message}`,
        detailKo: `${runId}의 출력: ${files.stdout} 또는 ${files.stderr} 파일을 읽을 수 없습니다: ${(error as Error).message}`,
        cause: error,
      });
    }
  }

  /** Over slurmdbd (see slurm-account-sync.ts); needs accounting. */
  async syncAccounts(desired: readonly AccountSpec[]): Promise<AccountSyncReport> {
    if (!this.#accounting) {
      throw new HighwayError("SERVICE_UNAVAILABLE", {
        detail: `cluster ${this.clusterId} has no slurmdbd (accounting: false): no accounts to sync`,
        detailKo: `클러스터 ${this.clusterId}에는 slurmdbd가 없어(accounting: false) 동기화할 계정이 없습니다`,
        field: "accounting",
        rule: "slurm_accounting_off",
      });
    }
    return syncSlurmAccounts(
      { transport: this.#transport, api: this.#api, serviceUser: this.#serviceUser, cluster: this.#slurmCluster, parent: this.#accountParent, sacctmgr: this.#sacctmgr },
      desired,
    );
  }

  async inventory(): Promise<NodeInventory[]> {
    const call = this.#api.listNodes();
    const body = await this.#transport.send(call, this.#serviceUser);
    return this.#read(call, () => this.#api.readNodes(body)).map((n) => ({
      name: n.name,
      state: n.state,
      gresType: n.gpus?.type ?? null,
      accelerators: n.gpus?.count ?? 0,
      reason: n.reason,
    }));
  }

  /** Sends a signal; false when the job cannot take it yet (still configuring) or is gone. */
  async #signal(jobId: string, signal: "SIGTERM" | "SIGKILL"): Promise<boolean> {
    try {
      await this.#transport.send(this.#api.signalJob(jobId, signal), this.#serviceUser);
      return true;
    } catch (err) {
      if (err instanceof SlurmError && err.has(ESLURM_INVALID_JOB_ID)) return false;
      if (err instanceof SlurmError && signal === "SIGTERM" && err.has(ESLURM_TRANSITION_STATE_NO_UPDATE)) return false;
      throw err;
    }
  }

  async #jobsOf(runId: string, options: { readonly accounting: boolean }): Promise<SlurmJobRecord[]> {
    const comment = runComment(runId);
    const live = (await this.#ctldJobs()).filter((j) => j.comment === comment);
    if (live.length > 0 || !options.accounting || !this.#accounting) return live;
    return (await this.#dbdJobs()).filter((j) => j.comment === comment);
  }

  async #ourJobs(options: { readonly accounting: boolean }): Promise<SlurmJobRecord[]> {
    const live = (await this.#ctldJobs()).filter((j) => runIdInComment(j.comment) !== null);
    if (!options.accounting) return live;
    const known = new Set(live.map((j) => j.jobId));
    const past = (await this.#dbdJobs()).filter((j) => runIdInComment(j.comment) !== null && !known.has(j.jobId));
    return [...live, ...past];
  }

  async #ctldJobs(): Promise<SlurmJobRecord[]> {
    const call = this.#api.listJobs();
    const body = await this.#transport.send(call, this.#serviceUser);
    return this.#read(call, () => this.#api.readJobs(body));
  }

  async #dbdJobs(): Promise<SlurmJobRecord[]> {
    const call = this.#api.listAccountingJobs(this.#windowDays);
    if (!call) return [];
    let body: unknown;
    try {
      body = await this.#transport.send(call, this.#serviceUser);
    } catch (error) {
      // A fresh slurmdbd answers a search without matches with an error, not an empty list.
      if (error instanceof SlurmError && error.failure === "refused" && this.#api.isEmptyAccountingAnswer(error.slurmErrors)) return [];
      throw error;
    }
    return this.#read(call, () => this.#api.readAccountingJobs(body));
  }

  #state(job: SlurmJobRecord): JobState {
    // A state this version does not know: treat it as still pending until Slurm gives an end.
    return mapSlurmJobState(job.state, job.exit ?? undefined) ?? (job.endedAt ? "failed" : "pending");
  }

  #toStatus(job: SlurmJobRecord): JobStatus {
    const state = this.#state(job);
    const ended = !isActive(state);
    const known = mapSlurmJobState(job.state) !== null;
    return {
      runId: runIdInComment(job.comment) ?? "",
      jobId: job.jobId,
      state,
      nodes: job.nodes,
      submittedAt: job.submittedAt,
      // Slurm fills start and end with forecasts (expected start, time-limit end) before they happen.
      startedAt: state === "pending" || job.nodes.length === 0 ? null : job.startedAt,
      endedAt: ended ? job.endedAt : null,
      exitCode: ended && job.exit ? shellExitCode(job.exit) : null,
      user: job.user === "" ? null : job.user,
      reason: this.#reason(job, ended, known),
    };
  }

  #reason(job: SlurmJobRecord, ended: boolean, known: boolean): string | null {
    const said = [known ? null : `unrecognized Slurm job state ${job.state}`, job.reason];
    // Slurm calls a batch job that died of SIGTERM a "JobLaunchFailure"; name the signal too.
    if (ended && job.exit?.signal != null) said.push(`killed by signal ${job.exit.signal}`);
    const text = said.filter((x): x is string => x !== null).join("; ");
    return text === "" ? null : text;
  }

  /** Runs a version's reader; an answer it cannot read becomes a SlurmError naming the call. */
  #read<T>(call: HttpCall, reader: () => T): T {
    try {
      return reader();
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
      const operation = `${call.method} ${call.path}`;
      throw new SlurmError({ failure: "malformed", operation, detail: err.message, detailKo: `slurmrestd ${operation}: 응답을 읽을 수 없습니다: ${err.message}`, cause: err });
    }
  }
}

/** The job that stands for a workload: an active one if any, else the latest. */
function pickJob(jobs: readonly SlurmJobRecord[]): SlurmJobRecord | undefined {
  const byLatest = [...jobs].sort((a, b) => Number(b.jobId) - Number(a.jobId));
  const active = byLatest.find((j) => {
    const s = mapSlurmJobState(j.state, j.exit ?? undefined);
    return s === null || isActive(s);
  });
  return active ?? byLatest[0];
}

function checkSpec(spec: JobSpec): void {
  const problems: Violation[] = [];
  const problem = (message: string, messageKo: string): void => void problems.push({ field: "spec", rule: "slurm_job_spec", message, messageKo });
  if (!spec.runId) problem("runId must not be empty", "runId 값이 비어 있으면 안 됩니다");
  if (!spec.user || spec.user === "root") problem("user must name the mapped Linux user, never root", "user 값은 연결된 Linux 사용자여야 하며 root일 수 없습니다");
  if (spec.nodes.length === 0) problem("nodes must name at least one node", "nodes에 노드가 하나 이상 있어야 합니다");
  if (!spec.script.startsWith("#!")) problem("script must start with #!", "script는 #!로 시작해야 합니다");
  if (problems.length > 0) {
    throw new HighwayError("VALIDATION_FAILED", {
      detail: `job spec for workload ${spec.runId}: ${problems.map((p) => p.message).join("; ")}`,
      detailKo: `워크로드 ${spec.runId}의 작업 명세: ${problems.map((p) => p.messageKo).join("; ")}`,
      violations: problems,
    });
  }
}
