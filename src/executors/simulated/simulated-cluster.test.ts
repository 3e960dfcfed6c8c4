import { describe, expect, it } from "vitest";
import { ManualClock } from "../../domain/clock.js";
import type { JobSpec } from "../cluster-executor.js";
import { SimulatedCluster } from "./simulated-cluster.js";
import { SimulatedSubmitError } from "./simulated-submit-error.js";

const T0 = new Date("2026-03-02T00:00:00Z");

/** A cluster of four 8-GPU h100-sxm nodes and two 4-GPU gb200 nodes (n00005, n00006). */
function cluster(): { clock: ManualClock; sim: SimulatedCluster } {
  const clock = new ManualClock(T0);
  const sim = new SimulatedCluster({
    clusterId: "c1",
    clock,
    pools: [
      { model: "h100-sxm", nodes: 4, acceleratorsPerNode: 8 },
      { model: "gb200", nodes: 2, acceleratorsPerNode: 4 },
    ],
  });
  return { clock, sim };
}

function spec(overrides: Partial<JobSpec> = {}): JobSpec {
  return {
    runId: "w1",
    account: "proj-1",
    user: "kim",
    name: "train",
    gresType: "h100-sxm",
    acceleratorsPerNode: 8,
    nodes: ["c1-n00001"],
    timeLimitSeconds: 3600,
    script: "#!/bin/bash\ntrue\n",
    environment: {},
    expectedDurationSeconds: 600,
    ...overrides,
  };
}

const minutes = (m: number): number => m * 60_000;

describe("SimulatedCluster", () => {
  it("runs a job at once and completes it after its expected duration", async () => {
    const { clock, sim } = cluster();
    expect(await sim.submit(spec())).toEqual({ jobId: "1", adopted: false });
    expect(await sim.status("w1")).toMatchObject({ state: "running", jobId: "1", startedAt: T0, endedAt: null, exitCode: null });
    clock.advance(minutes(10) - 1);
    expect((await sim.status("w1"))?.state).toBe("running");
    clock.advance(1);
    expect(await sim.status("w1")).toMatchObject({ state: "succeeded", exitCode: 0, endedAt: new Date(T0.getTime() + minutes(10)) });
    expect(await sim.status("nope")).toBeNull();
  });

  it("runs for the time limit when no duration is expected, and times out when the duration exceeds it", async () => {
    const { clock, sim } = cluster();
    await sim.submit(spec({ runId: "default", expectedDurationSeconds: undefined, timeLimitSeconds: 120 }));
    await sim.submit(spec({ runId: "long", nodes: ["c1-n00002"], expectedDurationSeconds: 7200, timeLimitSeconds: 60 }));
    clock.advance(minutes(1));
    expect(await sim.status("long")).toMatchObject({ state: "timeout", reason: "TimeLimit", exitCode: null });
    expect((await sim.status("default"))?.state).toBe("running");
    clock.advance(minutes(1));
    expect((await sim.status("default"))?.state).toBe("succeeded");
  });

  it("cancels with a grace period on the clock, and at once without one", async () => {
    const { clock, sim } = cluster();
    await sim.submit(spec({ runId: "graceful" }));
    await sim.submit(spec({ runId: "abrupt", nodes: ["c1-n00002"] }));
    await sim.cancel("graceful", { graceSeconds: 30 });
    await sim.cancel("abrupt");
    expect((await sim.status("abrupt"))?.state).toBe("cancelled");
    expect((await sim.status("graceful"))?.state).toBe("running");
    clock.advance(29_999);
    expect((await sim.status("graceful"))?.state).toBe("running");
    clock.advance(1);
    expect(await sim.status("graceful")).toMatchObject({ state: "cancelled", endedAt: new Date(T0.getTime() + 30_000) });
    // Cancelling an ended or unknown job is not an error.
    await sim.cancel("graceful");
    await sim.cancel("unknown", { graceSeconds: 5 });
  });

  it("lets a job that ends within the grace end as it would have", async () => {
    const { clock, sim } = cluster();
    await sim.submit(spec({ expectedDurationSeconds: 10 }));
    await sim.cancel("w1", { graceSeconds: 60 });
    clock.advance(minutes(1));
    expect((await sim.status("w1"))?.state).toBe("succeeded");
  });

  it("adopts a re-submitted workload instead of running it twice", async () => {
    const { sim } = cluster();
    const first = await sim.submit(spec());
    expect(await sim.submit(spec())).toEqual({ jobId: first.jobId, adopted: true });
    expect(await sim.submit(spec({ runId: "w2", nodes: ["c1-n00002"] }))).toEqual({ jobId: "2", adopted: false });
    expect((await sim.list()).map((j) => j.runId)).toEqual(["w1", "w2"]);
  });

  it.each([
    ["NODE_NOT_IN_CLUSTER", spec({ nodes: ["c1-n00007"] }), "c1-n00007"],
    ["NODE_NOT_IN_CLUSTER", spec({ nodes: ["c2-n00001"] }), "c2-n00001"],
    ["NODE_NOT_IN_CLUSTER", spec({ nodes: ["c1-n1"] }), "c1-n1"],
    ["GRES_TYPE_MISMATCH", spec({ nodes: ["c1-n00001", "c1-n00005"], acceleratorsPerNode: 4 }), "c1-n00005"],
    ["ACCELERATORS_EXCEED_NODE", spec({ gresType: "gb200", nodes: ["c1-n00006"], acceleratorsPerNode: 8 }), "c1-n00006"],
    ["NODE_DUPLICATED", spec({ nodes: ["c1-n00001", "c1-n00001"] }), "c1-n00001"],
    ["NODES_EMPTY", spec({ nodes: [] }), null],
    ["USER_ROOT", spec({ user: "root" }), null],
    ["SCRIPT_NOT_SHEBANG", spec({ script: "python train.py" }), null],
    ["TIME_LIMIT_INVALID", spec({ timeLimitSeconds: 0 }), null],
  ])("refuses a job breaking %s", async (rule, bad, node) => {
    const { sim } = cluster();
    const error = await sim.submit(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulatedSubmitError);
    expect(error).toMatchObject({ rule, node, clusterId: "c1", runId: "w1" });
    expect((error as Error).message).toContain(rule);
    expect(await sim.list()).toEqual([]);
  });

  it("keeps a job pending while its nodes are busy and starts it when they free up", async () => {
    const { clock, sim } = cluster();
    await sim.submit(spec({ runId: "a", acceleratorsPerNode: 6 }));
    await sim.submit(spec({ runId: "b", acceleratorsPerNode: 4, expectedDurationSeconds: 60 }));
    expect(await sim.status("b")).toMatchObject({ state: "pending", reason: "Resources", startedAt: null });
    sim.drain("c1-n00001", "maintenance");
    expect(await sim.status("b")).toMatchObject({ state: "pending", reason: "ReqNodeNotAvail" });
    sim.undrain("c1-n00001");
    clock.advance(minutes(15));
    // a ended at minute 10; b started then and ran its minute.
    expect(await sim.status("b")).toMatchObject({
      state: "succeeded",
      startedAt: new Date(T0.getTime() + minutes(10)),
      endedAt: new Date(T0.getTime() + minutes(11)),
    });
  });

  it("reports allocation in the inventory, and a drain hides the node's capacity until undrained", async () => {
    const { clock, sim } = cluster();
    await sim.submit(spec({ runId: "a", acceleratorsPerNode: 4 }));
    await sim.submit(spec({ runId: "full", nodes: ["c1-n00002"] }));
    sim.drain("c1-n00001", "maintenance");
    sim.drain("c1-n00003", "bad DIMM");
    const inv = await sim.inventory();
    expect(inv).toHaveLength(6);
    expect(inv.slice(0, 5)).toEqual([
      { name: "c1-n00001", state: "draining", gresType: "h100-sxm", accelerators: 8, reason: "maintenance" },
      { name: "c1-n00002", state: "allocated", gresType: "h100-sxm", accelerators: 8, reason: null },
      { name: "c1-n00003", state: "drained", gresType: "h100-sxm", accelerators: 8, reason: "bad DIMM" },
      { name: "c1-n00004", state: "idle", gresType: "h100-sxm", accelerators: 8, reason: null },
      { name: "c1-n00005", state: "idle", gresType: "gb200", accelerators: 4, reason: null },
    ]);
    // A job placed on a drained node waits, as Slurm's would, until the drain lifts.
    await sim.submit(spec({ runId: "late", nodes: ["c1-n00003"] }));
    expect(await sim.status("late")).toMatchObject({ state: "pending", reason: "ReqNodeNotAvail" });
    clock.advance(minutes(10));
    expect((await sim.inventory())[0]).toMatchObject({ state: "drained" });
    sim.undrain("c1-n00003");
    expect(await sim.status("late")).toMatchObject({ state: "running", startedAt: clock.now() });
  });

  it("fails the jobs of a node that goes down with node_fail, and leaves other jobs alone", async () => {
    const { clock, sim } = cluster();
    await sim.submit(spec({ runId: "gang", nodes: ["c1-n00001", "c1-n00002"] }));
    await sim.submit(spec({ runId: "other", nodes: ["c1-n00003"] }));
    clock.advance(minutes(2));
    sim.fail("c1-n00002", "GPU fell off the bus");
    expect(await sim.status("gang")).toMatchObject({ state: "node_fail", reason: "NodeFail: c1-n00002", endedAt: clock.now(), exitCode: null });
    expect((await sim.status("other"))?.state).toBe("running");
    const inv = await sim.inventory();
    expect(inv[0]?.state).toBe("idle");
    expect(inv[1]).toMatchObject({ state: "down", reason: "GPU fell off the bus" });
    sim.recover("c1-n00002");
    expect((await sim.inventory())[1]?.state).toBe("idle");
  });

  it("never moves backwards when the clock does", async () => {
    const { clock, sim } = cluster();
    await sim.submit(spec());
    clock.advance(minutes(20));
    expect((await sim.status("w1"))?.state).toBe("succeeded");
    clock.set(T0);
    expect((await sim.status("w1"))?.state).toBe("succeeded");
  });
});

describe("SimulatedCluster.syncAccounts", () => {
  it("keeps accounts in memory with Slurm's report, and from then on refuses a job of an unknown account or a non-member", async () => {
    const { sim } = cluster();
    // Before any sync, any account is accepted.
    expect((await sim.submit(spec({ runId: "before", account: "anything" }))).adopted).toBe(false);
    const first = await sim.syncAccounts([{ name: "proj-1", description: "Project 1", users: ["kim"], gpuMinutes: { "h100-sxm": 600 } }]);
    expect(first).toEqual({
      created: ["proj-1"],
      updated: [],
      usersAdded: [{ account: "proj-1", user: "kim" }],
      usersRemoved: [],
      notDesired: [],
      repairs: ["created account proj-1 with GrpTRESMins gres/gpu:h100-sxm=600", "added kim to proj-1"],
    });
    const second = await sim.syncAccounts([{ name: "proj-1", description: "Project 1", users: ["lee"], gpuMinutes: { "h100-sxm": 900 } }]);
    expect(second).toMatchObject({
      updated: [{ account: "proj-1", before: { "h100-sxm": 600 }, after: { "h100-sxm": 900 } }],
      usersAdded: [{ account: "proj-1", user: "lee" }],
      usersRemoved: [{ account: "proj-1", user: "kim" }],
    });
    await expect(sim.submit(spec({ runId: "w2", account: "proj-2", user: "lee" }))).rejects.toMatchObject({ rule: "ACCOUNT_UNKNOWN" });
    await expect(sim.submit(spec({ runId: "w3", account: "proj-1", user: "kim" }))).rejects.toMatchObject({ rule: "USER_NOT_IN_ACCOUNT" });
    expect((await sim.submit(spec({ runId: "w4", account: "proj-1", user: "lee" }))).adopted).toBe(false);
    await expect(sim.syncAccounts([{ name: "Bad Name", description: "x", users: [], gpuMinutes: {} }])).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});
