import { describe, expect, it } from "vitest";
import national from "../../../fixtures/fleet/national-260k.json" with { type: "json" };
import philly from "../../../fixtures/fleet/philly-512.json" with { type: "json" };
import { ManualClock } from "../../domain/clock.js";
import { expandFleet, parseFleet } from "../../domain/fleet.js";
import { SimulatedFleet } from "./simulated-fleet.js";

const T0 = new Date("2026-03-02T00:00:00Z");

describe("SimulatedFleet", () => {
  // Speed is measured in bench/, never asserted here: the machine's load would make it flaky.
  it("builds an executor for every cluster of the national fleet, 51,071 nodes in all", async () => {
    const parsed = parseFleet(national);
    const fleet = new SimulatedFleet(parsed, new ManualClock(T0));
    const expected = new Map<string, number>();
    for (const node of expandFleet(parsed)) expected.set(node.cluster, (expected.get(node.cluster) ?? 0) + 1);
    expect([...fleet.clusters.keys()]).toEqual([...expected.keys()]);
    let total = 0;
    for (const [id, cluster] of fleet.clusters) {
      expect(cluster.nodeCount, id).toBe(expected.get(id));
      total += cluster.nodeCount;
    }
    expect(total).toBe(51_071);
    let listed = 0;
    for (const cluster of fleet.clusters.values()) listed += (await cluster.inventory()).length;
    expect(listed).toBe(51_071);
  });

  it("names nodes and GRES types as expandFleet names nodes and models", async () => {
    const parsed = parseFleet(philly);
    const fleet = new SimulatedFleet(parsed, new ManualClock(T0));
    const inventory = (await Promise.all([...fleet.clusters.values()].map((c) => c.inventory()))).flat();
    expect(inventory.map((n) => [n.name, n.gresType, n.accelerators])).toEqual(expandFleet(parsed).map((n) => [n.id, n.model, n.accelerators]));
  });

  it("runs a job on the national fleet's b200 cluster and refuses an unknown cluster", async () => {
    const clock = new ManualClock(T0);
    const fleet = new SimulatedFleet(parseFleet(national), clock);
    const sim = fleet.executor("nacc-jeonnam-a");
    const spec = {
      runId: "w1",
      account: "p1",
      user: "lee",
      name: "ft",
      gresType: "b200",
      acceleratorsPerNode: 8,
      nodes: ["nacc-jeonnam-a-n02048"],
      timeLimitSeconds: 60,
      script: "#!/bin/sh\n",
      environment: {},
    };
    await expect(sim.submit(spec)).resolves.toEqual({ jobId: "1", adopted: false });
    await expect(sim.submit({ ...spec, runId: "w2", nodes: ["nacc-jeonnam-a-n02049"] })).rejects.toMatchObject({ rule: "NODE_NOT_IN_CLUSTER" });
    expect(() => fleet.executor("atlantis")).toThrow(/no cluster atlantis/);
  });
});
