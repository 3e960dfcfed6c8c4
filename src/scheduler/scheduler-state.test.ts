import { describe, expect, it } from "vitest";
import { highwayPolicy } from "./policy.js";
import { queue, running, snapshot, testNodes } from "./scenario-fixtures.js";
import { stateFromSnapshot } from "./schedule.js";

describe("SchedulerState", () => {
  it("registers a running workload after the last one by time-limit end finished, with the same end", () => {
    const nodes = testNodes({ cluster: "a", nodes: 2 });
    const state = stateFromSnapshot(snapshot({ nodes, queues: [queue("q")], running: [running("r1", "q", [nodes[0]!.id], 8, { startedAt: 100 })] }), highwayPolicy());
    state.finish("r1", 200);
    state.addRunning(running("r2", "q", [nodes[1]!.id], 8, { startedAt: 100 }), true);
    expect(state.lists.byEnd().map((r) => state.workload(r).id)).toEqual(["r2"]);
    expect(state.running("r2")?.nodes).toEqual([{ node: nodes[1]!.id, accelerators: 8 }]);
  });
});
