/**
 * Operating the fleet on simulated clusters, on every engine: an operator's drain, maintenance
 * windows and the clusters' own node states (synced from their inventory) each keep the control
 * loop from placing new work on a node, and lifting them lets it place there again; bookings are
 * validated field by field, and only platform administrators act.
 */
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterExecutor } from "../src/executors/cluster-executor.js";
import { SimulatedFleet } from "../src/executors/simulated/simulated-fleet.js";
import type { SimulatedCluster } from "../src/executors/simulated/simulated-cluster.js";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { auditEvents, maintenanceWindows, nodeDrains, nodeInventory, workloads } from "../src/store/schema/index.js";
import { call, makePerson, type Harness, openHarness, rowCounts } from "./support/harness.js";
import { makeAwardedProject, submitWorkload, TEST_FLEET, workloadRow, type AwardedProject } from "./support/projects.js";
import { describeEachStore } from "./support/stores.js";

const HOUR = 3600_000;

describeEachStore("node operations", (kind) => {
  let h: Harness;
  let sim: SimulatedFleet;
  let loop: ControlLoop;
  let p: AwardedProject;
  let admin: string;
  /** While true, cluster tb does not answer inventory calls. */
  let tbUnreachable = false;

  beforeAll(async () => {
    h = await openHarness(kind, {}, {
      executors: (clock) => {
        sim = new SimulatedFleet(TEST_FLEET, clock);
        const clusters = new Map<string, ClusterExecutor>(sim.clusters);
        clusters.set("tb", unreachableWhen(sim.clusters.get("tb")!, () => tbUnreachable));
        return clusters;
      },
    });
    await h.services.fleet.import(h.system, TEST_FLEET);
    p = await makeAwardedProject(h, { code: "ops", hopperHours: "200", maxConcurrent: 16 });
    admin = (await makePerson(h, { platformRoles: ["platform_admin"] })).token;
    // The default lead: nodes close 4 hours before a window starts.
    loop = new ControlLoop(h.services.deps, h.services.fleetView, { holder: "test", intervalMs: 10 });
  });
  afterAll(async () => {
    await loop?.stop();
    await h.close();
  });

  const ta = (): SimulatedCluster => sim.clusters.get("ta")!;
  const tb = (): SimulatedCluster => sim.clusters.get("tb")!;
  const asAdmin = (method: "GET" | "POST", url: string, body?: unknown, headers?: Record<string, string>) =>
    call(h, method, url, { token: admin, ...(body === undefined ? {} : { body }), ...(headers === undefined ? {} : { headers }) });

  /** Submits one whole h100-sxm node's worth of work (only cluster ta has them: ta-n00001, ta-n00002). */
  function submitH100(): Promise<string> {
    return submitWorkload(h, p, { model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 30, expectedDurationSeconds: 600, script: "#!/bin/bash\necho hi\n" });
  }

  const workload = (id: string) => workloadRow(h, id);

  /** Lets every run end: the clock moves past the time limit and the loop settles them. */
  async function finishAll(): Promise<void> {
    h.clock.advance(HOUR);
    await loop.cycle();
    const active = await h.store.db.select().from(workloads).where(inArray(workloads.state, ["dispatched", "running"]));
    expect(active).toEqual([]);
  }

  /** Submits one h100 workload and runs a cycle; returns where it went (empty when it waits). */
  async function placeOne(): Promise<{ id: string; nodes: string[] }> {
    const id = await submitH100();
    await loop.cycle();
    return { id, nodes: ((await workload(id)).nodes as string[] | null) ?? [] };
  }

  describe("drains", () => {
    it("the loop places around a drained node; with nothing else to fit the work waits and says why; resumed, the node is used again", async () => {
      const drained = await asAdmin("POST", "/api/v1/nodes/ta-n00001/drain", { reason: "GPU 3 ECC errors" });
      expect(drained.statusCode, drained.body).toBe(200);
      expect(drained.json()).toMatchObject({ node: "ta-n00001", cluster: "ta", state: "drained", drain: { reason: "GPU 3 ECC errors" } });

      expect((await placeOne()).nodes).toEqual(["ta-n00002"]);
      await finishAll();

      await asAdmin("POST", "/api/v1/nodes/ta-n00002/drain", { reason: "cable check" });
      const waiting = await placeOne();
      expect(waiting.nodes).toEqual([]);
      const row = await workload(waiting.id);
      expect(row.state).toBe("queued");
      // The scheduler sees closed nodes as having nothing free; it waits for capacity, not for ever.
      expect({ waitCode: row.waitCode, reason: row.reason }).toEqual({ waitCode: "capacity", reason: "needs 8 h100-sxm on one node; the best node has 0 free" });

      const resumed = await asAdmin("POST", "/api/v1/nodes/ta-n00001/resume");
      expect(resumed.statusCode, resumed.body).toBe(200);
      expect(resumed.json()).toMatchObject({ node: "ta-n00001", state: "in_service", drain: null });
      await loop.cycle();
      expect((await workload(waiting.id)).nodes).toEqual(["ta-n00001"]);
      await finishAll();
      await asAdmin("POST", "/api/v1/nodes/ta-n00002/resume");
      expect(await h.store.db.select().from(nodeDrains)).toEqual([]);
    });

    it("draining a drained node again with the same reason changes nothing; resuming an undrained node is no error", async () => {
      const audit = async () => (await h.store.db.select().from(auditEvents).where(eq(auditEvents.chain, "platform"))).length;
      await asAdmin("POST", "/api/v1/nodes/tb-n00001/drain", { reason: "fan" });
      const before = await audit();
      const again = await asAdmin("POST", "/api/v1/nodes/tb-n00001/drain", { reason: "fan" });
      expect(again.statusCode).toBe(200);
      expect(await audit()).toBe(before);
      await asAdmin("POST", "/api/v1/nodes/tb-n00001/resume");
      const twice = await asAdmin("POST", "/api/v1/nodes/tb-n00001/resume");
      expect(twice.statusCode).toBe(200);
      expect(await audit()).toBe(before + 1);
    });
  });

  describe("maintenance windows", () => {
    it("a window starting within the lead closes its nodes; one far ahead does not; a cancelled one does not", async () => {
      const now = h.clock.now().getTime();
      const book = (nodes: string[] | undefined, startsIn: number, hours: number, key?: string) =>
        asAdmin(
          "POST",
          "/api/v1/maintenance-windows",
          { cluster: "ta", ...(nodes === undefined ? {} : { nodes }), startsAt: new Date(now + startsIn).toISOString(), endsAt: new Date(now + startsIn + hours * HOUR).toISOString(), reason: "firmware" },
          key === undefined ? undefined : { "idempotency-key": key },
        );
      const soon = await book(["ta-n00001"], HOUR, 2, "w-soon");
      expect(soon.statusCode, soon.body).toBe(201);
      expect(soon.json()).toMatchObject({ cluster: "ta", nodes: ["ta-n00001"], status: "upcoming", cancelledAt: null });
      expect((await book(["ta-n00001"], HOUR, 2, "w-soon")).json().id).toBe(soon.json().id);
      // The whole cluster, ten days ahead: far outside the 4-hour lead.
      const later = await book(undefined, 10 * 24 * HOUR, 6);
      expect(later.statusCode, later.body).toBe(201);

      expect((await placeOne()).nodes).toEqual(["ta-n00002"]);
      await finishAll();

      // Now ta-n00002 closes too, 3 hours ahead, and the first window is cancelled: only ta-n00001 is open.
      const other = await book(["ta-n00002"], 3 * HOUR, 1);
      const cancelled = await asAdmin("POST", `/api/v1/maintenance-windows/${soon.json().id}/cancel`);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json()).toMatchObject({ id: soon.json().id, status: "cancelled" });
      expect((await asAdmin("POST", `/api/v1/maintenance-windows/${soon.json().id}/cancel`)).json().status).toBe("cancelled");

      const nodes = await asAdmin("GET", "/api/v1/nodes?cluster=ta");
      expect(nodes.json().items.map((n: { node: string; state: string }) => [n.node, n.state])).toEqual([
        ["ta-n00001", "in_service"],
        ["ta-n00002", "maintenance"],
      ]);
      expect(nodes.json().items[0].maintenance).toMatchObject({ id: later.json().id, closing: false });
      const listed = await asAdmin("GET", "/api/v1/maintenance-windows?cluster=ta");
      expect(listed.json().items.map((w: { id: string }) => w.id)).toEqual([later.json().id, other.json().id]);

      expect((await placeOne()).nodes).toEqual(["ta-n00001"]);
      await finishAll();
      // Two hours have passed; one more and ta-n00002's window is under way, another and it is over.
      h.clock.advance(HOUR);
      expect((await asAdmin("GET", "/api/v1/maintenance-windows?cluster=ta")).json().items.map((w: { status: string }) => w.status)).toEqual(["upcoming", "current"]);
      expect((await asAdmin("GET", "/api/v1/nodes?state=maintenance")).json().items.map((n: { node: string }) => n.node)).toEqual(["ta-n00002"]);
      h.clock.advance(HOUR);
      const ended = await asAdmin("POST", `/api/v1/maintenance-windows/${other.json().id}/cancel`);
      expect(ended.json().code).toBe("MAINTENANCE_WINDOW_ENDED");
      expect((await asAdmin("GET", "/api/v1/nodes?state=maintenance")).json().items).toEqual([]);
      await asAdmin("POST", `/api/v1/maintenance-windows/${later.json().id}/cancel`);
    });
  });

  describe("inventory sync", () => {
    it("a node its cluster reports down is avoided after a sync, and used again once it is back and synced", async () => {
      ta().fail("ta-n00001", "Not responding");
      const report = await h.services.nodes.syncInventory();
      expect(report).toMatchObject({ synced: 2, unreachable: 0, leftService: 1, backInService: 0 });
      expect(report.clusters).toContainEqual({ kind: "synced", cluster: "ta", reported: 2, notInService: 1, leftService: 1, backInService: 0, notInFleet: 0 });
      const listed = await asAdmin("GET", "/api/v1/nodes?state=reported_down");
      expect(listed.json().items).toEqual([expect.objectContaining({ node: "ta-n00001", reported: expect.objectContaining({ state: "down", reason: "Not responding" }) })]);

      expect((await placeOne()).nodes).toEqual(["ta-n00002"]);
      await finishAll();

      ta().recover("ta-n00001");
      const synced = await asAdmin("POST", "/api/v1/nodes/sync");
      expect(synced.statusCode, synced.body).toBe(200);
      expect(synced.json()).toMatchObject({ leftService: 0, backInService: 1 });
      expect(await h.store.db.select().from(nodeInventory)).toEqual([]);
      // With ta-n00002 drained by an operator, only the recovered node can take the work.
      await asAdmin("POST", "/api/v1/nodes/ta-n00002/drain", { reason: "keep it free" });
      expect((await placeOne()).nodes).toEqual(["ta-n00001"]);
      await finishAll();
      await asAdmin("POST", "/api/v1/nodes/ta-n00002/resume");
    });

    it("a cluster that does not answer is reported and keeps its nodes' last states", async () => {
      tb().fail("tb-n00002", "Kill task failed");
      await h.services.nodes.syncInventory();
      tb().recover("tb-n00002");
      tbUnreachable = true;
      try {
        const report = await h.services.nodes.syncInventory();
        expect(report).toMatchObject({ synced: 1, unreachable: 1 });
        expect(report.clusters).toContainEqual({ kind: "unreachable", cluster: "tb", error: "tb: connection refused" });
        expect((await h.store.db.select().from(nodeInventory)).map((r) => [r.node, r.state])).toEqual([["tb-n00002", "down"]]);
      } finally {
        tbUnreachable = false;
      }
      expect(await h.services.nodes.syncInventory()).toMatchObject({ unreachable: 0, backInService: 1 });
      expect(await h.store.db.select().from(nodeInventory)).toEqual([]);
    });
  });

  describe("listing", () => {
    it("pages through the fleet's nodes in fleet order, by cluster and by state", async () => {
      const order = (await h.services.fleetView.get()).nodes().map((n) => n.id);
      expect([...order].sort()).toEqual(["ta-n00001", "ta-n00002", "tb-n00001", "tb-n00002"]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { node: string }[]; nextCursor: string | null } = (await asAdmin("GET", `/api/v1/nodes?limit=1${cursor ? `&cursor=${cursor}` : ""}`)).json();
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items.map((n) => n.node));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual(order);
      expect((await asAdmin("GET", "/api/v1/nodes?cluster=tb")).json().items.map((n: { node: string }) => n.node)).toEqual(["tb-n00001", "tb-n00002"]);

      await asAdmin("POST", `/api/v1/nodes/${order[1]}/drain`, { reason: "x" });
      const page1 = (await asAdmin("GET", "/api/v1/nodes?state=in_service&limit=2")).json();
      expect(page1.items.map((n: { node: string }) => n.node)).toEqual([order[0], order[2]]);
      const page2 = (await asAdmin("GET", `/api/v1/nodes?state=in_service&limit=2&cursor=${page1.nextCursor}`)).json();
      expect(page2).toEqual({ items: [expect.objectContaining({ node: order[3] })], nextCursor: null });
      expect((await asAdmin("GET", "/api/v1/nodes?state=drained")).json().items.map((n: { node: string }) => n.node)).toEqual([order[1]]);
      await asAdmin("POST", `/api/v1/nodes/${order[1]}/resume`);
    });
  });

  describe("validation", () => {
    it("names the field of every bad request and writes nothing", async () => {
      const before = await rowCounts(h.store);
      const now = h.clock.now().getTime();
      const iso = (hours: number) => new Date(now + hours * HOUR).toISOString();
      const window = { cluster: "ta", startsAt: iso(1), endsAt: iso(2), reason: "r" };
      const cases: [string, string, unknown, string, string[]][] = [
        ["POST", "/api/v1/nodes/zz-n00001/drain", { reason: "r" }, "NODE_UNKNOWN", ["path.node"]],
        ["POST", "/api/v1/nodes/zz-n00001/resume", undefined, "NODE_UNKNOWN", ["path.node"]],
        ["POST", "/api/v1/nodes/ta-n00001/drain", {}, "VALIDATION_FAILED", ["body.reason"]],
        ["POST", "/api/v1/nodes/ta-n00001/drain", { reason: "  " }, "VALIDATION_FAILED", ["body.reason"]],
        ["POST", "/api/v1/maintenance-windows", { ...window, endsAt: iso(1) }, "MAINTENANCE_WINDOW_INVALID", ["body.endsAt"]],
        ["POST", "/api/v1/maintenance-windows", { ...window, startsAt: iso(-3), endsAt: iso(-1) }, "MAINTENANCE_WINDOW_INVALID", ["body.endsAt"]],
        ["POST", "/api/v1/maintenance-windows", { ...window, cluster: "zz" }, "CLUSTER_UNKNOWN", ["body.cluster"]],
        ["POST", "/api/v1/maintenance-windows", { ...window, nodes: ["ta-n00001", "tb-n00001"] }, "NODE_UNKNOWN", ["body.nodes.1"]],
        ["POST", "/api/v1/maintenance-windows", { ...window, nodes: ["ta-n00009"], endsAt: iso(0.5) }, "VALIDATION_FAILED", ["body.nodes.0", "body.endsAt"]],
        ["POST", "/api/v1/maintenance-windows", { ...window, startsAt: "2026-12-01T00:00" }, "VALIDATION_FAILED", ["body.startsAt"]],
        ["POST", "/api/v1/maintenance-windows/01900000-0000-7000-8000-000000000000/cancel", undefined, "NOT_FOUND", []],
        ["GET", "/api/v1/nodes?cluster=zz", undefined, "CLUSTER_UNKNOWN", ["query.cluster"]],
        ["GET", "/api/v1/nodes?state=broken", undefined, "VALIDATION_FAILED", ["query.state"]],
        ["GET", "/api/v1/nodes?cursor=bm9kZTp6eg", undefined, "INVALID_CURSOR", ["query.cursor"]],
      ];
      for (const [method, url, body, code, fields] of cases) {
        const res = await asAdmin(method as "GET" | "POST", url, body);
        const where = `${method} ${url} ${JSON.stringify(body)} -> ${res.body}`;
        expect(res.json().code, where).toBe(code);
        expect((res.json().errors ?? []).map((e: { field: string }) => e.field), where).toEqual(fields);
      }
      expect(await rowCounts(h.store)).toEqual(before);
    });
  });

  describe("authorization", () => {
    it("refuses everyone but platform administrators (auditors may read)", async () => {
      const auditor = (await makePerson(h, { platformRoles: ["auditor"] })).token;
      const manager = (await makePerson(h, { platformRoles: ["program_manager"] })).token;
      const [w] = await h.store.db.select().from(maintenanceWindows).limit(1);
      const window = { cluster: "ta", startsAt: new Date(h.clock.now().getTime() + HOUR).toISOString(), endsAt: new Date(h.clock.now().getTime() + 2 * HOUR).toISOString(), reason: "r" };
      const writes: [string, unknown][] = [
        ["/api/v1/nodes/ta-n00001/drain", { reason: "r" }],
        ["/api/v1/nodes/ta-n00001/resume", undefined],
        ["/api/v1/nodes/sync", undefined],
        ["/api/v1/maintenance-windows", window],
        [`/api/v1/maintenance-windows/${w?.id ?? "01900000-0000-7000-8000-000000000000"}/cancel`, undefined],
      ];
      const reads = ["/api/v1/nodes", "/api/v1/maintenance-windows"];
      const before = await rowCounts(h.store);
      for (const token of [p.member.token, manager, auditor]) {
        for (const [url, body] of writes) {
          const res = await call(h, "POST", url, { token, ...(body === undefined ? {} : { body }) });
          expect(res.statusCode, `POST ${url} -> ${res.body}`).toBe(403);
        }
      }
      for (const token of [p.member.token, manager]) {
        for (const url of reads) expect((await call(h, "GET", url, { token })).statusCode, url).toBe(403);
      }
      for (const url of reads) expect((await call(h, "GET", url, { token: auditor })).statusCode, url).toBe(200);
      expect(await rowCounts(h.store)).toEqual(before);
    });
  });
});

/** The executor, except that its inventory fails while `down()` says so, as an unreachable slurmrestd would. */
function unreachableWhen(cluster: SimulatedCluster, down: () => boolean): ClusterExecutor {
  return new Proxy(cluster, {
    get(target, key) {
      if (key === "inventory" && down()) return () => Promise.reject(new Error(`${target.clusterId}: connection refused`));
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
