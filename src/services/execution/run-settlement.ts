/**
 * How the control loop changes runs in the store: fenced transactions (refused once this replica is
 * no longer the leader) whose events, run progress and balance changes are written at their end
 * (Deferred), and the settling of runs as their clusters report them: starts and metering recorded,
 * ends metered and settled, preempted, lost and failed runs requeued under their next attempt.
 * Runs are settled in batches in one transaction, their rows locked with one statement; a batch
 * that fails is settled run by run, so that one bad run holds up no other.
 */
import { asc, eq, inArray, sql } from "drizzle-orm";
import { HighwayError } from "../../domain/errors.js";
import { reservationSeconds } from "../../domain/metering/index.js";
import type { Allocation } from "../../domain/programs/allocation.js";
import { lifecycleFollowedBy, lifecycleReason, MAX_ATTEMPTS, storedLifecycleReason, type LifecycleReason, type WorkloadState } from "../../domain/workloads/index.js";
import type { JobStatus } from "../../executors/cluster-executor.js";
import { newId } from "../../store/ids.js";
import { insertRecordsSql } from "../../store/insert-records.js";
import { fromStored } from "../../store/json-codec.js";
import { allocations, workloadEvents, workloads } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import type { ServiceDeps } from "../context.js";
import type { FleetView } from "../workloads/fleet-view.js";
import { UNPLACED } from "../workloads/workload-service.js";
import { BalanceChanges, reserveBalance } from "../workloads/balance.js";
import type { Leadership } from "./leadership.js";
import { creditRun, meterRun } from "./metering.js";

type WorkloadRow = typeof workloads.$inferSelect;

export interface SettlementSettings {
  /** Who the events name. */
  readonly actor: string;
  /** Running work is metered at least this often. */
  readonly meterEverySeconds: number;
  /** The fair-share usage's half-life. */
  readonly halfLifeSeconds: number;
  readonly onError?: (error: unknown) => void;
  /** Told when a workload goes back to the queue. */
  readonly onRequeued: (workloadId: string) => void;
}

/**
 * Writes a loop transaction gathers and makes at its end: the progress of running work (starts
 * and metering) in one statement, workload events in one, and balance changes summed per balance
 * and locked in key order (balance.ts, BalanceChanges).
 */
export class Deferred {
  readonly #events: (typeof workloadEvents.$inferInsert)[] = [];
  readonly #progress: Record<string, unknown>[] = [];
  readonly balances = new BalanceChanges();

  constructor(
    private readonly actor: string,
    private readonly at: Date,
    private readonly epoch: number | null,
  ) {}

  /** An event with its reason: the English text and its clauses, inserted together. */
  event(workloadId: string, state: string, attempt: number, reason: LifecycleReason): void {
    this.#events.push({ id: newId(this.at), workloadId, at: this.at, state, attempt, reason: reason.reason, lifecycleClauses: reason.clauses, actor: this.actor });
  }

  /** Records a running workload's start or metering: its row (locked by the transaction) as it now is. */
  progress(row: WorkloadRow): void {
    this.#progress.push({
      id: row.id,
      state: row.state,
      started_at: row.startedAt?.toISOString() ?? null,
      metered_until: row.meteredUntil?.toISOString() ?? null,
      job_id: row.jobId,
      reason: row.reason,
      lifecycle_clauses: row.lifecycleClauses,
      reserved_seconds: row.reservedSeconds.toString(),
      metered_seconds: row.meteredSeconds.toString(),
    });
  }

  async flush(tx: Db): Promise<void> {
    // One JSON parameter per kind of write: a cycle that starts or places thousands writes as many.
    if (this.#progress.length > 0) {
      await tx.execute(sql`
        update workloads w set state = r.state, started_at = r.started_at, metered_until = r.metered_until, job_id = r.job_id, reason = r.reason, lifecycle_clauses = r.lifecycle_clauses,
          reserved_seconds = r.reserved_seconds, metered_seconds = r.metered_seconds, updated_at = ${this.at}, epoch = ${this.epoch}
        from jsonb_to_recordset(${JSON.stringify(this.#progress)}::jsonb)
          as r(id uuid, state text, started_at timestamptz, metered_until timestamptz, job_id text, reason text, lifecycle_clauses jsonb, reserved_seconds bigint, metered_seconds bigint)
        where w.id = r.id`);
    }
    if (this.#events.length > 0) await tx.execute(insertRecordsSql(workloadEvents, this.#events));
    await this.balances.apply(tx, this.at);
  }
}

/** A run whose start, metering or end is due, with its job as the cluster reports it. */
export interface Due {
  readonly row: Pick<WorkloadRow, "id" | "attempt">;
  readonly job: JobStatus;
}

/** What a cycle did to runs, for its report. */
export type Counts = ReturnType<typeof emptyCounts>;

export class RunSettlement {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly leadership: Leadership,
    private readonly settings: SettlementSettings,
  ) {}

  /**
   * Records starts, meters and settles ends of a batch of runs in one fenced transaction, their rows
   * locked with one statement. If the batch fails, its runs are settled one by one, so that one
   * bad run cannot hold up the others.
   */
  async settle(batch: readonly Due[], fleet: FleetView, into: Counts): Promise<void> {
    const now = this.deps.clock.now();
    const counts = emptyCounts();
    try {
      await this.transaction(async (tx, later) => {
        const locked = await this.lockRows(tx, batch.map((d) => d.row));
        const coPay = new Map<string, number>();
        for (const { row, job } of batch) {
          const current = locked.get(row.id);
          if (current !== undefined) await this.settleOne(tx, later, current, job, fleet, now, coPay, counts);
        }
      });
    } catch (error) {
      if (error instanceof HighwayError && error.code === "SCHEDULER_FENCED") throw error;
      // A run that cannot be settled is reported and tried again next cycle; the cycle goes on.
      if (batch.length === 1) return this.settings.onError?.(error);
      for (const d of batch) await this.settle([d], fleet, into);
      return;
    }
    addCounts(into, counts);
  }

  /** One run's start, metering or end, inside the batch's transaction. */
  private async settleOne(tx: Db, later: Deferred, current: WorkloadRow, job: JobStatus, fleet: FleetView, now: Date, coPay: Map<string, number>, counts: Counts): Promise<void> {
    const coPayBp = async (row: WorkloadRow) => {
      let bp = coPay.get(row.allocationId);
      if (bp === undefined) coPay.set(row.allocationId, (bp = await this.coPayBp(tx, row)));
      return bp;
    };
    const halfLife = this.settings.halfLifeSeconds;
    if (job.state === "running") {
      const starting = current.state === "dispatched";
      const startedAt = job.startedAt ?? now;
      const running = lifecycleReason({ key: "running", params: { cluster: current.cluster ?? "" } });
      const run: WorkloadRow = starting
        ? { ...current, state: "running", startedAt, meteredUntil: startedAt, jobId: job.jobId, reason: running.reason, lifecycleClauses: running.clauses }
        : current;
      if (starting) {
        later.event(current.id, "running", current.attempt, lifecycleReason({ key: "job-started", params: { job: job.jobId, nodes: (current.nodes as string[] | null) ?? [] } }));
        counts.started++;
      }
      const last = run.meteredUntil ?? run.startedAt ?? now;
      if (now.getTime() - last.getTime() >= this.settings.meterEverySeconds * 1000) {
        const metered = await meterRun(tx, later.balances, run, now, fleet, await coPayBp(run), halfLife);
        counts.meteredSeconds += metered.seconds;
        later.progress({ ...run, meteredUntil: metered.meteredUntil, reservedSeconds: metered.reservedSeconds, meteredSeconds: metered.meteredSeconds });
      } else if (starting) {
        later.progress(run);
      }
      return;
    }
    // The run ended: meter it to its end, then settle what it means for the workload.
    const startedAt = current.startedAt ?? job.startedAt;
    const endedAt = job.endedAt ?? now;
    const withStart = { ...current, startedAt, meteredUntil: current.meteredUntil ?? startedAt, jobId: current.jobId ?? job.jobId };
    const metered = await meterRun(tx, later.balances, withStart, endedAt, fleet, await coPayBp(withStart), halfLife);
    counts.meteredSeconds += metered.seconds;
    const after = { ...withStart, meteredUntil: metered.meteredUntil, reservedSeconds: metered.reservedSeconds, meteredSeconds: metered.meteredSeconds };
    if (current.preemptingAt !== null && current.cancelRequestedAt === null) {
      return this.requeue(tx, later, after, lifecycleReason({ key: "preempted-requeued", params: { cluster: current.cluster ?? "" } }), now, counts);
    }
    if (job.state === "node_fail") {
      const credited = await creditRun(tx, later.balances, current.id, current.attempt, now);
      const failure = lifecycleReason({ key: "node-failure", params: { nodes: job.nodes, cluster: current.cluster ?? "", credited: Number(credited) } });
      return this.requeue(tx, later, after, failure, now, counts);
    }
    const finish = (state: WorkloadState, reason: LifecycleReason, exitCode: number | null) => this.finish(tx, later, after, state, reason, exitCode, now, endedAt, counts);
    if (current.cancelRequestedAt !== null) {
      // It ends for the reason the cancel was asked with ("cancelled by ...", "stopped: ..."), kept with its clauses.
      const asked = storedLifecycleReason(current.reason, current.lifecycleClauses) ?? lifecycleReason({ key: "cancelled-on-request", params: {} });
      return finish("cancelled", asked, job.exitCode);
    }
    if (job.state === "cancelled" || job.state === "preempted") return finish("cancelled", lifecycleReason({ key: "cancelled-on-cluster", params: { clusterReason: job.reason } }), job.exitCode);
    if (job.state === "timeout") return finish("timed_out", lifecycleReason({ key: "time-limit", params: { minutes: current.timeLimitSeconds / 60 } }), job.exitCode);
    if (job.state === "succeeded") return finish("succeeded", lifecycleReason({ key: "completed", params: {} }), job.exitCode ?? 0);
    return finish("failed", lifecycleReason({ key: "failed", params: { clusterReason: job.reason, exitCode: job.exitCode } }), job.exitCode);
  }

  /** Ends the workload and returns what is left of its reservation to the balance. */
  async finish(tx: Db, later: Deferred, row: WorkloadRow, state: WorkloadState, reason: LifecycleReason, exitCode: number | null, now: Date, endedAt: Date, counts: Counts): Promise<void> {
    later.balances.add(row, 0n, -row.reservedSeconds);
    await tx
      .update(workloads)
      .set({
        state,
        reason: reason.reason,
        lifecycleClauses: reason.clauses,
        waitCode: null,
        waitClauses: null,
        exitCode,
        endedAt,
        startedAt: row.startedAt,
        jobId: row.jobId,
        meteredUntil: row.meteredUntil,
        meteredSeconds: row.meteredSeconds,
        reservedSeconds: 0n,
        updatedAt: now,
        epoch: this.leadership.epoch,
      })
      .where(eq(workloads.id, row.id));
    later.event(row.id, state, row.attempt, reason);
    counts.ended++;
  }

  /**
   * Sends the workload back to the queue under its next attempt, reserving a whole time limit again
   * (the ended run's metered seconds were taken from its reservation); fails it when its attempts
   * are used up or the balance cannot cover another run.
   */
  async requeue(tx: Db, later: Deferred, row: WorkloadRow, reason: LifecycleReason, now: Date, counts: Counts): Promise<void> {
    if (row.attempt >= MAX_ATTEMPTS) {
      return this.finish(tx, later, row, "failed", lifecycleFollowedBy(reason, { key: "gave-up", params: { attempts: row.attempt } }), null, now, now, counts);
    }
    const full = reservationSeconds(row.accelerators, row.timeLimitSeconds);
    const topUp = full - row.reservedSeconds;
    if (topUp > 0n && !(await reserveBalance(tx, row, topUp, now))) {
      return this.finish(tx, later, row, "failed", lifecycleFollowedBy(reason, { key: "balance-short", params: {} }), null, now, now, counts);
    }
    await tx
      .update(workloads)
      .set({
        state: "queued",
        reason: reason.reason,
        ...UNPLACED,
        lifecycleClauses: reason.clauses,
        meteredSeconds: row.meteredSeconds,
        reservedSeconds: full > row.reservedSeconds ? full : row.reservedSeconds,
        updatedAt: now,
        epoch: this.leadership.epoch,
      })
      .where(eq(workloads.id, row.id));
    later.event(row.id, "queued", row.attempt, reason);
    this.settings.onRequeued(row.id);
    counts.requeued++;
  }

  /**
   * A fenced transaction: refused if this replica is no longer the leader. Its events and balance
   * changes are written at its end (Deferred).
   */
  transaction<T>(fn: (tx: Db, later: Deferred) => Promise<T>): Promise<T> {
    return this.deps.store.transaction(async (tx) => {
      await this.leadership.fence(tx);
      const later = new Deferred(this.settings.actor, this.deps.clock.now(), this.leadership.epoch);
      const result = await fn(tx, later);
      await later.flush(tx);
      return result;
    });
  }

  /** The rows again, locked in id order with one statement, of those still the same attempt on a cluster. */
  async lockRows(tx: Db, rows: readonly Pick<WorkloadRow, "id" | "attempt">[]): Promise<Map<string, WorkloadRow>> {
    const attempts = new Map(rows.map((r) => [r.id, r.attempt]));
    const current = await tx
      .select()
      .from(workloads)
      .where(inArray(workloads.id, [...attempts.keys()]))
      .orderBy(asc(workloads.id))
      .for("update");
    return new Map(current.filter((c) => c.attempt === attempts.get(c.id) && (c.state === "dispatched" || c.state === "running")).map((c) => [c.id, c]));
  }

  /** The row again, locked, if it is still the same attempt on a cluster. */
  async lockRow(tx: Db, row: Pick<WorkloadRow, "id" | "attempt">): Promise<WorkloadRow | null> {
    const [current] = await tx.select().from(workloads).where(eq(workloads.id, row.id)).for("update");
    if (current === undefined || current.attempt !== row.attempt || (current.state !== "dispatched" && current.state !== "running")) return null;
    return current;
  }

  private async coPayBp(tx: Db, row: WorkloadRow): Promise<number> {
    const [a] = await tx.select({ data: allocations.data }).from(allocations).where(eq(allocations.id, row.allocationId));
    return a === undefined ? 0 : fromStored<Allocation>(a.data).coPayBp;
  }
}

export function emptyCounts() {
  return { submitted: 0, adopted: 0, started: 0, ended: 0, requeued: 0, meteredSeconds: 0n };
}

export function addCounts(into: Counts, more: Counts): void {
  into.submitted += more.submitted;
  into.adopted += more.adopted;
  into.started += more.started;
  into.ended += more.ended;
  into.requeued += more.requeued;
  into.meteredSeconds += more.meteredSeconds;
}
