// Replays a synthetic national workload (1,000,000 jobs at 90% offered load by default) on the
// national fleet under one policy and prints JSON: simulated workloads per second, wall time, peak
// RSS, utilization against the offered-load bound, queueing delay and cycle times.
//   npm run bench:sim [-- --jobs 1000000 --load 0.9 --seed 1 --policy highway --interval 0]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseFleet } from "../src/domain/fleet.js";
import { policyByName } from "../src/scheduler/policy.js";
import { simulate } from "../src/sim/simulator.js";
import { generateSynthetic } from "../src/sim/synthetic.js";
import { machine } from "./machine.js";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ""), process.argv[i + 1] ?? "");
const jobsCount = Number(args.get("jobs") ?? 1_000_000);
const load = Number(args.get("load") ?? 0.9);
const seed = Number(args.get("seed") ?? 1);
const policyName = args.get("policy") ?? "highway";
const interval = Number(args.get("interval") ?? 0);

const fleet = parseFleet(JSON.parse(readFileSync(new URL("../fixtures/fleet/national-260k.json", import.meta.url), "utf8")));
const g0 = performance.now();
const jobs = generateSynthetic(fleet, { jobs: jobsCount, load, seed });
const generateSeconds = (performance.now() - g0) / 1000;
let lastPct = -1;
const t0 = performance.now();
const report = simulate(fleet, jobs, {
  policy: policyByName(policyName),
  fullCycleIntervalSeconds: interval,
  stopwatch: () => performance.now(),
  onProgress: (f) => {
    const pct = Math.floor(f * 10) * 10;
    if (pct !== lastPct) {
      lastPct = pct;
      process.stderr.write(`${pct}% after ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  },
});
const wall = (performance.now() - t0) / 1000;
const { utilizationSeries: _s, delayCdf: _c, jobs: completed, policy: _p, ...rest } = report;
console.log(
  JSON.stringify(
    {
      bench: "sim",
      fleet: fleet.name,
      jobs: jobsCount,
      load,
      seed,
      policy: policyName,
      fullCycleIntervalSeconds: interval,
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      simulateWallSeconds: Math.round(wall * 10) / 10,
      workloadsPerSecond: Math.round(jobsCount / wall),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      completed,
      utilizationGapToBound: Math.round((report.offeredLoad - report.utilization) * 10_000) / 10_000,
      ...rest,
      machine: machine(),
    },
    null,
    2,
  ),
);
