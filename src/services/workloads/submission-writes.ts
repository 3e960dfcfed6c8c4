/**
 * How a batch of admitted submissions is written: each one's time limit x accelerators reserved
 * against its allocation's balance (one conditional update per allocation and class for the whole
 * batch), the workloads, their first events and their audit events inserted, and the audit chains'
 * heads moved, all or nothing.
 *
 * The usual case costs one statement in its own implicit transaction: one round trip, no BEGIN or
 * COMMIT of its own. It seals the audit events on the heads this writer moved last (remembered,
 * not read) and ends with `highway_expect` (migration 0006), which rolls the whole statement back
 * unless every balance covered its group and every head was still where it was remembered. When
 * that fails (another writer moved a head, a balance runs short, a chain is new to this writer),
 * the batch is written again in a transaction that locks the heads and reserves submission by
 * submission where the batch together does not fit, refusing only those the balance cannot cover.
 */
import { and, eq, sql } from "drizzle-orm";
import { HighwayError } from "../../domain/errors.js";
import { lifecycleReason } from "../../domain/workloads/index.js";
import { newId } from "../../store/ids.js";
import { executeTogether, insertRecordsSql } from "../../store/insert-records.js";
import { rowsOf } from "../../store/rows.js";
import { allocationBalances, workloadEvents, workloads } from "../../store/schema/index.js";
import { sqlStateOf } from "../../store/sql-state.js";
import type { Db, Store } from "../../store/store.js";
import { auditWrites, auditWritesOnRemembered, sealAudit, sealEntries, type AuditEntry, type AuditHead } from "../audit/audit-log.js";
import { lockedInKeyOrder, reserveBalance } from "./balance.js";
import type { ItemResult } from "./submission-batcher.js";

/** An admitted submission, ready to be written. */
export interface Submission {
  readonly row: typeof workloads.$inferInsert & {
    readonly id: string;
    readonly allocationId: string;
    readonly organizationId: string;
    readonly acceleratorClass: string;
    readonly reservedSeconds: bigint;
    readonly submittedAt: Date;
    readonly updatedAt: Date;
  };
  readonly actor: string;
  readonly change: unknown;
}

/** Accepted, or refused with the reason. */
export type Written = ItemResult<null>;

/** The SQLSTATE `highway_expect` raises. */
const EXPECTATION_FAILED = "HWX01";

export class SubmissionWriter {
  /** The heads of the audit chains as this writer last moved them. */
  readonly #heads = new Map<string, AuditHead>();
  /** Batches written in one statement, written in a transaction, and one-statement writes rolled back (then written in a transaction). */
  readonly written = { atOnce: 0, inTransaction: 0, rolledBack: 0 };

  constructor(
    private readonly store: Store,
    private readonly auditKey: string,
  ) {}

  /** Writes a batch: in one statement when the remembered heads and the balances allow, else in a transaction. */
  async write(items: readonly Submission[]): Promise<readonly Written[]> {
    return (await this.#atOnce(items)) ?? this.store.transaction((tx) => this.inTransaction(tx, items));
  }

  /**
   * Writes a batch inside the caller's transaction, locking the heads it chains on; a group whose
   * balance does not cover the whole batch is reserved one submission at a time, in arrival order.
   */
  async inTransaction(tx: Db, items: readonly Submission[]): Promise<Written[]> {
    this.written.inTransaction++;
    const results: (Written | null)[] = items.map(() => null);
    const totals = balanceTotals(items);
    const now = items[0]!.row.updatedAt;
    const covered = rowsOf<{ allocation_id: string; accelerator_class: string }>(await tx.execute(sql`with ${reservationOf(totals, now)} select allocation_id, accelerator_class from reserved`));
    const whole = new Set(covered.map((r) => `${r.allocation_id}\u0000${r.accelerator_class}`));
    for (const t of totals) {
      if (whole.has(`${t.allocation_id}\u0000${t.accelerator_class}`)) continue;
      for (const i of t.members) {
        const row = items[i]!.row;
        if (!(await reserveBalance(tx, row, row.reservedSeconds, now))) results[i] = { ok: false, error: await refusal(tx, row.allocationId, row.acceleratorClass, row.reservedSeconds) };
      }
    }
    const accepted = items.filter((_, i) => results[i] === null);
    if (accepted.length > 0) {
      const audit = await sealAudit(tx, this.auditKey, accepted.map(auditEntryOf));
      await executeTogether(tx, [insertRecordsSql(workloads, accepted.map((s) => s.row)), insertRecordsSql(workloadEvents, accepted.map(firstEventOf)), ...auditWrites(audit)]);
      // Remembered before the commit: if it fails, the next batch's statement finds the heads elsewhere and comes back here.
      for (const [chain, head] of audit.heads) this.#heads.set(chain, head);
    }
    return results.map((r) => r ?? { ok: true, value: null });
  }

  /** The batch as one statement, or null when it must go through `inTransaction`. */
  async #atOnce(items: readonly Submission[]): Promise<Written[] | null> {
    const entries = items.map(auditEntryOf);
    const from = new Map<string, AuditHead>();
    for (const e of entries) {
      const head = this.#heads.get(e.chain);
      if (head === undefined) return null;
      from.set(e.chain, head);
    }
    const sealed = sealEntries(this.auditKey, from, entries);
    const audit = auditWritesOnRemembered(from, sealed);
    const totals = balanceTotals(items);
    try {
      await this.store.db.execute(sql`
        with ${reservationOf(totals, items[0]!.row.updatedAt)},
        moved as (${audit.movedHeads}),
        new_workloads as (${insertRecordsSql(workloads, items.map((s) => s.row))}),
        new_events as (${insertRecordsSql(workloadEvents, items.map(firstEventOf))}),
        new_audit_events as (${audit.events})
        select highway_expect((select count(*) from reserved) = ${totals.length} and (select count(*) from moved) = ${from.size}, 'a balance or an audit head is not as this batch expected')`);
    } catch (error) {
      if (sqlStateOf(error) !== EXPECTATION_FAILED) throw error;
      for (const chain of from.keys()) this.#heads.delete(chain);
      this.written.rolledBack++;
      return null;
    }
    this.written.atOnce++;
    for (const [chain, head] of sealed.heads) this.#heads.set(chain, head);
    return items.map(() => ({ ok: true, value: null }));
  }
}

/** One allocation and class of a batch: its submissions (positions) and the seconds they reserve together. */
interface BalanceTotal {
  readonly allocation_id: string;
  readonly accelerator_class: string;
  readonly seconds: string;
  readonly members: readonly number[];
}

/** The batch's reservations per balance, in key order. */
function balanceTotals(items: readonly Submission[]): BalanceTotal[] {
  const groups = new Map<string, { allocation_id: string; accelerator_class: string; seconds: bigint; members: number[] }>();
  items.forEach((s, i) => {
    const key = `${s.row.allocationId}\u0000${s.row.acceleratorClass}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { allocation_id: s.row.allocationId, accelerator_class: s.row.acceleratorClass, seconds: 0n, members: [] }));
    g.seconds += s.row.reservedSeconds;
    g.members.push(i);
  });
  return [...groups.keys()].sort().map((key) => {
    const g = groups.get(key)!;
    return { allocation_id: g.allocation_id, accelerator_class: g.accelerator_class, seconds: g.seconds.toString(), members: g.members };
  });
}

/**
 * CTEs `v` (the totals), `locked` (their balances, locked in key order) and `reserved` (one row per
 * balance that covered its total and took it).
 */
function reservationOf(totals: readonly BalanceTotal[], at: Date) {
  const v = totals.map(({ allocation_id, accelerator_class, seconds }) => ({ allocation_id, accelerator_class, seconds }));
  return sql`v as (select * from jsonb_to_recordset(${JSON.stringify(v)}::jsonb) as r(allocation_id uuid, accelerator_class text, seconds bigint)),
    locked as (${lockedInKeyOrder}),
    reserved as (
      update allocation_balances b set reserved_seconds = b.reserved_seconds + v.seconds, updated_at = ${at}
      from v, locked l
      where b.allocation_id = v.allocation_id and b.accelerator_class = v.accelerator_class
        and l.allocation_id = b.allocation_id and l.accelerator_class = b.accelerator_class
        and b.granted_seconds - b.used_seconds - b.reserved_seconds >= v.seconds
      returning b.allocation_id, b.accelerator_class)`;
}

function auditEntryOf(s: Submission): AuditEntry {
  return { chain: s.row.organizationId, actor: s.actor, action: "workload.submitted", subjectType: "workload", subjectId: s.row.id, change: s.change, at: s.row.submittedAt };
}

/** The first event's reason. */
const SUBMITTED = lifecycleReason({ key: "submitted", params: {} });

function firstEventOf(s: Submission): typeof workloadEvents.$inferInsert {
  return { id: newId(s.row.submittedAt), workloadId: s.row.id, at: s.row.submittedAt, state: "queued", attempt: 0, reason: SUBMITTED.reason, lifecycleClauses: SUBMITTED.clauses, actor: s.actor };
}

/** Names why the balance cannot take a reservation: used up, or too little left. */
async function refusal(tx: Db, allocationId: string, acceleratorClass: string, wanted: bigint): Promise<HighwayError> {
  const [b] = await tx
    .select()
    .from(allocationBalances)
    .where(and(eq(allocationBalances.allocationId, allocationId), eq(allocationBalances.acceleratorClass, acceleratorClass)));
  const left = b === undefined ? 0n : b.grantedSeconds - b.usedSeconds;
  const free = b === undefined ? 0n : left - b.reservedSeconds;
  const hours = (s: bigint) => (Number(s) / 3600).toFixed(2);
  if (left <= 0n) {
    return new HighwayError("ALLOCATION_BALANCE_EXHAUSTED", {
      field: "acceleratorClass",
      rule: "ALLOCATION_BALANCE_EXHAUSTED",
      detail: `the ${acceleratorClass} balance of the allocation is used up`,
      detailKo: `할당의 ${acceleratorClass} 잔여량을 모두 사용했습니다`,
    });
  }
  return new HighwayError("ALLOCATION_BALANCE_INSUFFICIENT", {
    field: "timeLimitMinutes",
    rule: "ALLOCATION_BALANCE_INSUFFICIENT",
    detail: `the workload needs ${hours(wanted)} ${acceleratorClass} accelerator-hours reserved (time limit x accelerators); ${hours(free > 0n ? free : 0n)} of ${hours(left)} left are not reserved by other workloads`,
    detailKo: `워크로드에 ${acceleratorClass} 가속기 ${hours(wanted)}시간의 예약이 필요하지만(제한 시간 × 가속기 수), 남은 ${hours(left)}시간 가운데 다른 워크로드가 예약하지 않은 시간은 ${hours(free > 0n ? free : 0n)}시간입니다`,
  });
}
