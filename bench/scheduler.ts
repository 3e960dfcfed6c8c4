// One full scheduling cycle on the national fleet: the fleet about 70% busy, 100,000 pending
// workloads of all sizes across 1,200 projects with quotas in 12 cohorts. Every timed cycle calls
// schedule() on the same snapshot (so it includes building the indexes). Prints JSON, including
// a scaling curve over 1/10/100% of the fleet and 1k/10k/100k pending. Before the timed runs,
// --warmup untimed ones (default 5) let V8 finish compiling the cycle's code: the control loop runs
// a cycle every few seconds, so its steady state is what it pays; their times are printed too.
//   npm run bench:scheduler [-- --runs 7 --warmup 5 --scaling 1]
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseFleet } from "../src/domain/fleet.js";
import type { FleetFile } from "../src/domain/fleet.js";
import { fleetNodeSnapshots } from "../src/scheduler/fleet-nodes.js";
import { highwayPolicy } from "../src/scheduler/policy.js";
import { schedule, stateFromSnapshot } from "../src/scheduler/schedule.js";
import { SchedulerState } from "../src/scheduler/scheduler-state.js";
import type { NodeSnapshot, PendingWorkload, QueueSnapshot, SchedulingSnapshot } from "../src/scheduler/types.js";
import { generateSynthetic } from "../src/sim/synthetic.js";
import { machine } from "./machine.js";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ""), process.argv[i + 1] ?? "");
const runs = Number(args.get("runs") ?? 7);
const warmup = Number(args.get("warmup") ?? 5);
const scaling = (args.get("scaling") ?? "1") !== "0";
const fleet = parseFleet(JSON.parse(readFileSync(new URL("../fixtures/fleet/national-260k.json", import.meta.url), "utf8")));
const NOW = 30 * 86_400;
const PROJECTS = 1200;

/** A snapshot with `fraction` of the fleet's nodes, ~70% busy, and `pendingCount` pending workloads. */
function buildSnapshot(f: FleetFile, fraction: number, pendingCount: number): SchedulingSnapshot {
  const all = fleetNodeSnapshots(f);
  const nodes: NodeSnapshot[] = fraction >= 1 ? all : all.filter((_, i) => i % Math.round(1 / fraction) === 0);
  const classes = [...new Set(nodes.map((n) => n.acceleratorClass))];
  const capacity = new Map<string, number>();
  for (const n of nodes) capacity.set(n.acceleratorClass, (capacity.get(n.acceleratorClass) ?? 0) + n.accelerators);
  const queues: QueueSnapshot[] = Array.from({ length: PROJECTS }, (_, i) => {
    const quotas: Record<string, { nominal: number; borrowingLimit: number; lendingLimit: number }> = {};
    for (const c of classes) {
      const nominal = Math.max(1, Math.floor((capacity.get(c) ?? 0) / PROJECTS));
      quotas[c] = { nominal, borrowingLimit: 64 * nominal, lendingLimit: nominal };
    }
    return { id: `proj-${String(i + 1).padStart(4, "0")}`, cohort: `program-${i % 12}`, weight: 1 + (i % 5), decayedUsage: (i * 7919) % 100_000, usageAsOf: NOW - 3600, quotas };
  });
  // Fill the fleet to ~70% by placing synthetic jobs with the scheduler itself.
  const fill = generateSynthetic(f, { jobs: 400_000, load: 0.9, seed: 11, projects: PROJECTS });
  const unlimited = queues.map(({ quotas: _q, ...q }) => q);
  const state = new SchedulerState(nodes, unlimited, [], highwayPolicy({ podWaitSeconds: 0 }));
  const target = 0.7 * state.index.totalCapacity;
  let busy = 0;
  let k = 0;
  for (; k < fill.length && busy < target; k++) {
    const j = fill[k]!;
    const w: PendingWorkload = { id: `run-${k}`, queue: j.project, request: j.request, accelerators: j.accelerators, timeLimitSeconds: j.timeLimit, priorityTier: 0, submittedAt: NOW - 7200, preemptible: k % 10 === 0 };
    state.pending.add(w);
    const d = state.cycle(NOW - 3600 + (k % 3000), [w], { lean: true });
    if (d.placements.length > 0) busy += j.accelerators;
    else state.pending.remove(w.id);
  }
  const running = [];
  for (let i = 0; i < k; i++) {
    const r = state.running(`run-${i}`);
    if (r) running.push(r);
  }
  const free = new Map<string, number>();
  for (const r of running) for (const s of r.nodes) free.set(s.node, (free.get(s.node) ?? 0) + s.accelerators);
  const pendingJobs = generateSynthetic(f, { jobs: pendingCount, load: 0.9, seed: 12, projects: PROJECTS });
  const pending: PendingWorkload[] = pendingJobs.map((j, i) => ({
    id: `pend-${i}`,
    queue: j.project,
    request: j.request,
    accelerators: j.accelerators,
    timeLimitSeconds: j.timeLimit,
    priorityTier: i % 17 === 0 ? 1 : 0,
    submittedAt: NOW - 86_400 + (i % 86_400),
    preemptible: false,
  }));
  return {
    nodes: nodes.map((n) => ({ ...n, free: n.accelerators - (free.get(n.id) ?? 0) })),
    queues,
    cohorts: Array.from({ length: 12 }, (_, i) => ({ id: `program-${i}` })),
    pending,
    running,
  };
}

/** Times `n` runs: schedule() on the snapshot (indexes built each time), and the cycle alone on a state rebuilt untimed. */
function time(snapshot: SchedulingSnapshot, n: number, warmups: number) {
  const policy = highwayPolicy();
  const full: number[] = [];
  const cycleOnly: number[] = [];
  const build: number[] = [];
  let placements = 0;
  let preemptions = 0;
  let waiting = 0;
  // The decisions' fingerprint: a change meant to be a pure speed-up must leave it unchanged.
  const decisionsSha256 = createHash("sha256").update(JSON.stringify(schedule(snapshot, policy, NOW))).digest("hex");
  const warmupMs: number[] = [];
  for (let i = 0; i < warmups; i++) {
    const t = performance.now();
    schedule(snapshot, policy, NOW);
    warmupMs.push(round(performance.now() - t));
  }
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const d = schedule(snapshot, policy, NOW);
    full.push(performance.now() - t);
    placements = d.placements.length;
    preemptions = d.preemptions.length;
    waiting = d.waiting.length;
    const b0 = performance.now();
    const state = stateFromSnapshot(snapshot, policy);
    const b1 = performance.now();
    state.cycle(NOW);
    cycleOnly.push(performance.now() - b1);
    build.push(b1 - b0);
  }
  const q = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0);
  };
  return {
    medianMs: q(full, 0.5),
    p99Ms: q(full, 0.99),
    // The minimum is the least disturbed by other work on a shared machine.
    minMs: round(Math.min(...full)),
    cycleOnlyMedianMs: q(cycleOnly, 0.5),
    cycleOnlyP99Ms: q(cycleOnly, 0.99),
    cycleOnlyMinMs: round(Math.min(...cycleOnly)),
    buildIndexesMedianMs: q(build, 0.5),
    buildIndexesP99Ms: q(build, 0.99),
    buildIndexesMinMs: round(Math.min(...build)),
    placements,
    preemptions,
    waiting,
    decisionsSha256,
    warmupMs,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

const main = buildSnapshot(fleet, 1, 100_000);
const busy = 1 - main.nodes.reduce((s, n) => s + n.free, 0) / main.nodes.reduce((s, n) => s + n.accelerators, 0);
const headline = time(main, runs, warmup);
const curve: unknown[] = [];
if (scaling) {
  for (const fraction of [0.01, 0.1, 1]) {
    for (const pendingCount of [1000, 10_000, 100_000]) {
      const snap = fraction === 1 && pendingCount === 100_000 ? main : buildSnapshot(fleet, fraction, pendingCount);
      const r = time(snap, 3, warmup);
      curve.push({ fleetFraction: fraction, nodes: snap.nodes.length, pending: pendingCount, medianMs: r.medianMs, cycleOnlyMedianMs: r.cycleOnlyMedianMs, placements: r.placements });
    }
  }
}
console.log(
  JSON.stringify(
    {
      bench: "scheduler",
      fleet: fleet.name,
      nodes: main.nodes.length,
      busyFraction: round(busy),
      running: main.running.length,
      pending: main.pending.length,
      projects: PROJECTS,
      runs,
      warmup,
      ...headline,
      scaling: curve,
      machine: machine(),
    },
    null,
    2,
  ),
);
