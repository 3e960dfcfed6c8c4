/**
 * The audit log: append-only events in hash chains, one per organization plus one for the platform,
 * so that writes to different tenants do not serialize on one chain head.
 *
 * hash_n = sha256(canonical(event_n fields, prev_hash = hash_{n-1})); seal_n = HMAC(key, hash_n).
 * The head of every chain (seq, hash, seal) is checkpointed in `audit_heads` in the same
 * transaction. Verification recomputes each chain and compares it with the head, which exposes an
 * edited row (hash mismatch), a deleted row (gap in seq / broken link), a truncated tail (head ahead
 * of the last event) and a rewritten chain (valid hashes whose seals the key does not confirm).
 * Personal data never enters an event: only a digest of the change does.
 */
import { createHmac, hash, timingSafeEqual } from "node:crypto";
import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import { canonicalJson } from "../../domain/canonical-json.js";
import { newId } from "../../store/ids.js";
import { executeTogether, insertRecordsSql } from "../../store/insert-records.js";
import { auditEvents, auditHeads } from "../../store/schema/index.js";
import type { Db, Store } from "../../store/store.js";

/** The platform's own chain; organizations chain under their id. */
export const PLATFORM_CHAIN = "platform";
const GENESIS = "0".repeat(64);

/** What a mutation records. `change` is digested, never stored. */
export interface AuditEntry {
  readonly chain: string;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly change: unknown;
  readonly at: Date;
}

/** One stored event as the API shows it. */
export interface AuditEventView {
  readonly id: string;
  readonly chain: string;
  readonly seq: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly digest: string;
  readonly hash: string;
}

/** sha256 of the canonical JSON of a value, hex. */
export function digestOf(value: unknown): string {
  return hash("sha256", canonicalJson(value), "hex");
}

/** The fields a hash covers; anything else on a row (id, hash, seal) is not part of it. */
interface HashedFields {
  chain: string;
  seq: bigint;
  at: Date;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  digest: string;
  prevHash: string;
}

function eventHash(f: HashedFields): string {
  return digestOf({
    chain: f.chain,
    seq: f.seq,
    at: f.at,
    actor: f.actor,
    action: f.action,
    subjectType: f.subjectType,
    subjectId: f.subjectId,
    digest: f.digest,
    prevHash: f.prevHash,
  });
}

function sealOf(key: string, chain: string, seq: bigint, hash: string): string {
  return createHmac("sha256", key).update(`${chain}\n${seq}\n${hash}`).digest("hex");
}

/**
 * Appends one event inside the caller's transaction. Locks the chain's head row, so concurrent
 * writers to the same chain queue up while other chains proceed.
 */
export async function appendAudit(tx: Db, key: string, entry: AuditEntry): Promise<void> {
  await appendAuditMany(tx, key, [entry]);
}

/**
 * Appends events in order inside the caller's transaction, in two statements whatever their number:
 * `sealAudit` locks the heads and computes the events, then one statement writes them and moves
 * the heads.
 */
export async function appendAuditMany(tx: Db, key: string, entries: readonly AuditEntry[]): Promise<void> {
  await executeTogether(tx, auditWrites(await sealAudit(tx, key, entries)));
}

/** Audit events sealed against their chains' locked heads, ready to be written. */
export interface SealedAudit {
  readonly events: readonly (typeof auditEvents.$inferInsert)[];
  readonly heads: ReadonlyMap<string, AuditHead>;
}

/** Where a chain ends: its last event's sequence number, hash and seal. */
export interface AuditHead {
  readonly seq: bigint;
  readonly hash: string;
  readonly seal: string;
}

/**
 * Creates or locks every head the entries touch, with one upsert (in chain order, so concurrent
 * writers never lock two heads in opposite orders), and chains and seals the entries in order.
 * Nothing is written until `auditWrites`' statements run in the same transaction.
 */
export async function sealAudit(tx: Db, key: string, entries: readonly AuditEntry[]): Promise<SealedAudit> {
  const chains = [...new Set(entries.map((e) => e.chain))].sort();
  if (chains.length === 0) return { events: [], heads: new Map() };
  const heads = await tx
    .insert(auditHeads)
    .values(chains.map((chain) => ({ chain, seq: 0n, hash: GENESIS, seal: "" })))
    .onConflictDoUpdate({ target: auditHeads.chain, set: { chain: sql`excluded.chain` } })
    .returning();
  return sealEntries(key, new Map(heads.map((h) => [h.chain, { seq: h.seq, hash: h.hash, seal: h.seal }])), entries);
}

/** Chains and seals the entries in order on top of the given heads (every entry's chain among them). */
export function sealEntries(key: string, heads: ReadonlyMap<string, AuditHead>, entries: readonly AuditEntry[]): SealedAudit {
  const state = new Map(heads);
  const events: (typeof auditEvents.$inferInsert)[] = [];
  for (const entry of entries) {
    const head = state.get(entry.chain);
    if (head === undefined) throw new Error(`audit head for ${entry.chain} vanished`);
    const seq = head.seq + 1n;
    const fields = {
      chain: entry.chain,
      seq,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      digest: digestOf(entry.change),
      prevHash: head.hash,
    };
    const hash = eventHash(fields);
    const seal = sealOf(key, entry.chain, seq, hash);
    events.push({ id: newId(entry.at), chain: fields.chain, seq, at: fields.at, actor: fields.actor, action: fields.action, subjectType: fields.subjectType, subjectId: fields.subjectId, digest: fields.digest, prevHash: fields.prevHash, hash, seal });
    state.set(entry.chain, { seq, hash, seal });
  }
  return { events, heads: state };
}

/**
 * The writes of events sealed on heads that were remembered, not locked: the heads are locked in
 * chain order and move only where they still are at `from`; the statement returns one row per
 * head moved, so a caller that finds fewer knows that another writer went first (and must not
 * commit: see submission-writes.ts).
 */
export function auditWritesOnRemembered(from: ReadonlyMap<string, AuditHead>, sealed: SealedAudit): { readonly events: SQL; readonly movedHeads: SQL } {
  const moves = [...sealed.heads].map(([chain, h]) => {
    const before = from.get(chain);
    if (before === undefined) throw new Error(`no remembered audit head for ${chain}`);
    return { chain, from_seq: before.seq.toString(), from_hash: before.hash, seq: h.seq.toString(), hash: h.hash, seal: h.seal };
  });
  const movedHeads = sql`update audit_heads h set seq = m.seq, hash = m.hash, seal = m.seal
    from jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) as m(chain text, from_seq bigint, from_hash text, seq bigint, hash text, seal text),
      (select a.chain from audit_heads a where a.chain in (select jsonb_array_elements_text(${JSON.stringify(moves.map((m) => m.chain))}::jsonb)) order by a.chain for update of a) locked
    where h.chain = m.chain and locked.chain = h.chain and h.seq = m.from_seq and h.hash = m.from_hash
    returning h.chain`;
  return { events: insertRecordsSql(auditEvents, sealed.events), movedHeads };
}

/** The statements that write sealed events and move their heads, for `executeTogether`. */
export function auditWrites(sealed: SealedAudit): SQL[] {
  if (sealed.events.length === 0) return [];
  const moved = sql.join(
    [...sealed.heads].map(([chain, h]) => sql`(${chain}, ${h.seq.toString()}::bigint, ${h.hash}, ${h.seal})`),
    sql`, `,
  );
  return [insertRecordsSql(auditEvents, sealed.events), sql`update audit_heads set seq = v.seq, hash = v.hash, seal = v.seal from (values ${moved}) as v(chain, seq, hash, seal) where audit_heads.chain = v.chain`];
}

/** The first problem found in one chain. */
export interface ChainFault {
  readonly chain: string;
  /** The first bad event's sequence number (for a truncated tail, the first missing one). */
  readonly seq: string;
  readonly eventId: string | null;
  readonly kind: "edited" | "deleted" | "truncated" | "rewritten" | "unsealed_head";
  readonly detail: string;
}

/** Result of verifying every chain. */
export interface AuditVerification {
  readonly ok: boolean;
  readonly chains: number;
  readonly events: number;
  readonly faults: readonly ChainFault[];
}

/** Recomputes every chain against its events, seals and checkpointed head. */
export async function verifyAudit(store: Store, key: string): Promise<AuditVerification> {
  const heads = await store.db.select().from(auditHeads).orderBy(asc(auditHeads.chain));
  const chainsWithEvents = await store.db.selectDistinct({ chain: auditEvents.chain }).from(auditEvents);
  const names = new Set([...heads.map((h) => h.chain), ...chainsWithEvents.map((c) => c.chain)]);
  const faults: ChainFault[] = [];
  let events = 0;
  for (const chain of [...names].sort()) {
    const head = heads.find((h) => h.chain === chain);
    const result = await verifyChain(store.db, key, chain, head);
    events += result.events;
    if (result.fault !== null) faults.push(result.fault);
  }
  return { ok: faults.length === 0, chains: names.size, events, faults };
}

const PAGE = 5000;

async function verifyChain(
  db: Db,
  key: string,
  chain: string,
  head: typeof auditHeads.$inferSelect | undefined,
): Promise<{ events: number; fault: ChainFault | null }> {
  let expectedSeq = 1n;
  let prevHash = GENESIS;
  let count = 0;
  let after = 0n;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, chain), gt(auditEvents.seq, after)))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    for (const row of rows) {
      count++;
      const fault = (kind: ChainFault["kind"], detail: string): { events: number; fault: ChainFault } => ({
        events: count,
        fault: { chain, seq: String(row.seq), eventId: row.id, kind, detail },
      });
      if (row.seq !== expectedSeq || row.prevHash !== prevHash) {
        const missing = row.seq !== expectedSeq ? expectedSeq : row.seq - 1n;
        return {
          events: count,
          fault: {
            chain,
            seq: String(missing),
            eventId: null,
            kind: "deleted",
            detail: `event ${missing} is missing or was replaced: the event after it (seq ${row.seq}, id ${row.id}) does not link to its predecessor`,
          },
        };
      }
      const recomputed = eventHash(row);
      if (recomputed !== row.hash) return fault("edited", `event ${row.seq} (id ${row.id}) does not match its hash: a field was changed`);
      if (!safeEqualHex(sealOf(key, chain, row.seq, row.hash), row.seal)) {
        return fault("rewritten", `event ${row.seq} (id ${row.id}) has a valid hash but no valid seal: the chain was rewritten from here`);
      }
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.seq;
  }
  const lastSeq = expectedSeq - 1n;
  if (head === undefined) {
    return { events: count, fault: { chain, seq: "1", eventId: null, kind: "truncated", detail: "the chain has events but no checkpointed head" } };
  }
  if (head.seq > lastSeq) {
    return {
      events: count,
      fault: { chain, seq: String(lastSeq + 1n), eventId: null, kind: "truncated", detail: `the head records ${head.seq} events but only ${lastSeq} remain: the tail was cut` },
    };
  }
  if (head.seq < lastSeq || head.hash !== prevHash) {
    return {
      events: count,
      fault: { chain, seq: String(head.seq), eventId: null, kind: "rewritten", detail: `the checkpointed head (seq ${head.seq}) does not match the chain's last event (seq ${lastSeq})` },
    };
  }
  if (head.seq > 0n && !safeEqualHex(sealOf(key, chain, head.seq, head.hash), head.seal)) {
    return { events: count, fault: { chain, seq: String(head.seq), eventId: null, kind: "unsealed_head", detail: "the checkpointed head's seal does not verify" } };
  }
  return { events: count, fault: null };
}

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Events of one chain, oldest first, after a cursor sequence number. */
export async function listAuditEvents(db: Db, chain: string, afterSeq: bigint, limit: number): Promise<AuditEventView[]> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, chain), gt(auditEvents.seq, afterSeq)))
    .orderBy(asc(auditEvents.seq))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    chain: r.chain,
    seq: String(r.seq),
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    digest: r.digest,
    hash: r.hash,
  }));
}

/** Number of audit events, for tests that check nothing was written. */
export async function countAuditEvents(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
  return row?.n ?? 0;
}
