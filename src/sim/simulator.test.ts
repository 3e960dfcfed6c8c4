import { describe, expect, it } from "vitest";
import { highwayPolicy } from "../scheduler/policy.js";
import { testFleet } from "../scheduler/scenario-fixtures.js";
import { simulate } from "./simulator.js";
import type { SimJob } from "./trace.js";

const fleet = testFleet({ cluster: "a", nodes: 2 });
const job = (id: string, submit: number, n: number, duration: number): SimJob => ({
  id,
  project: id.slice(0, 1),
  submit,
  accelerators: n,
  request: { kind: "any-gpu" },
  duration,
  timeLimit: duration,
  priorityTier: 0,
  preemptible: false,
});

describe("simulate", () => {
  const jobs = [job("a1", 0, 8, 100), job("a2", 0, 8, 100), job("b1", 10, 8, 50), job("b2", 20, 16, 30)];

  it("starts each job when capacity frees, by fair share, with exact delays", () => {
    const r = simulate(fleet, jobs, { policy: highwayPolicy(), recordJobs: true });
    // a1, a2 fill both nodes until t=100; b1 then b2 (a gang of both nodes) follow.
    expect(r.jobWaits).toEqual({ a1: 0, a2: 0, b1: 90, b2: 130 });
    expect(r.jobs).toBe(4);
    expect(r.offeredLoad).toBeCloseTo((8 * 100 * 2 + 8 * 50 + 16 * 30) / (16 * 20), 9);
    // Over the span [0, 20] zero-wait starts would run 16 then 24 accelerators on 16: no schedule
    // delivers more than the capacity, which this one does.
    expect(r.zeroWaitUtilization).toBeCloseTo(1.25, 9);
    expect(r.capacityBound).toBeCloseTo(1, 9);
    expect(r.utilization).toBeCloseTo(1, 9);
  });

  it("coalesces full cycles to an interval: completions wait for the next tick", () => {
    const r = simulate(fleet, jobs, { policy: highwayPolicy(), recordJobs: true, fullCycleIntervalSeconds: 60 });
    // The first full cycle runs at t=100 (a1 and a2 end), the next one no earlier than t=160.
    expect(r.jobWaits).toEqual({ a1: 0, a2: 0, b1: 90, b2: 140 });
  });
});
