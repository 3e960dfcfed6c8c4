import { describe, expect, it } from "vitest";
import { DailyFairness, capacityBoundedWork } from "./metrics.js";

/** Parallel arrays of zero-wait runs from [start, length, accelerators] triples. */
const runsOf = (...runs: [number, number, number][]) => ({
  start: runs.map((r) => r[0]),
  length: runs.map((r) => r[1]),
  accelerators: runs.map((r) => r[2]),
});

describe("capacityBoundedWork", () => {
  it("caps a burst above capacity at the end of the span, where zero-wait starts would overshoot", () => {
    // 5 accelerators busy over [0, 50), then 20 over [50, 100) on a capacity of 10: zero-wait work
    // is 250 + 1000, but after t=50 at most 10 x 50 can be delivered.
    const runs = runsOf([0, 50, 5], [50, 100, 20]);
    expect(capacityBoundedWork(runs, 10, 0, 100)).toBe(750);
  });

  it("equals zero-wait work when demand never exceeds capacity, and ignores work after the span", () => {
    const runs = runsOf([0, 40, 4], [30, 200, 6], [120, 10, 8]);
    expect(capacityBoundedWork(runs, 10, 0, 100)).toBe(4 * 40 + 6 * 70);
  });
});

describe("DailyFairness", () => {
  it("averages Jain's index over days with demand, optionally only the days before a time", () => {
    const f = new DailyFairness(0);
    // Day 0: a and b both ask and receive equally (index 1). Day 1: both ask, only a receives (0.5).
    f.demand("a", 0, 86_400 + 10);
    f.demand("b", 0, 86_400 + 10);
    f.run("a", 1, 0, 100);
    f.run("b", 1, 0, 100);
    f.run("a", 1, 86_400, 86_500);
    expect(f.meanJain(() => 1)).toBeCloseTo(0.75, 9);
    expect(f.meanJain(() => 1, 86_400)).toBeCloseTo(1, 9);
  });

  it("counts a job that ends exactly at midnight as demand of its own days only", () => {
    const f = new DailyFairness(0);
    // a runs all of day 0 and ends at the boundary; b runs on day 1. Day 1 has only b's demand
    // (index 1); counting a there, with nothing received, would make it 0.5.
    f.demand("a", 0, 86_400);
    f.run("a", 1, 0, 86_400);
    f.demand("b", 86_400, 86_500);
    f.run("b", 1, 86_400, 86_500);
    expect(f.meanJain(() => 1)).toBeCloseTo(1, 9);
    // Zero-length demand at a boundary belongs to the day it starts.
    const g = new DailyFairness(0);
    g.demand("a", 86_400, 86_400);
    g.run("b", 1, 86_400, 86_500);
    g.demand("b", 86_400, 86_500);
    expect(g.meanJain(() => 1)).toBeCloseTo(0.5, 9);
  });
});
