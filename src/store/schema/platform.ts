/** Platform tables: the audit chain and its checkpointed heads, and idempotency records. */
import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Append-only audit events, one hash chain per organization plus the platform's. `hash` covers
 * the event and the previous hash; `seal` is an HMAC of `hash` under a key kept outside the
 * database, so a rewritten chain cannot be re-sealed.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey(),
    chain: text("chain").notNull(),
    seq: bigint("seq", { mode: "bigint" }).notNull(),
    at: instant("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    digest: text("digest").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
    seal: text("seal").notNull(),
  },
  (t) => [uniqueIndex("audit_events_chain_seq_key").on(t.chain, t.seq)],
);

/** The checkpointed head of each chain, updated in the same transaction as each event. */
export const auditHeads = pgTable("audit_heads", {
  chain: text("chain").primaryKey(),
  seq: bigint("seq", { mode: "bigint" }).notNull(),
  hash: text("hash").notNull(),
  seal: text("seal").notNull(),
});

/** The first response to a creating request with an Idempotency-Key, replayed on retries. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    actor: text("actor").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code").notNull(),
    response: jsonb("response").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.actor, t.key] })],
);
