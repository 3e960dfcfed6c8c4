import { describe, expect, it } from "vitest";
import { windowCloses, windowCovers, windowViolations, type FleetLookup, type MaintenanceWindowInput } from "./maintenance-window.js";

const now = new Date("2026-12-01T00:00:00Z");
const at = (iso: string) => new Date(iso);
const fleet: FleetLookup = {
  hasCluster: (c) => c === "ta" || c === "tb",
  clusterOf: (n) => (n.startsWith("ta-") ? "ta" : n.startsWith("tb-") ? "tb" : undefined),
};
const booking = (over: Partial<MaintenanceWindowInput> = {}): MaintenanceWindowInput => ({
  cluster: "ta",
  startsAt: "2026-12-02T00:00:00Z",
  endsAt: "2026-12-02T06:00:00Z",
  reason: "firmware",
  ...over,
});

describe("windowCloses", () => {
  const lead = 4 * 3600;
  it.each([
    ["starting within the lead", { startsAt: at("2026-12-01T03:00:00Z"), endsAt: at("2026-12-01T09:00:00Z"), cancelledAt: null }, true],
    ["starting exactly at the lead", { startsAt: at("2026-12-01T04:00:00Z"), endsAt: at("2026-12-01T09:00:00Z"), cancelledAt: null }, true],
    ["starting after the lead", { startsAt: at("2026-12-01T04:00:01Z"), endsAt: at("2026-12-01T09:00:00Z"), cancelledAt: null }, false],
    ["under way", { startsAt: at("2026-11-30T00:00:00Z"), endsAt: at("2026-12-01T01:00:00Z"), cancelledAt: null }, true],
    ["ended just now", { startsAt: at("2026-11-30T00:00:00Z"), endsAt: now, cancelledAt: null }, false],
    ["cancelled", { startsAt: at("2026-12-01T01:00:00Z"), endsAt: at("2026-12-01T09:00:00Z"), cancelledAt: now }, false],
  ])("a window %s: %s", (_name, window, closes) => {
    expect(windowCloses(window, now, lead)).toBe(closes);
  });
});

describe("windowCovers", () => {
  it("covers every node of its cluster when it names none, else only the nodes named", () => {
    expect(windowCovers({ cluster: "ta", nodes: null }, { id: "ta-n00002", cluster: "ta" })).toBe(true);
    expect(windowCovers({ cluster: "ta", nodes: null }, { id: "tb-n00001", cluster: "tb" })).toBe(false);
    expect(windowCovers({ cluster: "ta", nodes: ["ta-n00001"] }, { id: "ta-n00001", cluster: "ta" })).toBe(true);
    expect(windowCovers({ cluster: "ta", nodes: ["ta-n00001"] }, { id: "ta-n00002", cluster: "ta" })).toBe(false);
  });
});

describe("windowViolations", () => {
  it("accepts a valid booking", () => {
    expect(windowViolations(booking({ nodes: ["ta-n00001"] }), now, fleet)).toEqual([]);
  });
  it.each([
    ["an end before the start", booking({ endsAt: "2026-12-01T23:00:00Z" }), [["endsAt", "MAINTENANCE_WINDOW_INVALID"]]],
    ["an end equal to the start", booking({ endsAt: "2026-12-02T00:00:00Z" }), [["endsAt", "MAINTENANCE_WINDOW_INVALID"]]],
    ["an end in the past", booking({ startsAt: "2026-11-30T00:00:00Z", endsAt: "2026-11-30T23:59:59Z" }), [["endsAt", "MAINTENANCE_WINDOW_INVALID"]]],
    ["an unknown cluster", booking({ cluster: "zz" }), [["cluster", "CLUSTER_UNKNOWN"]]],
    ["an unknown node and one of another cluster", booking({ nodes: ["ta-n00001", "xx-n00001", "tb-n00001"] }), [["nodes.1", "NODE_UNKNOWN"], ["nodes.2", "NODE_UNKNOWN"]]],
  ])("names the field of %s", (_name, input, expected) => {
    expect(windowViolations(input, now, fleet).map((v) => [v.field, v.rule])).toEqual(expected);
  });
  it("reads instants with offsets as instants", () => {
    // 09:00 in Seoul is midnight UTC: ending then is not after starting at 00:00Z.
    expect(windowViolations(booking({ startsAt: "2026-12-02T00:00:00Z", endsAt: "2026-12-02T09:00:00+09:00" }), now, fleet)).toHaveLength(1);
  });
});
