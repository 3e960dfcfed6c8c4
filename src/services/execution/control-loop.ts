/**
 * The control loop: one active scheduler for the whole fleet (DESIGN.md, Architecture). Each
 * cycle, as leader, it
 *
 * 1. follows every workload on a cluster: one `list()` per cluster, matched by run id; it records
 *    starts, meters running work at least every `meterIntervalSeconds` and at the end, settles
 *    ends, requeues preempted, lost and node-failed runs under their next attempt (those writes:
 *    run-settlement.ts, which also gives the loop its fenced transactions), withdraws jobs
 *    left pending on their nodes too long, submits a dispatched run the cluster does not have yet
 *    (a crash between decision and submission) and adopts one it has that was never recorded
 *    (a crash between submission and its commit);
 * 2. brings the scheduler state it keeps across cycles up to date and runs a scheduling cycle on it
 *    (kept-scheduler.ts): only new, changed and gone workloads are read and applied
 *    (live-state.ts), so that a change made behind the loop's back is never missed, and the state
 *    is built afresh when this replica becomes leader, after a failed cycle, or when the fleet,
 *    the closed nodes or a queue's parameters change;
 * 3. commits placements, preemptions and the waiting reasons that changed (waiting-reasons.ts),
 *    fenced by its epoch; a placement the store skipped is taken out of the kept state, and placed
 *    and preempted workloads are read again at the next cycle;
 * 4. submits the placed runs to their clusters.
 *
 * Because a decision is committed before its job is submitted and every submission is
 * adopt-or-submit by run id, a crash at any step neither loses nor duplicates a run.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { HighwayError } from "../../domain/errors.js";
import { runIdOf } from "../../domain/metering/index.js";
import { DEFAULT_MAINTENANCE_LEAD_SECONDS } from "../../domain/operations/index.js";
import { lifecycleReason, slurmAccountOf, type WorkloadSpec, type WorkloadState } from "../../domain/workloads/index.js";
import type { ClusterExecutor, JobStatus, Submission } from "../../executors/cluster-executor.js";
import { highwayPolicy, type Decisions, type SchedulerPolicy } from "../../scheduler/index.js";
import { fromStored } from "../../store/json-codec.js";
import { rowsOf } from "../../store/rows.js";
import { allocationBalances, allocations, people, programs, projectMembers, workloads } from "../../store/schema/index.js";
import type { ServiceDeps } from "../context.js";
import type { FleetView, FleetViewCache } from "../workloads/fleet-view.js";
import { Leadership } from "./leadership.js";
import { emptyCounts, RunSettlement, type Due } from "./run-settlement.js";
import { syncAllAccounts } from "./account-sync.js";
import { uuidArray } from "./active-workloads.js";
import { KeptScheduler } from "./kept-scheduler.js";
import { preemptingReason } from "./preempting-reason.js";
import { WaitingReasons } from "./waiting-reasons.js";

type WorkloadRow = typeof workloads.$inferSelect;

/** What the follow step reads of each run on a cluster (not the spec: scripts can be large). */
const FOLLOWED = {
  id: workloads.id,
  state: workloads.state,
  attempt: workloads.attempt,
  cluster: workloads.cluster,
  jobId: workloads.jobId,
  dispatchedAt: workloads.dispatchedAt,
  startedAt: workloads.startedAt,
  meteredUntil: workloads.meteredUntil,
  cancelRequestedAt: workloads.cancelRequestedAt,
};
type FollowedRow = Pick<WorkloadRow, keyof typeof FOLLOWED>;

/**
 * Named steps at which a test can make the process kill itself (HIGHWAY_FAILPOINT): after a
 * placement is committed, before its job is submitted, after submission before the job id is
 * committed, and after that commit.
 */
export type Failpoint = "after-decision" | "before-submit" | "after-submit" | "after-commit";

export interface ControlLoopOptions {
  /** Names this replica in the lease and in events. */
  readonly holder: string;
  readonly policy?: SchedulerPolicy;
  /** Pause between cycles. */
  readonly intervalMs?: number;
  /** Running work is metered at least this often (the issue asks for 5 minutes at most). */
  readonly meterIntervalSeconds?: number;
  /** A run still pending on its assigned nodes after this long is withdrawn and rescheduled. */
  readonly pendingTimeoutSeconds?: number;
  /** Nodes close to new work this long before a maintenance window starts. */
  readonly maintenanceLeadSeconds?: number;
  /**
   * A waiting reason whose code is unchanged but whose figures moved ("the best node has 3 free")
   * is written again at most this often (60 s by default); a new code is written at once.
   */
  readonly reasonRefreshSeconds?: number;
  /** The cluster's GRES type of a fleet model (Slurm sites name them their own way). */
  readonly gresType?: (cluster: string, model: string) => string;
  /** Called at each named step; `highway serve` kills the process there when HIGHWAY_FAILPOINT names it. */
  readonly failpoint?: (name: Failpoint) => void;
  readonly onError?: (error: unknown) => void;
  /** Called with the report of each cycle that `start` runs. */
  readonly onCycle?: (report: CycleReport) => void;
  /** Accounts are synced to the clusters when awards or members change, and at least this often. */
  readonly accountSyncSeconds?: number;
  /** Called with the fleet in service at each cycle (the server adds simulated clusters for new clusters). */
  readonly onFleet?: (fleet: FleetView) => void;
}

/** What one cycle did, for logs, metrics and tests. */
export interface CycleReport {
  readonly leader: boolean;
  readonly epoch: number | null;
  readonly placed: number;
  readonly preempted: number;
  readonly submitted: number;
  readonly adopted: number;
  readonly started: number;
  readonly ended: number;
  readonly requeued: number;
  readonly meteredSeconds: bigint;
  readonly waiting: number;
  /** Whether this cycle built the scheduler's state afresh or kept the last one's (null: not leading). */
  readonly schedulerState: "built" | "kept" | null;
}

const ACTIVE: WorkloadState[] = ["queued", "dispatched", "running"];

/** Submissions to a cluster at once while dispatching (slurmrestd takes several in parallel). */
const SUBMIT_CONCURRENCY = 16;

/** Runs settled in one transaction by the follow step. */
const SETTLE_BATCH = 256;

/** A run's job as submitted or found on its cluster, to be recorded. */
interface Recorded {
  readonly row: Pick<WorkloadRow, "id" | "attempt" | "cluster">;
  readonly jobId: string;
  readonly adopted: boolean;
}

/** What following the clusters found to do after it: runs to submit, and jobs to adopt. */
interface Unrecorded {
  readonly submit: FollowedRow[];
  readonly adopt: Recorded[];
}


export class ControlLoop {
  readonly leadership: Leadership;
  /** Fenced transactions, and the starts, metering and ends of runs (run-settlement.ts). */
  readonly #runs: RunSettlement;
  readonly #intervalMs: number;
  readonly #meterEvery: number;
  readonly #pendingTimeout: number;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #stopped = false;
  /** The waiting reasons written, so that a cycle writes only those that changed (waiting-reasons.ts). */
  readonly #reasons: WaitingReasons;
  #counts = emptyCounts();
  #accountsFingerprint = "";
  #accountsSyncedAt = 0;
  /** The scheduler's state kept across cycles while this replica leads (kept-scheduler.ts). */
  readonly #scheduler: KeptScheduler;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly fleetView: FleetViewCache,
    private readonly options: ControlLoopOptions,
  ) {
    this.leadership = new Leadership(deps.store, deps.clock, options.holder);
    const policy = options.policy ?? highwayPolicy();
    this.#intervalMs = options.intervalMs ?? 2_000;
    this.#meterEvery = options.meterIntervalSeconds ?? 300;
    this.#pendingTimeout = options.pendingTimeoutSeconds ?? 600;
    this.#scheduler = new KeptScheduler(deps.store.db, policy, options.maintenanceLeadSeconds ?? DEFAULT_MAINTENANCE_LEAD_SECONDS);
    this.#reasons = new WaitingReasons((options.reasonRefreshSeconds ?? 60) * 1000);
    this.#runs = new RunSettlement(deps, this.leadership, {
      actor: `system:scheduler/${options.holder}`,
      meterEverySeconds: this.#meterEvery,
      halfLifeSeconds: policy.fairShareHalfLifeSeconds,
      onError: (error) => options.onError?.(error),
      // A workload back in the queue gets its waiting reason written again.
      onRequeued: (workloadId) => this.#reasons.forget(workloadId),
    });
  }

  /** Runs cycles until `stop`. */
  start(): void {
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      this.#running = this.cycle()
        .then((report) => this.options.onCycle?.(report))
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.#running = null;
          if (!this.#stopped) this.#timer = setTimeout(tick, this.#intervalMs);
        });
    };
    tick();
  }

  /** Finishes the cycle in flight and gives up leadership. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    await this.#running;
    await this.leadership.release();
  }

  /** One cycle; does nothing but report when another replica leads. */
  async cycle(): Promise<CycleReport> {
    const epoch = await this.leadership.ensure();
    this.#counts = emptyCounts();
    if (epoch === null) {
      this.#scheduler.reset();
      return { leader: false, epoch: null, ...this.#counts, placed: 0, preempted: 0, waiting: 0, schedulerState: null };
    }
    try {
      const fleet = await this.fleetView.get();
      this.options.onFleet?.(fleet);
      await this.syncAccounts(fleet);
      await this.stopExhausted();
      await this.follow(fleet);
      const decisions = await this.#scheduler.cycle(fleet, epoch, this.deps.clock.now(), (gone) => this.#reasons.forget(gone));
      const placed = await this.commitDecisions(decisions);
      await this.dispatchAll(placed);
      return {
        leader: true,
        epoch,
        ...this.#counts,
        placed: decisions.placements.length,
        preempted: decisions.preemptions.length,
        waiting: decisions.waiting.length,
        schedulerState: this.#scheduler.last,
      };
    } catch (error) {
      // Whatever the failed cycle left in the kept state, or remembers as written, may not match
      // the store: build it again, and write every waiting reason again.
      this.#scheduler.reset();
      this.#reasons.clear();
      throw error;
    }
  }

  // ---- 0. accounts ---------------------------------------------------------------------------

  /** Syncs the clusters' accounts when allocations, members or Linux users changed, or when due. */
  private async syncAccounts(fleet: FleetView): Promise<void> {
    const executors = this.deps.executors;
    if (executors === undefined || executors.size === 0) return;
    const db = this.deps.store.db;
    const [a] = await db.select({ n: sql<string>`count(*)::text`, at: sql<string>`max(${allocations.updatedAt})::text` }).from(allocations);
    const [m] = await db.select({ n: sql<string>`count(*)::text` }).from(projectMembers);
    const [p] = await db.select({ at: sql<string>`max(${people.updatedAt})::text` }).from(people);
    const now = this.deps.clock.now().getTime();
    const fingerprint = `${a?.n}/${a?.at}/${m?.n}/${p?.at}`;
    if (fingerprint === this.#accountsFingerprint && now - this.#accountsSyncedAt < (this.options.accountSyncSeconds ?? 300) * 1000) return;
    const results = await syncAllAccounts(this.deps.store.db, fleet, executors.values(), (c, m) => this.options.gresType?.(c, m) ?? m);
    const failed = [...results.values()].filter((r) => r instanceof Error);
    for (const error of failed) this.options.onError?.(error);
    // A failed cluster is tried again at the next cycle.
    if (failed.length === 0) this.#accountsFingerprint = fingerprint;
    this.#accountsSyncedAt = now;
  }

  /**
   * Under a program whose policy is `stop`, marks for cancellation the work of every allocation and
   * class whose balance is used up (used >= granted); the follow step then stops the jobs and meters
   * them to their end. Under `finish`, running work runs to its end.
   */
  private async stopExhausted(): Promise<void> {
    const now = this.deps.clock.now();
    const victims = await this.deps.store.db
      .select({ id: workloads.id, state: workloads.state, attempt: workloads.attempt })
      .from(workloads)
      .innerJoin(allocationBalances, and(eq(allocationBalances.allocationId, workloads.allocationId), eq(allocationBalances.acceleratorClass, workloads.acceleratorClass)))
      .innerJoin(programs, eq(programs.id, workloads.programId))
      .where(
        and(
          inArray(workloads.state, ACTIVE),
          isNull(workloads.cancelRequestedAt),
          sql`${allocationBalances.usedSeconds} >= ${allocationBalances.grantedSeconds}`,
          sql`${programs.settings}->>'onBalanceExhausted' = 'stop'`,
        ),
      );
    if (victims.length === 0) return;
    await this.#runs.transaction(async (tx, later) => {
      for (const v of victims) {
        const reason = lifecycleReason({ key: "balance-exhausted", params: {} });
        if (v.state === "queued") {
          const [row] = await tx.select().from(workloads).where(eq(workloads.id, v.id)).for("update");
          if (row?.state === "queued") await this.#runs.finish(tx, later, row, "cancelled", reason, null, now, now, this.#counts);
        } else {
          await tx
            .update(workloads)
            .set({ cancelRequestedAt: now, reason: reason.reason, lifecycleClauses: reason.clauses, updatedAt: now, epoch: this.leadership.epoch })
            .where(eq(workloads.id, v.id));
          later.event(v.id, v.state, v.attempt, reason);
        }
      }
    });
  }

  // ---- 1. follow what runs -------------------------------------------------------------------

  private async follow(fleet: FleetView): Promise<void> {
    const rows = await this.deps.store.db.select(FOLLOWED).from(workloads).where(inArray(workloads.state, ["dispatched", "running"]));
    const pending: Unrecorded = { submit: [], adopt: [] };
    const due: Due[] = [];
    const byCluster = new Map<string, FollowedRow[]>();
    for (const row of rows) if (row.cluster !== null) byCluster.set(row.cluster, [...(byCluster.get(row.cluster) ?? []), row]);
    for (const [cluster, clusterRows] of byCluster) {
      const executor = this.deps.executors?.get(cluster);
      if (executor === undefined) continue;
      let jobs: JobStatus[];
      try {
        jobs = await executor.list();
      } catch (error) {
        // An unreachable cluster: its workloads keep their state until it answers again.
        this.options.onError?.(error);
        continue;
      }
      const byRun = new Map(jobs.map((j) => [j.runId, j]));
      for (const row of clusterRows) {
        try {
          await this.followOne(row, byRun.get(runIdOf(row.id, row.attempt)), executor, pending, due);
        } catch (error) {
          if (error instanceof HighwayError && error.code === "SCHEDULER_FENCED") throw error;
          this.options.onError?.(error);
        }
      }
    }
    for (let i = 0; i < due.length; i += SETTLE_BATCH) await this.#runs.settle(due.slice(i, i + SETTLE_BATCH), fleet, this.#counts);
    // Runs decided but never submitted are submitted now; jobs submitted but never recorded are adopted.
    await this.recordJobs(pending.adopt);
    await this.dispatchAll(await this.fullRows(pending.submit));
  }

  /** The full rows (with the spec to submit) of runs still the same attempt on a cluster, without a job. */
  private async fullRows(runs: readonly FollowedRow[]): Promise<WorkloadRow[]> {
    if (runs.length === 0) return [];
    const attempts = new Map(runs.map((r) => [r.id, r.attempt]));
    const rows = await this.deps.store.db
      .select()
      .from(workloads)
      .where(and(sql`${workloads.id} = any(${uuidArray([...attempts.keys()])}::uuid[])`, inArray(workloads.state, ["dispatched", "running"]), isNull(workloads.jobId)));
    return rows.filter((r) => r.attempt === attempts.get(r.id));
  }

  /**
   * Sorts one run by what its job says: starts, metering and ends go to `due`, to be settled in
   * batches; a vanished run is requeued, and a job pending on its nodes too long is withdrawn.
   */
  private async followOne(row: FollowedRow, job: JobStatus | undefined, executor: ClusterExecutor, unrecorded: Unrecorded, due: Due[]): Promise<void> {
    const now = this.deps.clock.now();
    const runId = runIdOf(row.id, row.attempt);
    if (job === undefined) {
      if (row.jobId === null) {
        unrecorded.submit.push(row);
        return;
      }
      return this.#runs.transaction(async (tx, later) => {
        const current = await this.#runs.lockRow(tx, row);
        if (current === null) return;
        const vanished = lifecycleReason({ key: "job-vanished", params: { job: row.jobId ?? "", run: runId, cluster: row.cluster ?? "" } });
        await this.#runs.requeue(tx, later, current, vanished, now, this.#counts);
      });
    }
    if (job.state === "pending") {
      if (row.jobId === null) unrecorded.adopt.push({ row, jobId: job.jobId, adopted: true });
      const since = row.dispatchedAt?.getTime() ?? now.getTime();
      if (now.getTime() - since > this.#pendingTimeout * 1000 || row.cancelRequestedAt !== null) {
        await executor.cancel(runId);
        await this.#runs.transaction(async (tx, later) => {
          const current = await this.#runs.lockRow(tx, row);
          if (current === null) return;
          if (current.cancelRequestedAt !== null) {
            return this.#runs.finish(tx, later, current, "cancelled", lifecycleReason({ key: "cancelled-before-start", params: {} }), null, now, now, this.#counts);
          }
          const withdrawn = lifecycleReason({ key: "withdrawn-pending", params: { seconds: this.#pendingTimeout, clusterReason: job.reason } });
          await this.#runs.requeue(tx, later, current, withdrawn, now, this.#counts);
        });
      }
      return;
    }
    if (job.state === "running") {
      // Most running work needs nothing this cycle: no start to record, no metering due.
      const last = row.meteredUntil ?? row.startedAt;
      const meteringDue = last === null || now.getTime() - last.getTime() >= this.#meterEvery * 1000;
      if (row.cancelRequestedAt !== null) await executor.cancel(runId);
      if (row.state === "running" && row.jobId !== null && !meteringDue) return;
    }
    due.push({ row, job });
  }

  // ---- 2. decide: the kept scheduler state and a cycle on it (kept-scheduler.ts) ------------------

  // ---- 3. commit ------------------------------------------------------------------------------

  private async commitDecisions(decisions: Decisions): Promise<WorkloadRow[]> {
    const now = this.deps.clock.now();
    let committed = new Set<string>();
    const placed = await this.#runs.transaction(async (tx, later) => {
      let rows: WorkloadRow[] = [];
      if (decisions.placements.length > 0) {
        // Every placement in one conditional update with one JSON parameter; a workload no longer
        // queued (cancelled meanwhile) is skipped.
        const reasons = new Map(
          decisions.placements.map((p) => [
            p.workload,
            lifecycleReason({ key: "placed", params: { cluster: p.cluster, nodes: p.nodes.length, perNode: p.acceleratorsPerNode, model: p.model, backfilled: p.backfilled } }),
          ]),
        );
        const records = decisions.placements.map((p) => {
          const placed = reasons.get(p.workload)!;
          return { id: p.workload, cluster: p.cluster, model: p.model, nodes: p.nodes, reason: placed.reason, clauses: placed.clauses };
        });
        const updated = rowsOf<{ id: string }>(
          await tx.execute(sql`
            update workloads w set state = 'dispatched', attempt = w.attempt + 1, cluster = v.cluster, placed_model = v.model, nodes = v.nodes,
              job_id = null, dispatched_at = ${now}, reason = v.reason, lifecycle_clauses = v.clauses, wait_code = null, wait_clauses = null, updated_at = ${now}, epoch = ${this.leadership.epoch}
            from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(id uuid, cluster text, model text, nodes jsonb, reason text, clauses jsonb)
            where w.id = v.id and w.state = 'queued'
            returning w.id`),
        );
        committed = new Set(updated.map((u) => u.id));
        if (updated.length > 0) {
          const order = new Map(decisions.placements.map((p, i) => [p.workload, i]));
          rows = (await tx.select().from(workloads).where(sql`${workloads.id} = any(${uuidArray([...committed])}::uuid[])`)).sort((x, y) => order.get(x.id)! - order.get(y.id)!);
        }
        for (const row of rows) {
          later.event(row.id, "dispatched", row.attempt, reasons.get(row.id)!);
          this.#reasons.forget(row.id);
        }
      }
      for (const p of decisions.preemptions) {
        const preempting = preemptingReason(p);
        const [row] = await tx
          .update(workloads)
          .set({ preemptingAt: now, reason: preempting.reason, lifecycleClauses: preempting.clauses, updatedAt: now, epoch: this.leadership.epoch })
          .where(and(eq(workloads.id, p.workload), inArray(workloads.state, ["dispatched", "running"]), isNull(workloads.preemptingAt)))
          .returning();
        if (row !== undefined) later.event(row.id, row.state, row.attempt, preempting);
      }
      await this.#reasons.write(tx, decisions.waiting, now.getTime());
      return rows;
    });
    // A placement the update skipped must not keep its capacity in the kept state.
    const skipped = decisions.placements.filter((p) => !committed.has(p.workload)).map((p) => p.workload);
    this.#scheduler.withdraw(skipped, Math.floor(now.getTime() / 1000));
    this.options.failpoint?.("after-decision");
    for (const p of decisions.preemptions) {
      const [row] = await this.deps.store.db.select().from(workloads).where(eq(workloads.id, p.workload));
      const executor = row?.cluster ? this.deps.executors?.get(row.cluster) : undefined;
      if (row === undefined || executor === undefined) continue;
      // The grace runs inside the adapter's cancel; the cycle does not wait for it.
      executor.cancel(runIdOf(row.id, row.attempt), { graceSeconds: p.gracePeriodSeconds }).catch((error: unknown) => this.options.onError?.(error));
    }
    return placed;
  }

  // ---- 4. dispatch ----------------------------------------------------------------------------

  /** Submits the row's current run (adopting the job if the cluster has it already) and records its job id. */
  /**
   * Submits the runs (adopting any job the cluster has already), up to `SUBMIT_CONCURRENCY` at a
   * time, then records every job id in one transaction. A run whose submission fails stays
   * dispatched without a job id, and the next cycle submits it again (or adopts it).
   */
  private async dispatchAll(rows: readonly WorkloadRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.options.failpoint?.("before-submit");
    const submitted: Recorded[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < rows.length; i = next++) {
        const row = rows[i]!;
        const submission = await this.submitRun(row);
        if (submission !== null) submitted.push({ row, jobId: submission.jobId, adopted: submission.adopted });
      }
    };
    await Promise.all(Array.from({ length: Math.min(SUBMIT_CONCURRENCY, rows.length) }, worker));
    if (submitted.length === 0) return;
    this.options.failpoint?.("after-submit");
    await this.recordJobs(submitted);
    this.options.failpoint?.("after-commit");
  }

  private async submitRun(row: WorkloadRow): Promise<Submission | null> {
    const executor = row.cluster === null ? undefined : this.deps.executors?.get(row.cluster);
    if (executor === undefined || row.cluster === null || row.placedModel === null) return null;
    const spec = fromStored<WorkloadSpec>(row.spec);
    try {
      return await executor.submit({
        runId: runIdOf(row.id, row.attempt),
        account: slurmAccountOf(row.projectId),
        user: row.linuxUser,
        name: row.name,
        gresType: this.options.gresType?.(row.cluster, row.placedModel) ?? row.placedModel,
        acceleratorsPerNode: row.acceleratorsPerNode,
        nodes: (row.nodes as string[] | null) ?? [],
        timeLimitSeconds: row.timeLimitSeconds,
        script: spec.script,
        environment: { ...spec.environment, HIGHWAY_WORKLOAD_ID: row.id },
        ...(spec.expectedDurationSeconds === null ? {} : { expectedDurationSeconds: spec.expectedDurationSeconds }),
      });
    } catch (error) {
      this.options.onError?.(error);
      return null;
    }
  }

  /** Records job ids of runs still without one, and their events, in one fenced transaction. */
  private async recordJobs(jobs: readonly Recorded[]): Promise<void> {
    if (jobs.length === 0) return;
    const now = this.deps.clock.now();
    await this.#runs.transaction(async (tx, later) => {
      const records = JSON.stringify(jobs.map((j) => ({ id: j.row.id, attempt: j.row.attempt, job_id: j.jobId })));
      const updated = rowsOf<{ id: string }>(
        await tx.execute(
          sql`update workloads set job_id = v.job_id, updated_at = ${now}, epoch = ${this.leadership.epoch} from jsonb_to_recordset(${records}::jsonb) as v(id uuid, attempt int, job_id text) where workloads.id = v.id and workloads.attempt = v.attempt and workloads.job_id is null returning workloads.id`,
        ),
      );
      const recorded = new Set(updated.map((u) => u.id));
      for (const j of jobs) {
        if (!recorded.has(j.row.id)) continue;
        later.event(j.row.id, "dispatched", j.row.attempt, lifecycleReason({ key: "job-submitted", params: { job: j.jobId, cluster: j.row.cluster ?? "", adopted: j.adopted } }));
      }
    });
    for (const j of jobs) {
      if (j.adopted) this.#counts.adopted++;
      else this.#counts.submitted++;
    }
  }
}
