// Compares policies on synthetic traces against issue 4's quality targets and prints JSON: for
// each trace and policy, utilization beside the offered load and the capacity bound, mean
// queueing delay, fairness (all days, and the submission span only) and the capacity idle while
// work waited; then, for the first policy against each other, on how many traces it is within 3%
// of the offered load and of the capacity bound, has the lower mean delay, and is no less fair.
// Long traces (the default: 300,000 jobs, about half a year on philly-512) let the end of the
// trace weigh little: on a short one, work still running at the last submission falls outside the
// span and no schedule can reach the offered load (docs/scheduler.md, "Utilization against its bound").
//   npm run bench:policies [-- --fleet fixtures/fleet/philly-512.json --jobs 300000 --load 0.9
//                              --seeds 1-8 --projects 1000,15 --policies highway,slurm]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseFleet } from "../src/domain/fleet.js";
import { policyByName } from "../src/scheduler/policy.js";
import { simulate } from "../src/sim/simulator.js";
import type { PolicyReport } from "../src/sim/simulator.js";
import { generateSynthetic } from "../src/sim/synthetic.js";
import { machine } from "./machine.js";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ""), process.argv[i + 1] ?? "");
const fleetPath = args.get("fleet") ?? new URL("../fixtures/fleet/philly-512.json", import.meta.url).pathname;
const jobs = Number(args.get("jobs") ?? 300_000);
const load = Number(args.get("load") ?? 0.9);
const seeds = range(args.get("seeds") ?? "1-8");
const projectCounts = (args.get("projects") ?? "1000,15").split(",").map(Number);
const policyNames = (args.get("policies") ?? "highway,slurm").split(",");
/** Issue 4: "utilization within 3% of the offered-load bound", read as a relative 3%. */
const WITHIN = 0.03;

/** "1-8" or "1,3,5" or a mix. */
function range(spec: string): number[] {
  return spec.split(",").flatMap((part) => {
    const [a, b] = part.split("-").map(Number);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
}

const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The figures compared, of one policy on one trace. */
function figures(p: PolicyReport) {
  return {
    policy: p.policy,
    utilization: r4(p.utilization),
    offeredLoad: r4(p.offeredLoad),
    capacityBound: r4(p.capacityBound),
    withinOfOfferedLoad: p.utilization >= (1 - WITHIN) * p.offeredLoad,
    withinOfCapacityBound: p.utilization >= (1 - WITHIN) * p.capacityBound,
    queueDelayMeanSeconds: Math.round(p.queueDelaySeconds.mean),
    fairnessJain: r4(p.fairnessJain),
    fairnessJainInSpan: r4(p.fairnessJainInSpan),
    idleWhileWaiting: r4(p.idleWhileWaiting),
    heldForReservations: r4(p.heldForReservations),
    wallSeconds: Math.round(p.wallSeconds),
  };
}

/** One trace's figures, a row per policy. */
interface TraceResult {
  readonly trace: string;
  readonly policies: ReturnType<typeof figures>[];
}

const fleet = parseFleet(JSON.parse(readFileSync(fleetPath, "utf8")));
const traces: TraceResult[] = [];
for (const projects of projectCounts) {
  for (const seed of seeds) {
    const trace = `synthetic:jobs=${jobs},load=${load},seed=${seed},projects=${projects}`;
    const workload = generateSynthetic(fleet, { jobs, load, seed, projects });
    const policies = policyNames.map((name) => figures(simulate(fleet, workload, { policy: policyByName(name), stopwatch: () => performance.now() })));
    traces.push({ trace, policies });
    process.stderr.write(`${trace}: ${policies.map((p) => `${p.policy} ${p.utilization}`).join(", ")}\n`);
  }
}

const [first, ...others] = policyNames;
const count = (test: (t: TraceResult) => boolean): number => traces.filter(test).length;
const of = (t: TraceResult, name: string) => t.policies.find((p) => p.policy === name)!;
const versus = Object.fromEntries(
  others.map((other) => [
    other,
    {
      lowerMeanDelay: count((t) => of(t, first!).queueDelayMeanSeconds < of(t, other).queueDelayMeanSeconds),
      fairnessNoWorse: count((t) => of(t, first!).fairnessJain >= of(t, other).fairnessJain),
      fairnessInSpanNoWorse: count((t) => of(t, first!).fairnessJainInSpan >= of(t, other).fairnessJainInSpan),
    },
  ]),
);
console.log(
  JSON.stringify(
    {
      bench: "policies",
      fleet: fleet.name,
      jobs,
      load,
      traces: traces.length,
      summary: {
        policy: first,
        withinOfOfferedLoad: count((t) => of(t, first!).withinOfOfferedLoad),
        withinOfCapacityBound: count((t) => of(t, first!).withinOfCapacityBound),
        versus,
      },
      results: traces,
      machine: machine(),
    },
    null,
    2,
  ),
);
