/**
 * Metering a run into the usage ledger, inside the control loop's transaction for that run: the
 * interval since the run was last metered, in whole seconds, cut at Seoul month ends and priced by
 * the model the run got (domain/metering). The same transaction moves the metered seconds from the
 * workload's reservation to the allocation's used balance and adds them to the project's decayed
 * usage for fair share, so ledger, balance and reservation can never disagree.
 */
import { eq, sql } from "drizzle-orm";
import { creditFor, meterInterval, runIdOf, type LedgerEntry } from "../../domain/metering/index.js";
import { newId } from "../../store/ids.js";
import type { workloads } from "../../store/schema/index.js";
import { usageLedger } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import type { BalanceChanges } from "../workloads/balance.js";
import type { FleetView } from "../workloads/fleet-view.js";

type WorkloadRow = typeof workloads.$inferSelect;

const wholeSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/** What metering changed on the workload row. */
export interface Metered {
  readonly seconds: bigint;
  readonly meteredUntil: Date;
  readonly reservedSeconds: bigint;
  readonly meteredSeconds: bigint;
}

/**
 * Meters the current run of `row` from where it was last metered (or its start) up to `until`.
 * Returns the row's new metering fields; nothing is written for an empty interval. A replay of the
 * same interval (after a crash between two loop steps) appends nothing twice: the ledger's unique
 * (run, kind, start) key drops it and only the seconds actually inserted are counted.
 */
export async function meterRun(tx: Db, balances: BalanceChanges, row: WorkloadRow, until: Date, fleet: FleetView, coPayBp: number, halfLifeSeconds: number): Promise<Metered> {
  const start = row.meteredUntil ?? row.startedAt;
  const unchanged = { seconds: 0n, meteredUntil: row.meteredUntil ?? start ?? until, reservedSeconds: row.reservedSeconds, meteredSeconds: row.meteredSeconds };
  if (start === null || row.cluster === null || row.placedModel === null) return unchanged;
  const from = wholeSecond(start);
  const to = wholeSecond(until);
  if (to.getTime() <= from.getTime()) return unchanged;
  const cluster = fleet.clusters.get(row.cluster);
  const model = fleet.models.get(row.placedModel);
  const entries = meterInterval({
    workloadId: row.id,
    runId: runIdOf(row.id, row.attempt),
    allocationId: row.allocationId,
    projectId: row.projectId,
    organizationId: row.organizationId,
    programId: row.programId,
    operator: cluster?.operator ?? "unknown",
    site: cluster?.site ?? "unknown",
    cluster: row.cluster,
    acceleratorClass: row.acceleratorClass,
    model: row.placedModel,
    accelerators: row.accelerators,
    pricePerHourKrw: model?.pricePerHourKrw ?? 0n,
    coPayBp,
    from: from.toISOString(),
    to: to.toISOString(),
  });
  const seconds = await appendEntries(tx, entries, to);
  const released = seconds < row.reservedSeconds ? seconds : row.reservedSeconds;
  balances.add(row, seconds, -released);
  await addDecayedUsage(tx, row.projectId, Number(seconds), to, halfLifeSeconds);
  return { seconds, meteredUntil: to, reservedSeconds: row.reservedSeconds - released, meteredSeconds: row.meteredSeconds + seconds };
}

/**
 * Credits back a run that failed because its node failed: one credit entry per usage entry of the
 * run (domain/metering `creditFor`, which never credits twice), and the seconds return to the
 * allocation's balance.
 */
export async function creditRun(tx: Db, balances: BalanceChanges, workloadId: string, attempt: number, at: Date): Promise<bigint> {
  const runId = runIdOf(workloadId, attempt);
  const rows = await tx.select().from(usageLedger).where(eq(usageLedger.runId, runId));
  const credits = creditFor(rows.map(entryOf));
  const seconds = await appendEntries(tx, credits, at);
  const first = rows[0];
  if (first !== undefined) balances.add(first, -seconds, 0n);
  return seconds;
}

/** Inserts entries (skipping any already there); the accelerator-seconds actually inserted. */
async function appendEntries(tx: Db, entries: readonly LedgerEntry[], recordedAt: Date): Promise<bigint> {
  if (entries.length === 0) return 0n;
  const inserted = await tx
    .insert(usageLedger)
    .values(
      entries.map((e) => ({
        id: newId(recordedAt),
        allocationId: e.allocationId,
        projectId: e.projectId,
        organizationId: e.organizationId,
        programId: e.programId,
        workloadId: e.workloadId,
        runId: e.runId,
        kind: e.kind,
        operator: e.operator,
        site: e.site,
        cluster: e.cluster,
        accelerators: e.accelerators,
        pricePerHourKrw: e.pricePerHourKrw,
        acceleratorClass: e.acceleratorClass,
        model: e.model,
        startedAt: new Date(e.startedAt),
        endedAt: new Date(e.endedAt),
        acceleratorSeconds: e.acceleratorSeconds,
        krw: e.krw,
        governmentKrw: e.governmentKrw,
        coPayKrw: e.coPayKrw,
        recordedAt,
      })),
    )
    .onConflictDoNothing()
    .returning({ seconds: usageLedger.acceleratorSeconds });
  return inserted.reduce((sum, r) => sum + r.seconds, 0n);
}

/** A stored ledger row in the domain's shape. */
export function entryOf(r: typeof usageLedger.$inferSelect): LedgerEntry {
  return {
    kind: r.kind as LedgerEntry["kind"],
    workloadId: r.workloadId,
    runId: r.runId ?? r.workloadId,
    allocationId: r.allocationId,
    projectId: r.projectId,
    organizationId: r.organizationId,
    programId: r.programId,
    operator: r.operator ?? "unknown",
    site: r.site ?? "unknown",
    cluster: r.cluster ?? "unknown",
    acceleratorClass: r.acceleratorClass,
    model: r.model,
    accelerators: r.accelerators ?? 0,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt.toISOString(),
    acceleratorSeconds: r.acceleratorSeconds,
    pricePerHourKrw: r.pricePerHourKrw ?? 0n,
    krw: r.krw,
    coPayKrw: r.coPayKrw,
    governmentKrw: r.governmentKrw,
  };
}

/** decayed(t) = decayed(t0) x 2^(-(t - t0) / half-life) + metered, in one statement (t never moves back). */
async function addDecayedUsage(tx: Db, projectId: string, seconds: number, at: Date, halfLifeSeconds: number): Promise<void> {
  await tx.execute(sql`
    insert into queue_usage (project_id, decayed_seconds, as_of) values (${projectId}, ${seconds}, ${at})
    on conflict (project_id) do update set
      decayed_seconds = queue_usage.decayed_seconds * power(2, -greatest(0, extract(epoch from excluded.as_of - queue_usage.as_of)) / ${halfLifeSeconds}::float8) + excluded.decayed_seconds,
      as_of = greatest(queue_usage.as_of, excluded.as_of)`);
}
