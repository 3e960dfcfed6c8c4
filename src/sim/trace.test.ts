import { describe, expect, it } from "vitest";
import national from "../../fixtures/fleet/national-260k.json" with { type: "json" };
import philly from "../../fixtures/fleet/philly-512.json" with { type: "json" };
import { parseFleet } from "../domain/fleet.js";
import { EventQueue } from "./event-queue.js";
import { Rng } from "./rng.js";
import { generateSynthetic, parseSyntheticSpec } from "./synthetic.js";
import { deriveTimeLimit, readPhillyCsv, readTraceCsv, writeTraceCsv } from "./trace.js";

describe("trace readers", () => {
  it("reads Philly: project = cluster, seconds from the first submission, derived time limits", () => {
    const jobs = readPhillyCsv("timestamp,duration,num_gpus,gpu_time,cluster\n2017-09-04 10:30:41,2240194.0,8,17921552.0,7f04ca\n2017-09-04 10:31:41,0.0,1,0.0,6214e9\n");
    expect(jobs.map((j) => [j.project, j.submit, j.accelerators, j.duration, j.timeLimit])).toEqual([
      ["7f04ca", 0, 8, 2240194, 3600 * 1024],
      ["6214e9", 60, 1, 1, 3600],
    ]);
  });

  it("reads the project's format: model, class or any GPU; nodes fix the per-node count", () => {
    const fleet = parseFleet(philly);
    const jobs = readTraceCsv("submit_s,project,accelerators,nodes,model,duration_s,time_limit_s\n0,a,16,2,p100,100,\n5,b,1,,pascal,100,600\n9,c,4,,,100,\n", fleet);
    expect(jobs.map((j) => [j.request, j.acceleratorsPerNode, j.timeLimit])).toEqual([
      [{ kind: "model", name: "p100" }, 8, 3600],
      [{ kind: "class", name: "pascal" }, undefined, 600],
      [{ kind: "any-gpu" }, undefined, 3600],
    ]);
    expect(readTraceCsv(writeTraceCsv(jobs), fleet)).toEqual(jobs);
    expect(() => readTraceCsv("submit_s,project,accelerators,nodes,model,duration_s,time_limit_s\n0,a,12,5,,10,\n", fleet)).toThrow(/do not split over 5 nodes/);
  });

  it("derives time limits as the next power-of-two hours", () => {
    expect([1, 3600, 3601, 20_000].map(deriveTimeLimit)).toEqual([3600, 3600, 7200, 28_800]);
  });
});

describe("event queue and RNG", () => {
  it("pops by time, then by insertion order", () => {
    const q = new EventQueue<string>();
    q.push(5, "c");
    q.push(1, "a");
    q.push(5, "d");
    q.push(1, "b");
    expect([q.pop(), q.pop(), q.pop(), q.pop()].map((e) => e?.event)).toEqual(["a", "b", "c", "d"]);
  });

  it("repeats its sequence for a seed", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(new Rng(43).next()).not.toBe(new Rng(42).next());
  });
});

describe("synthetic workload", () => {
  it("hits the offered load exactly, with heavy-tailed sizes up to 4,096 and a mean near the calibration", () => {
    const fleet = parseFleet(national);
    const jobs = generateSynthetic(fleet, parseSyntheticSpec("synthetic:jobs=20000,load=0.9,seed=3"));
    const capacity = 262_048;
    const work = jobs.reduce((s, j) => s + j.accelerators * j.duration, 0);
    const span = jobs[jobs.length - 1]!.submit - jobs[0]!.submit;
    expect(work / (capacity * span)).toBeCloseTo(0.9, 3);
    const sizes = jobs.map((j) => j.accelerators);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4096);
    expect(sizes.filter((n) => n === 1).length / sizes.length).toBeCloseTo(0.6, 1);
    const mean = sizes.reduce((s, n) => s + n, 0) / sizes.length;
    expect(mean).toBeGreaterThan(3);
    expect(mean).toBeLessThan(6);
    expect(new Set(jobs.map((j) => j.project)).size).toBeGreaterThan(500);
  });

  it("rejects unknown fields", () => {
    expect(() => parseSyntheticSpec("synthetic:jobs=10,speed=2")).toThrow(/unknown field speed/);
  });
});
