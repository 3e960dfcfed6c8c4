// Invariants of a simulated cluster under random operations. A failure prints a seed and path;
// replay it with fc.assert(..., { seed, path }).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../domain/clock.js";
import type { JobStatus, NodeInventory } from "../cluster-executor.js";
import { SimulatedCluster } from "./simulated-cluster.js";

const NODES = ["c1-n00001", "c1-n00002", "c1-n00003"];
const node = fc.constantFrom(...NODES);

const op = fc.oneof(
  fc.record({
    kind: fc.constant("submit" as const),
    workload: fc.integer({ min: 1, max: 12 }),
    nodes: fc.uniqueArray(node, { minLength: 1, maxLength: 2 }),
    acceleratorsPerNode: fc.integer({ min: 1, max: 8 }),
    limit: fc.integer({ min: 1, max: 600 }),
    expected: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("advance" as const), seconds: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant("cancel" as const), workload: fc.integer({ min: 1, max: 12 }), grace: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant("drain" as const), node }),
  fc.record({ kind: fc.constant("undrain" as const), node }),
  fc.record({ kind: fc.constant("fail" as const), node }),
  fc.record({ kind: fc.constant("recover" as const), node }),
);

function check(jobs: readonly JobStatus[], inventory: readonly NodeInventory[], limits: ReadonlyMap<string, { limit: number; apn: number }>): void {
  const used = new Map<string, number>();
  for (const job of jobs) {
    const { limit, apn } = limits.get(job.runId)!;
    if (job.state === "running") for (const n of job.nodes) used.set(n, (used.get(n) ?? 0) + apn);
    if (job.startedAt && job.endedAt) expect(job.endedAt.getTime() - job.startedAt.getTime()).toBeLessThanOrEqual(limit * 1000);
    if (job.state === "pending") expect(job.startedAt).toBeNull();
  }
  for (const n of inventory) {
    const u = used.get(n.name) ?? 0;
    expect(u).toBeLessThanOrEqual(n.accelerators);
    if (n.state === "down") expect(u).toBe(0);
    if (n.state === "idle" || n.state === "drained") expect(u).toBe(0);
    if (n.state === "allocated") expect(u).toBe(n.accelerators);
    if (n.state === "mixed" || n.state === "draining") expect(u).toBeGreaterThan(0);
  }
}

describe("SimulatedCluster invariants", () => {
  it("never over-allocates a node, never runs a job past its limit, and reports nodes as their jobs use them", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const clock = new ManualClock(new Date("2026-03-02T00:00:00Z"));
        const sim = new SimulatedCluster({ clusterId: "c1", clock, pools: [{ model: "h100-sxm", nodes: 3, acceleratorsPerNode: 8 }] });
        const limits = new Map<string, { limit: number; apn: number }>();
        for (const o of ops) {
          const id = "workload" in o ? `w${o.workload}` : "";
          switch (o.kind) {
            case "submit":
              await sim.submit({
                runId: id, account: "a", user: "u", name: "j", gresType: "h100-sxm", acceleratorsPerNode: o.acceleratorsPerNode,
                nodes: o.nodes, timeLimitSeconds: o.limit, script: "#!/bin/sh\n", environment: {}, expectedDurationSeconds: o.expected,
              });
              if (!limits.has(id)) limits.set(id, { limit: o.limit, apn: o.acceleratorsPerNode });
              break;
            case "advance":
              clock.advance(o.seconds * 1000);
              break;
            case "cancel":
              await sim.cancel(id, { graceSeconds: o.grace });
              break;
            case "drain":
              sim.drain(o.node, "test");
              break;
            case "undrain":
              sim.undrain(o.node);
              break;
            case "fail":
              sim.fail(o.node);
              break;
            case "recover":
              sim.recover(o.node);
              break;
          }
          check(await sim.list(), await sim.inventory(), limits);
        }
        // Left alone long enough, every job that can run ends.
        for (const n of NODES) {
          sim.recover(n);
          sim.undrain(n);
        }
        clock.advance(3600_000 * 24);
        for (const job of await sim.list()) expect(["pending", "running"]).not.toContain(job.state);
      }),
      { numRuns: 300 },
    );
  });
});
