/**
 * What happens to a run after it starts, on simulated clusters and every engine: a cancel stops it
 * and meters it to its end; a node failure credits the run back and requeues the workload under
 * its next attempt; a preemption gives the run its grace, meters it to its end and requeues it; a
 * job that vanishes from its cluster is requeued; and leadership fences a deposed loop.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SimulatedCluster } from "../src/executors/simulated/simulated-cluster.js";
import { SimulatedFleet } from "../src/executors/simulated/simulated-fleet.js";
import { highwayPolicy } from "../src/scheduler/index.js";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { allocationBalances, nodeInventory, queueUsage, usageLedger, workloadEvents, workloads } from "../src/store/schema/index.js";
import { call, type Harness, openHarness } from "./support/harness.js";
import { makeAwardedProject, submitWorkload, TEST_FLEET, workloadRow, type AwardedProject } from "./support/projects.js";
import { describeEachStore } from "./support/stores.js";

const SCRIPT = "#!/bin/bash\ntrain\n";

describeEachStore("a run's life after it starts", (kind) => {
  let h: Harness;
  let sim: SimulatedFleet;
  let loop: ControlLoop;
  let a: AwardedProject;
  let b: AwardedProject;
  const errors: unknown[] = [];

  beforeAll(async () => {
    h = await openHarness(kind, {}, {
      executors: (clock) => {
        sim = new SimulatedFleet(TEST_FLEET, clock);
        return sim.clusters;
      },
    });
    await h.services.fleet.import(h.system, TEST_FLEET);
    a = await makeAwardedProject(h, { code: "la", hopperHours: "100", maxConcurrent: 16 });
    b = await makeAwardedProject(h, { code: "lb", hopperHours: "100", maxConcurrent: 8, linuxUser: "hwtest2" });
    loop = new ControlLoop(h.services.deps, h.services.fleetView, {
      holder: "test",
      meterIntervalSeconds: 60,
      onError: (error) => errors.push(error),
      policy: highwayPolicy({ preemption: { ...highwayPolicy().preemption, enabled: true, gracePeriodSeconds: 30, minRuntimeSeconds: 0 } }),
    });
  });
  afterAll(async () => {
    await loop?.stop();
    await h.close();
  });

  const cluster = (id: string) => sim.clusters.get(id) as SimulatedCluster;
  const submit = (p: AwardedProject, body: Record<string, unknown>): Promise<string> => submitWorkload(h, p, { script: SCRIPT, ...body });
  const row = (id: string) => workloadRow(h, id);
  async function ledgerOf(id: string) {
    return h.store.db.select().from(usageLedger).where(eq(usageLedger.workloadId, id));
  }
  async function settle(ms: number) {
    h.clock.advance(ms);
    return loop.cycle();
  }
  const sum = (rows: { acceleratorSeconds: bigint }[]) => rows.reduce((s, r) => s + r.acceleratorSeconds, 0n);

  it("cancels a running workload: its job stops and it is metered to the end", async () => {
    const id = await submit(a, { model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 60, expectedDurationSeconds: 3000 });
    await settle(0);
    await settle(1000);
    expect((await row(id)).state).toBe("running");
    await settle(120_000);
    const cancelled = await call(h, "POST", `/api/v1/workloads/${id}/cancel`, { token: a.member.token });
    expect(cancelled.json()).toMatchObject({ state: "running", cancelRequested: true });
    await settle(1000); // the loop stops the job
    await settle(1000); // and sees it ended
    const r = await row(id);
    expect(r.state).toBe("cancelled");
    expect(r.reservedSeconds).toBe(0n);
    const elapsed = BigInt((r.endedAt!.getTime() - r.startedAt!.getTime()) / 1000);
    expect(sum(await ledgerOf(id))).toBe(8n * elapsed);
    const again = await call(h, "POST", `/api/v1/workloads/${id}/cancel`, { token: a.member.token });
    expect(again.json().code).toBe("WORKLOAD_ENDED");
  });

  it("adds every metered interval to the project's fair-share usage, decayed by the policy's half-life", async () => {
    const usageOf = async () => (await h.store.db.select().from(queueUsage).where(eq(queueUsage.projectId, b.projectId)))[0];
    const before = await usageOf();
    const since = h.clock.now();
    const id = await submit(b, { model: "h100-sxm", acceleratorsPerNode: 2, timeLimitMinutes: 60, expectedDurationSeconds: 200 });
    for (const ms of [0, 1000, 70_000, 70_000, 70_000, 1000]) await settle(ms);
    expect((await row(id)).state).toBe("succeeded");
    const after = (await usageOf())!;
    const entries = (await h.store.db.select().from(usageLedger).where(eq(usageLedger.projectId, b.projectId))).filter((e) => e.recordedAt >= since);
    expect(entries.length).toBeGreaterThan(1);
    const halfLife = highwayPolicy().fairShareHalfLifeSeconds;
    const decay = (from: Date) => Math.pow(2, -Math.max(0, after.asOf.getTime() - from.getTime()) / 1000 / halfLife);
    const expected = (before === undefined ? 0 : before.decayedSeconds * decay(before.asOf)) + entries.reduce((sum, e) => sum + Number(e.acceleratorSeconds) * decay(e.recordedAt), 0);
    expect(after.decayedSeconds).toBeCloseTo(expected, 3);
    expect(after.asOf.getTime()).toBe(Math.max(...entries.map((e) => e.recordedAt.getTime())));
  });

  it("settles the other runs of a batch when one cannot be written, and that one at a later cycle", async () => {
    const x = await submit(b, { model: "h100-sxm", acceleratorsPerNode: 1, timeLimitMinutes: 60, expectedDurationSeconds: 100 });
    const y = await submit(b, { model: "h100-sxm", acceleratorsPerNode: 1, timeLimitMinutes: 60, expectedDurationSeconds: 100 });
    await settle(0);
    await settle(1000);
    expect([(await row(x)).state, (await row(y)).state]).toEqual(["running", "running"]);
    // A fault in the database for x's ledger entries only: its batch fails and is settled run by run.
    await h.store.db.execute(sql.raw(`create function refuse_ledger() returns trigger language plpgsql as $$ begin if new.workload_id = '${x}' then raise exception 'injected fault'; end if; return new; end $$`));
    await h.store.db.execute(sql.raw("create trigger refuse_ledger before insert on usage_ledger for each row execute function refuse_ledger()"));
    errors.length = 0;
    try {
      await settle(200_000);
      expect((await row(y)).state).toBe("succeeded");
      expect((await row(x)).state).toBe("running");
      const messages = (e: unknown): string => (e instanceof Error ? `${e.message} ${messages(e.cause)}` : "");
      expect(errors.some((e) => messages(e).includes("injected fault"))).toBe(true);
    } finally {
      await h.store.db.execute(sql.raw("drop trigger refuse_ledger on usage_ledger"));
      await h.store.db.execute(sql.raw("drop function refuse_ledger"));
    }
    await settle(1000);
    const settled = await row(x);
    expect(settled.state).toBe("succeeded");
    expect(sum(await ledgerOf(x))).toBe(BigInt((settled.endedAt!.getTime() - settled.startedAt!.getTime()) / 1000));
  });

  it("goes on scheduling when the only run due cannot be settled", async () => {
    const x = await submit(b, { model: "h100-sxm", acceleratorsPerNode: 1, timeLimitMinutes: 60, expectedDurationSeconds: 100 });
    await settle(0);
    await settle(1000);
    expect((await row(x)).state).toBe("running");
    await h.store.db.execute(sql.raw(`create function refuse_ledger() returns trigger language plpgsql as $$ begin if new.workload_id = '${x}' then raise exception 'injected fault'; end if; return new; end $$`));
    await h.store.db.execute(sql.raw("create trigger refuse_ledger before insert on usage_ledger for each row execute function refuse_ledger()"));
    try {
      const y = await submit(b, { model: "h100-sxm", acceleratorsPerNode: 1, timeLimitMinutes: 60, expectedDurationSeconds: 100 });
      const report = await settle(200_000);
      expect((await row(x)).state).toBe("running");
      expect(report.placed).toBe(1);
      expect((await row(y)).state).not.toBe("queued");
    } finally {
      await h.store.db.execute(sql.raw("drop trigger refuse_ledger on usage_ledger"));
      await h.store.db.execute(sql.raw("drop function refuse_ledger"));
    }
    await settle(1000);
    expect((await row(x)).state).toBe("succeeded");
  });

  it("credits back a run lost to a node failure and requeues the workload under its next attempt", async () => {
    const id = await submit(a, { model: "h200", acceleratorsPerNode: 8, timeLimitMinutes: 60, expectedDurationSeconds: 600 });
    await settle(0);
    await settle(1000);
    const first = await row(id);
    expect(first).toMatchObject({ state: "running", attempt: 1 });
    await settle(90_000);
    const failed = (first.nodes as string[])[0]!;
    cluster("tb").fail(failed, "power supply");
    // The site reports the node down (what the inventory sync records), so nothing new goes there.
    await h.store.db.insert(nodeInventory).values({ node: failed, cluster: "tb", state: "down", reason: "power supply", gresType: "h200", accelerators: 8, seenAt: h.clock.now() });
    const report = await settle(1000);
    expect(report.requeued).toBeGreaterThanOrEqual(1);
    const ledger = await ledgerOf(id);
    const usage = ledger.filter((e) => e.kind === "usage");
    const credits = ledger.filter((e) => e.kind === "credit");
    expect(usage.length).toBeGreaterThan(0);
    expect(sum(credits)).toBe(sum(usage));
    expect(credits.map((c) => c.krw)).toEqual(usage.map((u) => u.krw));
    // It runs again on the other node, as attempt 2, and finishes.
    await settle(1000);
    await settle(1000);
    const second = await row(id);
    expect(second).toMatchObject({ state: "running", attempt: 2 });
    expect(second.nodes).not.toContain(failed);
    await settle(700_000);
    expect((await row(id)).state).toBe("succeeded");
    const events = await h.store.db.select().from(workloadEvents).where(eq(workloadEvents.workloadId, id));
    expect(events.some((e) => e.reason?.includes("node failure") && e.state === "queued")).toBe(true);
    cluster("tb").recover(failed);
    await h.store.db.delete(nodeInventory).where(eq(nodeInventory.node, failed));
  });

  it("preempts a preemptible run for work within its quota, meters it to its end and requeues it", async () => {
    const filler = await submit(a, { model: "h100-sxm", acceleratorsPerNode: 8, nodes: 2, timeLimitMinutes: 60, expectedDurationSeconds: 3000, preemptible: true });
    await settle(0);
    await settle(1000);
    expect((await row(filler)).state).toBe("running");
    const urgent = await submit(b, { model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 30, expectedDurationSeconds: 300 });
    const decided = await settle(60_000);
    expect(decided.preempted).toBe(1);
    expect((await row(filler)).preemptingAt).not.toBeNull();
    await settle(31_000); // past the 30 s grace: the job is killed
    await settle(1000);
    const requeued = await row(filler);
    expect(requeued).toMatchObject({ state: "queued", attempt: 1 });
    expect(requeued.reservedSeconds).toBe(16n * 3600n);
    const metered = sum(await ledgerOf(filler));
    expect(metered).toBe(requeued.meteredSeconds);
    expect(metered).toBeGreaterThanOrEqual(16n * 90n);
    await settle(1000);
    expect((await row(urgent)).state).toBe("running");
  });

  it("requeues a workload whose job vanished from its cluster", async () => {
    const id = await submit(b, { model: "h200", acceleratorsPerNode: 2, timeLimitMinutes: 30, expectedDurationSeconds: 900 });
    await settle(0);
    await settle(1000);
    const before = await row(id);
    expect(before.state).toBe("running");
    // The cluster forgets the job (a site's slurmctld lost its state).
    (sim.clusters as Map<string, SimulatedCluster>).set("tb", freshCluster());
    await settle(1000);
    // Requeued under its next attempt (and placed again in the same cycle).
    const after = await row(id);
    expect(after.attempt).toBe(before.attempt + 1);
    const events = await h.store.db.select().from(workloadEvents).where(eq(workloadEvents.workloadId, id));
    expect(events.find((e) => e.state === "queued" && e.attempt === before.attempt)?.reason).toMatch(/vanished from cluster tb/);
  });

  it("stops running work at the limit under a stop policy, and lets it finish under finish", async () => {
    const stopper = await makeAwardedProject(h, { code: "ls", hopperHours: "100", maxConcurrent: 8, programSettings: { onBalanceExhausted: "stop" } });
    const finisher = await makeAwardedProject(h, { code: "lf", hopperHours: "100", maxConcurrent: 8 });
    const stopped = await submit(stopper, { model: "h200", acceleratorsPerNode: 2, timeLimitMinutes: 60, expectedDurationSeconds: 1200 });
    const finished = await submit(finisher, { model: "h200", acceleratorsPerNode: 2, timeLimitMinutes: 60, expectedDurationSeconds: 1200 });
    await settle(0);
    await settle(1000);
    expect([(await row(stopped)).state, (await row(finished)).state]).toEqual(["running", "running"]);
    // Both allocations end early: nothing of their balances is left.
    for (const q of [stopper, finisher]) await h.services.allocations.change(h.system, q.allocationId, { kind: "end", reason: "사업 종료 / program ended" });
    await settle(60_000); // marks the stop-policy run for cancellation
    await settle(1000); // stops its job
    await settle(1000); // and settles it
    const s = await row(stopped);
    expect(s.state).toBe("cancelled");
    expect(s.reason).toMatch(/balance is used up/);
    expect(s.meteredSeconds).toBeGreaterThan(0n);
    expect((await row(finished)).state).toBe("running");
    await settle(1_200_000);
    expect((await row(finished)).state).toBe("succeeded");
  });

  it("keeps ledger, balances and workloads in agreement", async () => {
    const ledger = await h.store.db.select().from(usageLedger);
    for (const p of [a, b]) {
      const [bal] = await h.store.db.select().from(allocationBalances).where(eq(allocationBalances.allocationId, p.allocationId));
      const mine = ledger.filter((e) => e.allocationId === p.allocationId);
      const net = sum(mine.filter((e) => e.kind === "usage")) - sum(mine.filter((e) => e.kind === "credit"));
      expect(bal!.usedSeconds).toBe(net);
      const active = (await h.store.db.select().from(workloads).where(eq(workloads.allocationId, p.allocationId))).reduce((s, w) => s + w.reservedSeconds, 0n);
      expect(bal!.reservedSeconds).toBe(active);
    }
  });

  function freshCluster(): SimulatedCluster {
    const pools = TEST_FLEET.sites[1]!.clusters[0]!.pools.map((p) => ({ model: p.model, nodes: p.nodes, acceleratorsPerNode: p.acceleratorsPerNode }));
    const Cluster = (sim.clusters.get("tb") as SimulatedCluster).constructor as new (o: unknown) => SimulatedCluster;
    return new Cluster({ clusterId: "tb", pools, clock: h.clock });
  }
});
