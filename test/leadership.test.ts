/**
 * One active scheduler loop on PostgreSQL: a second replica cannot lead while the first holds the
 * advisory lock; when the leader's connection dies, the other takes over with the next epoch; a
 * deposed leader's late decision is refused by the fence, and no decision is lost or made twice.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { schedulerLeases, workloadEvents, workloads } from "../src/store/schema/index.js";
import { call, type Harness } from "./support/harness.js";
import { makeAwardedProject, openSimulatedFleetHarness, type AwardedProject } from "./support/projects.js";
import { storeKinds } from "./support/stores.js";

describe.runIf(storeKinds().includes("postgres"))("scheduler leadership [postgres]", () => {
  let h: Harness;
  let p: AwardedProject;
  let a: ControlLoop;
  let b: ControlLoop;

  beforeAll(async () => {
    h = await openSimulatedFleetHarness("postgres");
    p = await makeAwardedProject(h, { code: "lead", hopperHours: "100", maxConcurrent: 8 });
    a = new ControlLoop(h.services.deps, h.services.fleetView, { holder: "a" });
    b = new ControlLoop(h.services.deps, h.services.fleetView, { holder: "b" });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await h.close();
  });

  const submit = async () => {
    const res = await call(h, "POST", `/api/v1/projects/${p.projectId}/workloads`, { token: p.member.token, body: { model: "h100-sxm", acceleratorsPerNode: 1, timeLimitMinutes: 10, script: "#!/bin/sh\n" } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const dispatchesOf = async (id: string) => (await h.store.db.select().from(workloadEvents).where(eq(workloadEvents.workloadId, id))).filter((e) => e.state === "dispatched" && e.reason?.startsWith("placed"));

  it("lets one replica lead; the other waits", async () => {
    expect(await a.cycle()).toMatchObject({ leader: true, epoch: 1 });
    expect(await b.cycle()).toMatchObject({ leader: false });
  });

  it("refuses a deposed leader's late decision", async () => {
    const id = await submit();
    // Another replica took over (its increment of the epoch) while `a` still believes it leads.
    await h.store.db.update(schedulerLeases).set({ epoch: sql`${schedulerLeases.epoch} + 1`, holder: "someone" });
    await expect(a.cycle()).rejects.toMatchObject({ code: "SCHEDULER_FENCED" });
    const [row] = await h.store.db.select().from(workloads).where(eq(workloads.id, id));
    expect(row!.state).toBe("queued");
    expect(await dispatchesOf(id)).toEqual([]);
  });

  it("moves leadership when the leader's connection dies, without losing or repeating a decision", async () => {
    await a.leadership.release();
    // `a` gave up its lock (as when its connection dies); `b` takes over with the next epoch.
    const [lease] = await h.store.db.select().from(schedulerLeases);
    const taken = await b.cycle();
    expect(taken).toMatchObject({ leader: true, epoch: lease!.epoch + 1, placed: 1, submitted: 1 });
    expect(await a.cycle()).toMatchObject({ leader: false });
    const [row] = await h.store.db.select().from(workloads);
    expect(row!.state).toBe("dispatched");
    expect(await dispatchesOf(row!.id)).toHaveLength(1);
    expect(row!.epoch).toBe(taken.epoch);
  });

  it("takes over from a leader whose database session was terminated", async () => {
    await h.store.db.execute(sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and pid <> pg_backend_pid()`);
    // The terminated session's lock is gone; `a` wins it now, and `b` notices it lost when it next fences.
    for (let i = 0; i < 50 && !(await a.cycle()).leader; i++) await new Promise((r) => setTimeout(r, 20));
    const [lease] = await h.store.db.select().from(schedulerLeases);
    expect(lease!.holder).toBe("a");
    const late = await b.cycle().catch((e: unknown) => e);
    expect(late instanceof Error ? (late as { code?: string }).code : (late as { leader: boolean }).leader).toSatisfy((v) => v === "SCHEDULER_FENCED" || v === false);
  });
});
