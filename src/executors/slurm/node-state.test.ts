import { describe, expect, it } from "vitest";
import { mapSlurmNodeState } from "./node-state.js";

describe("mapSlurmNodeState", () => {
  it.each([
    ["idle", [], "idle"],
    ["mixed", [], "mixed"],
    ["allocated", [], "allocated"],
    ["IDLE", [], "idle"],
    ["idle", ["DRAIN"], "drained"],
    ["mixed", ["DRAIN"], "draining"],
    ["allocated", ["DRAIN"], "draining"],
    ["idle", ["DRAIN", "COMPLETING"], "draining"],
    ["down", [], "down"],
    ["down", ["DRAIN"], "down"],
    ["idle", ["FAIL"], "down"],
    ["error", [], "down"],
    ["idle", ["NOT_RESPONDING"], "idle"],
    ["future", [], "unknown"],
    ["unknown", [], "unknown"],
    // Newer APIs spell drain states out.
    ["idle", ["DRAINED"], "drained"],
    ["mixed", ["DRAINING"], "draining"],
  ] as const)("%s %o is %s", (base, flags, expected) => {
    expect(mapSlurmNodeState(base, flags)).toBe(expected);
  });
});
