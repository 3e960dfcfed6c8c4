import { describe, expect, it } from "vitest";
import { nodeStateOf } from "./node-state.js";

describe("nodeStateOf", () => {
  it.each([
    [{ drained: false, inMaintenance: false, reported: null }, "in_service"],
    [{ drained: false, inMaintenance: false, reported: "unknown" }, "in_service"],
    [{ drained: false, inMaintenance: false, reported: "draining" }, "reported_drained"],
    [{ drained: false, inMaintenance: false, reported: "down" }, "reported_down"],
    [{ drained: false, inMaintenance: true, reported: "down" }, "maintenance"],
    [{ drained: true, inMaintenance: true, reported: "down" }, "drained"],
  ] as const)("%j is %s", (conditions, state) => {
    expect(nodeStateOf(conditions)).toBe(state);
  });
});
