/**
 * How submission batches are written (src/services/workloads/submission-writes.ts): in one
 * statement on the audit heads the writer remembers, rolled back whole and written again in a
 * transaction when a head moved or a balance falls short. Checked on every engine: the balance
 * reserves exactly what was accepted, every accepted workload has its event and audit event, and
 * the audit chain verifies.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { appendAudit } from "../src/services/audit/audit-log.js";
import { allocationBalances, auditEvents, workloadEvents, workloads } from "../src/store/schema/index.js";
import { call, type Harness, openHarness } from "./support/harness.js";
import { makeAwardedProject, TEST_FLEET, type AwardedProject } from "./support/projects.js";
import { describeEachStore } from "./support/stores.js";

const SCRIPT = "#!/bin/bash\necho hello\n";

describeEachStore("submission batches", (kind) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(kind);
    await h.services.fleet.import(h.system, TEST_FLEET);
  });
  afterAll(async () => {
    await h.close();
  });

  /** Submits `n` workloads of 1 GPU x `minutes` at once; the answers' status codes or error codes. */
  async function submitMany(p: AwardedProject, n: number, minutes = 1): Promise<string[]> {
    const responses = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        call(h, "POST", `/api/v1/projects/${p.projectId}/workloads`, { token: p.member.token, body: { name: `w${i}`, model: "h200", acceleratorsPerNode: 1, timeLimitMinutes: minutes, script: SCRIPT } }),
      ),
    );
    return responses.map((r) => (r.statusCode === 201 ? "created" : String(r.json().code)));
  }

  /** What the store holds for the project: workloads, their first events, audit events of submissions, reserved seconds. */
  async function stored(p: AwardedProject) {
    const rows = await h.store.db.select({ id: workloads.id }).from(workloads).where(eq(workloads.projectId, p.projectId));
    const ids = new Set(rows.map((r) => r.id));
    const events = (await h.store.db.select({ workloadId: workloadEvents.workloadId }).from(workloadEvents)).filter((e) => ids.has(e.workloadId));
    const audited = (await h.store.db.select({ subjectId: auditEvents.subjectId, action: auditEvents.action }).from(auditEvents)).filter((e) => e.action === "workload.submitted" && ids.has(e.subjectId));
    const [balance] = await h.store.db.select().from(allocationBalances).where(eq(allocationBalances.allocationId, p.allocationId));
    return { workloads: ids.size, events: events.length, audited: audited.length, reservedSeconds: balance!.reservedSeconds };
  }

  const writer = () => h.services.workloads.writer.written;

  it("writes a batch as one statement once the writer knows the chain's head", async () => {
    const p = await makeAwardedProject(h, { code: "once", hopperHours: "10", maxConcurrent: 8 });
    // The organization's first batch learns its head in a transaction.
    expect(await submitMany(p, 1)).toEqual(["created"]);
    const before = { ...writer() };
    expect(await submitMany(p, 12)).toEqual(Array(12).fill("created"));
    expect(writer().atOnce).toBeGreaterThan(before.atOnce);
    expect(writer().inTransaction).toBe(before.inTransaction);
    expect(await stored(p)).toEqual({ workloads: 13, events: 13, audited: 13, reservedSeconds: 13n * 60n });
    expect((await h.services.audit.verify(h.system)).ok).toBe(true);
  });

  it("rolls the statement back whole when another writer moved the head, and writes the batch in a transaction", async () => {
    const p = await makeAwardedProject(h, { code: "moved", hopperHours: "10", maxConcurrent: 8 });
    expect(await submitMany(p, 1)).toEqual(["created"]);
    // Another writer (here: this process outside the batcher) appends to the organization's chain.
    await h.store.transaction((tx) =>
      appendAudit(tx, h.services.deps.auditKey, { chain: p.organizationId, actor: "test", action: "test.appended", subjectType: "test", subjectId: "x", change: {}, at: new Date() }),
    );
    const before = { ...writer() };
    expect(await submitMany(p, 5)).toEqual(Array(5).fill("created"));
    expect(writer().rolledBack).toBe(before.rolledBack + 1);
    expect(writer().inTransaction).toBe(before.inTransaction + 1);
    // Nothing of the rolled-back statement remains: each workload reserved, evented and audited once.
    expect(await stored(p)).toEqual({ workloads: 6, events: 6, audited: 6, reservedSeconds: 6n * 60n });
    expect((await h.services.audit.verify(h.system)).ok).toBe(true);
    // The writer knows the head again: the next batches are single statements.
    const again = { ...writer() };
    expect(await submitMany(p, 3)).toEqual(Array(3).fill("created"));
    expect(writer().atOnce).toBeGreaterThan(again.atOnce);
    expect(writer().inTransaction).toBe(again.inTransaction);
  });

  it("refuses exactly what the balance cannot cover when a batch together does not fit", async () => {
    // 1 hour = 3,600 accelerator-seconds; each asks 1 GPU x 10 minutes = 600: six fit.
    const p = await makeAwardedProject(h, { code: "short", hopperHours: "1", maxConcurrent: 8 });
    expect(await submitMany(p, 1, 10)).toEqual(["created"]);
    const codes = await submitMany(p, 8, 10);
    expect(codes.filter((c) => c === "created")).toHaveLength(5);
    expect(new Set(codes.filter((c) => c !== "created"))).toEqual(new Set(["ALLOCATION_BALANCE_INSUFFICIENT"]));
    expect(await stored(p)).toEqual({ workloads: 6, events: 6, audited: 6, reservedSeconds: 3600n });
    expect((await h.services.audit.verify(h.system)).ok).toBe(true);
  });

  it("answers a submission with the workload exactly as it is then shown, batched or with an Idempotency-Key", async () => {
    const p = await makeAwardedProject(h, { code: "view", hopperHours: "10", maxConcurrent: 8 });
    const body = { name: "shown", model: "h200", acceleratorsPerNode: 2, nodes: 1, timeLimitMinutes: 30, priorityTier: 0, script: SCRIPT, environment: { EPOCHS: "3" } };
    for (const headers of [{}, { "idempotency-key": "view-1" }] as Record<string, string>[]) {
      const created = await call(h, "POST", `/api/v1/projects/${p.projectId}/workloads`, { token: p.member.token, body, headers });
      expect(created.statusCode, created.body).toBe(201);
      const shown = await call(h, "GET", `/api/v1/workloads/${created.json().id}`, { token: p.member.token });
      const { events: _events, ...workload } = shown.json();
      expect(created.json()).toEqual(workload);
    }
  });
});
