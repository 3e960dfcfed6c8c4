/**
 * Workloads end to end on simulated clusters, on every engine: submission validated against the
 * allocation and the fleet and reserved against the balance; the control loop places, dispatches,
 * follows and meters them; the ledger, the balance and each workload's metered seconds agree.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedFleet } from "../src/executors/simulated/simulated-fleet.js";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { allocationBalances, usageLedger, workloads } from "../src/store/schema/index.js";
import { call, type Harness, openHarness } from "./support/harness.js";
import { makeAwardedProject, TEST_FLEET, type AwardedProject } from "./support/projects.js";
import { describeEachStore } from "./support/stores.js";

const SCRIPT = "#!/bin/bash\necho hello\n";

describeEachStore("workloads on simulated clusters", (kind) => {
  let h: Harness;
  let sim: SimulatedFleet;
  let loop: ControlLoop;
  let p: AwardedProject;

  beforeAll(async () => {
    h = await openHarness(kind, {}, {
      executors: (clock) => {
        sim = new SimulatedFleet(TEST_FLEET, clock);
        return sim.clusters;
      },
    });
    await h.services.fleet.import(h.system, TEST_FLEET);
    // 10 hopper hours, at most 12 at once.
    p = await makeAwardedProject(h, { code: "wl", hopperHours: "10", maxConcurrent: 12 });
    loop = new ControlLoop(h.services.deps, h.services.fleetView, { holder: "test", intervalMs: 10, meterIntervalSeconds: 300 });
  });
  afterAll(async () => {
    await loop?.stop();
    await h.close();
  });

  const submit = (body: Record<string, unknown>, key?: string) =>
    call(h, "POST", `/api/v1/projects/${p.projectId}/workloads`, { token: p.member.token, body: { script: SCRIPT, ...body }, ...(key ? { headers: { "idempotency-key": key } } : {}) });

  async function balance() {
    const [b] = await h.store.db.select().from(allocationBalances);
    return b!;
  }

  describe("submission", () => {
    it("refuses what the allocation or the fleet cannot run, naming the rule and the field", async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ model: "b200", acceleratorsPerNode: 8, timeLimitMinutes: 10 }, "WORKLOAD_MODEL_UNKNOWN", "body.model"],
        [{ model: "h100-sxm", acceleratorsPerNode: 8, nodes: 2, timeLimitMinutes: 10 }, "WORKLOAD_EXCEEDS_CONCURRENT", "body.acceleratorsPerNode"],
        [{ model: "h100-sxm", acceleratorsPerNode: 9, timeLimitMinutes: 10 }, "WORKLOAD_SHAPE_INVALID", "body.acceleratorsPerNode"],
        [{ acceleratorClass: "hopper", acceleratorsPerNode: 4, nodes: 3, timeLimitMinutes: 10 }, "WORKLOAD_NEVER_FITS", "body.nodes"],
        // 8 GPUs x 80 min = 10.7 hours > the 10 granted.
        [{ model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 80 }, "ALLOCATION_BALANCE_INSUFFICIENT", "timeLimitMinutes"],
        [{ model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 10, script: "echo no shebang" }, "VALIDATION_FAILED", "body.script"],
      ];
      for (const [body, code, field] of cases) {
        const res = await submit(body);
        expect(res.json().code, JSON.stringify(body)).toBe(code);
        expect(res.json().errors ?? [{ field: res.json().field }]).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
      expect(await h.store.db.select().from(workloads)).toEqual([]);
      expect((await balance()).reservedSeconds).toBe(0n);
    });

    it("admits a workload, reserving time limit x accelerators, once per Idempotency-Key", async () => {
      const first = await submit({ name: "train", model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 20, expectedDurationSeconds: 600 }, "k1");
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({ state: "queued", accelerators: 8, linuxUser: "hwtest1", reservedAcceleratorSeconds: String(8 * 1200) });
      const again = await submit({ name: "train", model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 20, expectedDurationSeconds: 600 }, "k1");
      expect(again.json().id).toBe(first.json().id);
      expect((await balance()).reservedSeconds).toBe(BigInt(8 * 1200));
    });
  });

  describe("the control loop", () => {
    it("places, dispatches, starts and meters a workload to its end; the ledger matches", async () => {
      const small = await submit({ acceleratorClass: "hopper", acceleratorsPerNode: 1, timeLimitMinutes: 30, expectedDurationSeconds: 900 });
      expect(small.statusCode, small.body).toBe(201);
      const report = await loop.cycle();
      expect(report).toMatchObject({ leader: true, placed: 2, submitted: 2 });
      const rows = await h.store.db.select().from(workloads);
      expect(rows.map((r) => r.state)).toEqual(["dispatched", "dispatched"]);
      expect(rows.every((r) => r.jobId !== null && r.attempt === 1)).toBe(true);
      h.clock.advance(1000);
      expect(await loop.cycle()).toMatchObject({ started: 2 });
      // 10 minutes later the 8-GPU run has ended; the 1-GPU run is metered on the way (every 5 minutes).
      h.clock.advance(600_000);
      await loop.cycle();
      const byName = new Map((await h.store.db.select().from(workloads)).map((r) => [r.accelerators, r]));
      expect(byName.get(8)?.state).toBe("succeeded");
      expect(byName.get(1)?.state).toBe("running");
      h.clock.advance(300_000);
      await loop.cycle();
      const done = new Map((await h.store.db.select().from(workloads)).map((r) => [r.accelerators, r]));
      expect(done.get(1)?.state).toBe("succeeded");
      const ledger = await h.store.db.select().from(usageLedger);
      for (const w of done.values()) {
        const elapsed = (w.endedAt!.getTime() - w.startedAt!.getTime()) / 1000;
        const metered = ledger.filter((e) => e.workloadId === w.id).reduce((s, e) => s + e.acceleratorSeconds, 0n);
        expect(Number(metered)).toBeCloseTo(elapsed * w.accelerators, -1);
        expect(metered).toBe(w.meteredSeconds);
        expect(w.reservedSeconds).toBe(0n);
      }
      const b = await balance();
      expect(b.reservedSeconds).toBe(0n);
      expect(b.usedSeconds).toBe(ledger.reduce((s, e) => s + e.acceleratorSeconds, 0n));
      // Priced by the model each run got: h100-sxm 3,600 and h200 4,500 won per accelerator-hour.
      const price: Record<string, bigint> = { "h100-sxm": 3600n, h200: 4500n };
      for (const e of ledger) expect(e.pricePerHourKrw).toBe(price[e.model]);
      for (const e of ledger) expect(e.krw).toBe((e.acceleratorSeconds * e.pricePerHourKrw! + 1800n) / 3600n);
    });
  });
  describe("concurrent submissions", () => {
    it("never reserve more than the balance, whatever batch they are written in, and keep the audit chain whole", async () => {
      // 10 hours = 36,000 accelerator-seconds; each asks 1 GPU x 20 minutes = 1,200: 30 fit.
      const q = await makeAwardedProject(h, { code: "race", hopperHours: "10", maxConcurrent: 8 });
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          call(h, "POST", `/api/v1/projects/${q.projectId}/workloads`, { token: q.member.token, body: { name: `r${i}`, model: "h200", acceleratorsPerNode: 1, timeLimitMinutes: 20, script: SCRIPT } }),
        ),
      );
      const codes = responses.map((r) => (r.statusCode === 201 ? "created" : r.json().code));
      expect(codes.filter((c) => c === "created")).toHaveLength(30);
      expect(new Set(codes.filter((c) => c !== "created"))).toEqual(new Set(["ALLOCATION_BALANCE_INSUFFICIENT"]));
      const [b] = await h.store.db.select().from(allocationBalances).where(eq(allocationBalances.allocationId, q.allocationId));
      expect(b!.reservedSeconds).toBe(36_000n);
      expect((await h.store.db.select().from(workloads).where(eq(workloads.projectId, q.projectId))).length).toBe(30);
      expect((await h.services.audit.verify(h.system)).ok).toBe(true);
    });
  });

  describe("remembered submission contexts", () => {
    it("run the next submission as a newly mapped Linux user at once", async () => {
      const q = await makeAwardedProject(h, { code: "relink", hopperHours: "10", maxConcurrent: 8 });
      const submitTo = () => call(h, "POST", `/api/v1/projects/${q.projectId}/workloads`, { token: q.member.token, body: { model: "h200", acceleratorsPerNode: 1, timeLimitMinutes: 1, script: SCRIPT } });
      expect((await submitTo()).json().linuxUser).toBe(q.member.linuxUser);
      await h.services.people.setLinuxUser(h.system, q.member.id, { linuxUser: "hwtest3" });
      expect((await submitTo()).json().linuxUser).toBe("hwtest3");
    });

    it("see an allocation's end at once", async () => {
      const q = await makeAwardedProject(h, { code: "ending", hopperHours: "10", maxConcurrent: 8 });
      const submitTo = () => call(h, "POST", `/api/v1/projects/${q.projectId}/workloads`, { token: q.member.token, body: { model: "h200", acceleratorsPerNode: 1, timeLimitMinutes: 1, script: SCRIPT } });
      expect((await submitTo()).statusCode).toBe(201);
      await h.services.allocations.change(h.system, q.allocationId, { kind: "end", reason: "the project finished early" });
      const refused = (await submitTo()).json();
      expect(refused.code, JSON.stringify(refused)).toBe("VALIDATION_FAILED");
      expect(refused.errors.map((e: { rule: string }) => e.rule)).toContain("ALLOCATION_NOT_ACTIVE");
    });
  });

});
