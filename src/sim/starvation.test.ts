// Contention: one heavy project floods a 16-GPU cluster at t=0; light projects submit a few jobs
// later. Stated bound: under `highway`, every light job starts within (1 + number of light jobs) x
// the longest time limit of its submission. FIFO breaks the bound (checked below), so it is not
// vacuous. fast-check prints the seed of a failing case; replay with { seed, path }.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fifoPolicy, highwayPolicy, slurmPolicy } from "../scheduler/policy.js";
import type { SchedulerPolicy } from "../scheduler/policy.js";
import { testFleet } from "../scheduler/scenario-fixtures.js";
import { simulate } from "./simulator.js";
import { deriveTimeLimit } from "./trace.js";
import type { SimJob } from "./trace.js";

const fleet = testFleet({ cluster: "a", nodes: 2 });

function job(id: string, project: string, submit: number, n: number, duration: number): SimJob {
  return { id, project, submit, accelerators: n, request: { kind: "any-gpu" }, duration, timeLimit: deriveTimeLimit(duration), priorityTier: 0, preemptible: false };
}

const arbContention = fc.record({
  heavy: fc.array(fc.record({ n: fc.constantFrom(4, 8), d: fc.integer({ min: 600, max: 3600 }) }), { minLength: 10, maxLength: 40 }),
  light: fc.array(fc.record({ q: fc.integer({ min: 0, max: 2 }), at: fc.integer({ min: 1, max: 20_000 }), n: fc.integer({ min: 1, max: 8 }), d: fc.integer({ min: 60, max: 3600 }) }), { minLength: 1, maxLength: 6 }),
});

interface Contention {
  readonly heavy: readonly { n: number; d: number }[];
  readonly light: readonly { q: number; at: number; n: number; d: number }[];
}

function trace(c: Contention): SimJob[] {
  const jobs = [...c.heavy.map((h, i) => job(`h${i}`, "heavy", 0, h.n, h.d)), ...c.light.map((l, i) => job(`l${i}`, `light${l.q}`, l.at, l.n, l.d))];
  return jobs.sort((a, b) => a.submit - b.submit);
}

describe("no starvation under contention", () => {
  it("highway starts every light job within (1 + light jobs) x the longest time limit", () => {
    fc.assert(
      fc.property(arbContention, (c) => {
        const jobs = trace(c);
        const limit = Math.max(...jobs.map((j) => j.timeLimit));
        const bound = (1 + c.light.length) * limit;
        const waits = simulateWaits(jobs, highwayPolicy());
        for (const j of jobs) if (j.project !== "heavy") expect(waits.get(j.id), `${j.id} waited`).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 60 },
    );
  });

  it("the bound is not vacuous: FIFO makes a late light job wait behind the whole flood", () => {
    const jobs = trace({ heavy: Array.from({ length: 40 }, () => ({ n: 8, d: 3600 })), light: [{ q: 0, at: 10, n: 1, d: 60 }] });
    const bound = 2 * 3600;
    expect(simulateWaits(jobs, fifoPolicy()).get("l0")).toBeGreaterThan(bound);
    expect(simulateWaits(jobs, highwayPolicy()).get("l0")).toBeLessThanOrEqual(bound);
    expect(simulateWaits(jobs, slurmPolicy()).get("l0")).toBeLessThanOrEqual(bound);
  });
});

/** Each job's queueing delay. */
function simulateWaits(jobs: SimJob[], policy: SchedulerPolicy): Map<string, number> {
  const r = simulate(fleet, jobs, { policy, recordJobs: true });
  return new Map(Object.entries(r.jobWaits ?? {}));
}
