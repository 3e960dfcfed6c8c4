/**
 * Reads of the active workloads (queued, dispatched, running) for the kept scheduler state
 * (live-state.ts): every workload's key, and the full facts of some or all of them. Raw statements
 * with times as epoch numbers, so that 20,000 rows cost the driver's parse and no row mapping.
 *
 * A key is a short text that changes whenever the row changes in a way the scheduler sees: its
 * state, attempt (a new placement), termination (preemption or cancellation requested), the start
 * the scheduler counts from, and `updated_at`, which every writer but the waiting reasons sets. A
 * cycle compares all keys, so no change can be missed however rows were committed meanwhile.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "../../store/rows.js";
import type { Db } from "../../store/store.js";
import type { KeyedFacts } from "./live-state.js";

const ACTIVE = sql.raw(`state in ('queued', 'dispatched', 'running')`);

const KEY = sql.raw(
  `concat_ws(' ', state, attempt, (preempting_at is not null or cancel_requested_at is not null)::int,` +
    ` floor(extract(epoch from coalesce(started_at, dispatched_at, submitted_at)))::bigint,` +
    ` floor(extract(epoch from updated_at) * 1000000)::bigint)`,
);

/** Milliseconds since the epoch as a float8 (a number on every driver), or null. */
const millis = (column: string) => sql.raw(`floor(extract(epoch from ${column}) * 1000)::float8`);

/** The key of every active workload, by id. */
export async function readActiveKeys(db: Db): Promise<Map<string, string>> {
  const rows = rowsOf<{ id: string; key: string }>(await db.execute(sql`select id, ${KEY} as key from workloads where ${ACTIVE}`));
  const keys = new Map<string, string>();
  for (const r of rows) keys.set(r.id, r.key);
  return keys;
}

interface FactsRow {
  readonly id: string;
  readonly key: string;
  readonly project_id: string;
  readonly state: string;
  readonly accelerator_class: string;
  readonly model: string | null;
  readonly placed_model: string | null;
  readonly accelerators_per_node: number;
  readonly accelerators: number;
  readonly nodes: string[] | null;
  readonly time_limit_seconds: number;
  readonly priority_tier: number;
  readonly preemptible: boolean;
  readonly submitted_ms: number;
  readonly dispatched_ms: number | null;
  readonly started_ms: number | null;
  readonly terminating: boolean;
}

/** The facts of the active workloads among `ids` (all active workloads without it), each with its key. */
export async function readActiveFacts(db: Db, ids?: readonly string[]): Promise<KeyedFacts[]> {
  if (ids !== undefined && ids.length === 0) return [];
  const only: SQL = ids === undefined ? sql`` : sql` and id = any(${uuidArray(ids)}::uuid[])`;
  const rows = rowsOf<FactsRow>(
    await db.execute(sql`
      select id, ${KEY} as key, project_id, state, accelerator_class, model, placed_model, accelerators_per_node, accelerators, nodes,
        time_limit_seconds, priority_tier, preemptible, ${millis("submitted_at")} as submitted_ms, ${millis("dispatched_at")} as dispatched_ms,
        ${millis("started_at")} as started_ms, (preempting_at is not null or cancel_requested_at is not null) as terminating
      from workloads where ${ACTIVE}${only}`),
  );
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    projectId: r.project_id,
    state: r.state,
    acceleratorClass: r.accelerator_class,
    model: r.model,
    placedModel: r.placed_model,
    acceleratorsPerNode: r.accelerators_per_node,
    accelerators: r.accelerators,
    nodes: r.nodes,
    timeLimitSeconds: r.time_limit_seconds,
    priorityTier: r.priority_tier,
    preemptible: r.preemptible,
    submittedAt: new Date(r.submitted_ms),
    dispatchedAt: r.dispatched_ms === null ? null : new Date(r.dispatched_ms),
    startedAt: r.started_ms === null ? null : new Date(r.started_ms),
    terminating: r.terminating,
  }));
}

/** Ids as one PostgreSQL array literal: one parameter, however many ids (uuids need no quoting). */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(",")}}`;
}
