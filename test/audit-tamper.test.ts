/**
 * Audit tampering: an edited row, a deleted row, a cut tail and a rewritten chain (hashes
 * recomputed by someone without the sealing key) are each detected, naming the first bad event.
 */
import { createHash } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { canonicalJson } from "../src/domain/canonical-json.js";
import { verifyAudit } from "../src/services/audit/audit-log.js";
import { auditEvents, auditHeads } from "../src/store/schema/index.js";
import { describeEachStore } from "./support/stores.js";
import { call, makeOrganization, makePerson, openHarness, TEST_AUDIT_KEY, type Harness } from "./support/harness.js";

describeEachStore("audit chain", (kind) => {
  let h: Harness;
  let chain: string;

  beforeEach(async () => {
    h = await openHarness(kind);
    const org = await makeOrganization(h);
    chain = org.id;
    for (let i = 0; i < 5; i++) await makePerson(h, { organizationId: org.id });
    await makeOrganization(h);
  });
  afterEach(() => h.close());

  async function event(seq: bigint) {
    const [row] = await h.store.db.select().from(auditEvents).where(and(eq(auditEvents.chain, chain), eq(auditEvents.seq, seq)));
    return row!;
  }

  it("verifies an untouched log, one chain per organization plus the platform's", async () => {
    const result = await verifyAudit(h.store, TEST_AUDIT_KEY);
    expect(result.faults).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.chains).toBe(3);
    expect(result.events).toBeGreaterThanOrEqual(8);
  });

  it("keeps personal data out of events: names and e-mails appear only as digests", async () => {
    const { person } = await makePerson(h, { organizationId: chain });
    const rows = await h.store.db.select().from(auditEvents);
    const text = JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(text).not.toContain(person.email);
    expect(text).not.toContain(person.name);
  });

  it("names an edited event", async () => {
    const target = await event(3n);
    await h.store.db.update(auditEvents).set({ action: "membership.removed" }).where(eq(auditEvents.id, target.id));
    const result = await verifyAudit(h.store, TEST_AUDIT_KEY);
    expect(result.ok).toBe(false);
    expect(result.faults).toEqual([expect.objectContaining({ chain, seq: "3", eventId: target.id, kind: "edited" })]);
  });

  it("names a deleted event", async () => {
    await h.store.db.delete(auditEvents).where(and(eq(auditEvents.chain, chain), eq(auditEvents.seq, 2n)));
    const result = await verifyAudit(h.store, TEST_AUDIT_KEY);
    expect(result.faults).toEqual([expect.objectContaining({ chain, seq: "2", kind: "deleted" })]);
  });

  it("detects a truncated tail", async () => {
    await h.store.db.delete(auditEvents).where(and(eq(auditEvents.chain, chain), gt(auditEvents.seq, 4n)));
    const result = await verifyAudit(h.store, TEST_AUDIT_KEY);
    expect(result.faults).toEqual([expect.objectContaining({ chain, seq: "5", kind: "truncated" })]);
  });

  it("names the first event of a chain rewritten with freshly computed hashes", async () => {
    // A forger without the key edits event 3 and recomputes every later hash and the head.
    const rows = await h.store.db.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(auditEvents.seq);
    let prev = rows[1]!.hash;
    for (const row of rows.slice(2)) {
      const fields = { ...row, action: row.seq === 3n ? "membership.removed" : row.action, prevHash: prev };
      const hash = createHash("sha256")
        .update(canonicalJson({ chain: fields.chain, seq: fields.seq, at: fields.at, actor: fields.actor, action: fields.action, subjectType: fields.subjectType, subjectId: fields.subjectId, digest: fields.digest, prevHash: fields.prevHash }))
        .digest("hex");
      await h.store.db.update(auditEvents).set({ action: fields.action, prevHash: prev, hash }).where(eq(auditEvents.id, row.id));
      prev = hash;
    }
    await h.store.db.update(auditHeads).set({ hash: prev }).where(eq(auditHeads.chain, chain));
    const result = await verifyAudit(h.store, TEST_AUDIT_KEY);
    expect(result.faults).toEqual([expect.objectContaining({ chain, seq: "3", eventId: rows[2]!.id, kind: "rewritten" })]);
  });

  it("refuses to verify with the wrong sealing key", async () => {
    const result = await verifyAudit(h.store, "another-key-another-key-another-key!!");
    expect(result.ok).toBe(false);
    expect(result.faults.every((f) => f.kind === "rewritten" && f.seq === "1")).toBe(true);
  });

  it("serves the verification to auditors only, and chains to their org_admins", async () => {
    const { token: auditor } = await makePerson(h, { platformRoles: ["auditor"] });
    const { token: admin } = await makePerson(h, { organizationId: chain, role: "org_admin" });
    const { token: member } = await makePerson(h, { organizationId: chain, role: "member" });
    expect((await call(h, "GET", "/api/v1/audit/verify", { token: auditor })).json()).toMatchObject({ ok: true });
    expect((await call(h, "GET", "/api/v1/audit/verify", { token: admin })).statusCode).toBe(403);
    const events = await call(h, "GET", `/api/v1/audit/events?chain=${chain}&limit=3`, { token: admin });
    expect(events.statusCode).toBe(200);
    expect(events.json().items.map((e: { seq: string }) => e.seq)).toEqual(["1", "2", "3"]);
    const next = await call(h, "GET", `/api/v1/audit/events?chain=${chain}&limit=3&cursor=${events.json().nextCursor}`, { token: admin });
    expect(next.json().items[0].seq).toBe("4");
    expect((await call(h, "GET", `/api/v1/audit/events?chain=${chain}`, { token: member })).statusCode).toBe(403);
    expect((await call(h, "GET", "/api/v1/audit/events?chain=platform", { token: admin })).statusCode).toBe(403);
  });

  it("keeps one gapless chain under concurrent writes", async () => {
    await Promise.all(Array.from({ length: 12 }, () => makePerson(h, { organizationId: chain })));
    const [row] = await h.store.db
      .select({ n: sql<number>`count(*)::int`, max: sql<string>`max(seq)::text` })
      .from(auditEvents)
      .where(eq(auditEvents.chain, chain));
    expect(String(row!.n)).toBe(row!.max);
    expect((await verifyAudit(h.store, TEST_AUDIT_KEY)).ok).toBe(true);
  });
});
