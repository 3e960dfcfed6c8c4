/**
 * The discrete-event simulator: it drives the unchanged scheduler (SchedulerState, the same code as
 * `schedule()`) over a fleet and a trace. Events are ordered by (time, sequence): arrivals come
 * from the time-sorted trace, completions and preemption kills from an event heap. Scheduling is
 * event-driven and incremental: a batch of arrivals at one instant runs an incremental cycle that
 * considers only the new workloads (reservations of the last full cycle stay in force); a batch
 * with a completion or a kill runs a full cycle. Policies see time limits, never true durations.
 * No wall clock: cycle and wall times come from an injected stopwatch (the CLI passes
 * performance.now), so runs are deterministic apart from those figures.
 */
import type { FleetFile } from "../domain/fleet.js";
import { fleetNodeSnapshots } from "../scheduler/fleet-nodes.js";
import type { SchedulerPolicy } from "../scheduler/policy.js";
import { SchedulerState } from "../scheduler/scheduler-state.js";
import type { PendingWorkload } from "../scheduler/types.js";
import { EventQueue } from "./event-queue.js";
import { DailyFairness, SIZE_CLASSES, capacityBoundedWork, distribution, quantile, sizeClass } from "./metrics.js";
import type { Distribution, ZeroWaitRuns } from "./metrics.js";
import type { SimJob } from "./trace.js";

/** Options of one simulated policy. */
export interface SimOptions {
  readonly policy: SchedulerPolicy;
  /** Milliseconds from any origin (performance.now); absent: cycle and wall times are 0. */
  readonly stopwatch?: () => number;
  /** Called now and then with the share of events processed. */
  readonly onProgress?: (fraction: number) => void;
  /** Points of the utilization-over-time series. */
  readonly seriesPoints?: number;
  /** Also return every job's queueing delay (for tests and small traces). */
  readonly recordJobs?: boolean;
  /**
   * At most one full cycle per this many simulated seconds (completions in between wait for the
   * next tick, as with a periodic scheduler); 0, the default: a full cycle at every completion.
   */
  readonly fullCycleIntervalSeconds?: number;
}

/** One policy's results (the JSON report holds one per policy). */
export interface PolicyReport {
  readonly policy: string;
  /** Jobs completed. */
  readonly jobs: number;
  /** Jobs that never started (e.g. asking for more than any cluster has). */
  readonly unfinished: number;
  /** Delivered accelerator-seconds over capacity x the span from first to last submission. */
  readonly utilization: number;
  /** Offered accelerator-seconds over capacity x the same span: the bound on utilization. */
  readonly offeredLoad: number;
  /**
   * Utilization, measured the same way, if every job ran from its submission with no wait and no
   * capacity limit: the part of the offered load that can fall inside the span at all (work of
   * jobs still running at the last submission falls outside it).
   */
  readonly zeroWaitUtilization: number;
  /**
   * The least upper bound on utilization this report can show for any scheduler: zero-wait
   * utilization with the capacity limit applied (metrics.ts, capacityBoundedWork). Bursts above
   * capacity and work still running at the last submission keep it below the offered load.
   */
  readonly capacityBound: number;
  readonly queueDelaySeconds: Distribution;
  readonly queueDelayBySize: Readonly<Record<string, Distribution & { readonly jobs: number }>>;
  readonly jctSeconds: Distribution;
  /** max(1, JCT / max(duration, 10 s)). */
  readonly boundedSlowdown: Distribution;
  readonly fairnessJain: number;
  /**
   * fairnessJain over the days of the submission span only. The days after the last submission
   * hold few projects (the last long or large jobs), where Jain's index swings with any change.
   */
  readonly fairnessJainInSpan: number;
  readonly preemptions: number;
  /** Time-weighted mean share of free accelerators that sit on partly used nodes. */
  readonly fragmentation: number;
  /**
   * Accelerator-seconds left idle while some workload waited, over capacity x the span (as
   * utilization): what the policy, fragmentation and time limits cost, against the load itself.
   */
  readonly idleWhileWaiting: number;
  /** The part of idleWhileWaiting held by reservations for blocked workloads. */
  readonly heldForReservations: number;
  readonly cycleMs: { readonly p50: number; readonly p99: number; readonly mean: number; readonly max: number; readonly count: number };
  readonly wallSeconds: number;
  readonly makespanSeconds: number;
  readonly utilizationSeries: { readonly t: readonly number[]; readonly u: readonly number[] };
  /** Queueing-delay CDF: [seconds, fraction of jobs waiting at most that long]. */
  readonly delayCdf: readonly (readonly [number, number])[];
  /** Queueing delay per completed job, with `recordJobs`. */
  readonly jobWaits?: Readonly<Record<string, number>>;
}

type Event = { readonly kind: "end" | "kill" | "tick"; readonly job: number; readonly run: number };

/** Runs one policy over a trace on a fleet. */
export function simulate(fleet: FleetFile, jobs: readonly SimJob[], options: SimOptions): PolicyReport {
  const sw = options.stopwatch ?? (() => 0);
  const wallStart = sw();
  const policy = options.policy;
  const nodes = fleetNodeSnapshots(fleet);
  const state = new SchedulerState(nodes, [], [], policy);
  const capacity = state.index.totalCapacity;
  const n = jobs.length;
  const t0 = jobs[0]?.submit ?? 0;
  const t1 = jobs[n - 1]?.submit ?? t0;
  for (let i = 1; i < n; i++) if (jobs[i]!.submit < jobs[i - 1]!.submit) throw new Error("jobs must be sorted by submission");

  const indexOf = new Map<string, number>();
  const waitTotal = new Float64Array(n);
  const pendingSince = new Float64Array(n);
  const runStart = new Float64Array(n);
  const finishAt = new Float64Array(n).fill(-1);
  const runId = new Int32Array(n);
  const queues = new Set<string>();
  const events = new EventQueue<Event>();
  const fairness = new DailyFairness(t0);
  const cycleMs: number[] = [];
  let preemptions = 0;

  // Utilization, fragmentation and the series integrate piecewise-constant values.
  const points = options.seriesPoints ?? 200;
  let busy = 0;
  let last = t0;
  let frag = 0;
  let delivered = 0;
  let fragIntegral = 0;
  let waiting = false;
  let held = 0;
  let idleWaitIntegral = 0;
  let heldIntegral = 0;
  let offered = 0;
  let zeroWait = 0;
  for (const j of jobs) {
    offered += j.accelerators * j.duration;
    zeroWait += j.accelerators * Math.max(0, Math.min(j.submit + Math.min(j.duration, j.timeLimit), t1) - j.submit);
  }
  const seriesBusy: number[] = [];
  const seriesWidth = Math.max(1, (t1 - t0) / points);
  const advance = (t: number): void => {
    if (t <= last) return;
    const lo = Math.max(last, t0);
    const hi = Math.min(t, t1);
    if (hi > lo) {
      delivered += busy * (hi - lo);
      fragIntegral += frag * (hi - lo);
      if (waiting) {
        idleWaitIntegral += (capacity - busy) * (hi - lo);
        heldIntegral += held * (hi - lo);
      }
    }
    // Series over [t0, end of simulation), bucket by bucket.
    let a = last;
    let b = Math.max(0, Math.floor((a - t0) / seriesWidth));
    while (a < t) {
      const end = Math.min(t, t0 + (b + 1) * seriesWidth);
      if (end > a) {
        seriesBusy[b] = (seriesBusy[b] ?? 0) + busy * (end - a);
        a = end;
      }
      b++;
    }
    last = t;
  };

  const toPending = (i: number): PendingWorkload => {
    const j = jobs[i]!;
    return {
      id: j.id,
      queue: j.project,
      request: j.request,
      accelerators: j.accelerators,
      ...(j.acceleratorsPerNode !== undefined ? { acceleratorsPerNode: j.acceleratorsPerNode } : {}),
      timeLimitSeconds: j.timeLimit,
      priorityTier: j.priorityTier,
      submittedAt: j.submit,
      preemptible: j.preemptible,
    };
  };

  const stop = (i: number, t: number): void => {
    const j = jobs[i]!;
    state.finish(j.id, t);
    busy -= j.accelerators;
    fairness.run(j.project, j.accelerators, runStart[i]!, t);
  };

  const interval = options.fullCycleIntervalSeconds ?? 0;
  let lastFull = -Infinity;
  let dirty = false;
  let tickPending = false;
  let ai = 0;
  let processed = 0;
  const totalEvents = 2 * n;
  while (ai < n || events.size > 0) {
    const t = Math.min(ai < n ? jobs[ai]!.submit : Infinity, events.peekTime());
    advance(t);
    let full = false;
    let tick = false;
    while (events.peekTime() === t) {
      const { event } = events.pop()!;
      if (event.kind === "tick") {
        tick = true;
        tickPending = false;
        continue;
      }
      const i = event.job;
      if (event.run !== runId[i]) continue; // a completion of a run that was preempted
      const j = jobs[i]!;
      stop(i, t);
      full = true;
      processed++;
      if (event.kind === "end") {
        finishAt[i] = t;
        fairness.demand(j.project, j.submit, t);
      } else {
        // Preempted: back to the queue, keeping its submission time (and so its age).
        preemptions++;
        runId[i] = runId[i]! + 1;
        pendingSince[i] = t;
        state.pending.add(toPending(i));
      }
    }
    const arrivals: PendingWorkload[] = [];
    while (ai < n && jobs[ai]!.submit === t) {
      const j = jobs[ai]!;
      if (!queues.has(j.project)) {
        queues.add(j.project);
        state.setQueue({ id: j.project, cohort: "trace", weight: 1, decayedUsage: 0, usageAsOf: t });
      }
      indexOf.set(j.id, ai);
      pendingSince[ai] = t;
      const w = toPending(ai);
      state.pending.add(w);
      arrivals.push(w);
      ai++;
      processed++;
    }
    // Coalesce full cycles to the interval: a completion inside it waits for the next tick.
    if (full || (tick && dirty)) {
      if (interval > 0 && t < lastFull + interval) {
        dirty = true;
        full = false;
        if (!tickPending) {
          events.push(lastFull + interval, { kind: "tick", job: -1, run: 0 });
          tickPending = true;
        }
      } else {
        full = true;
        dirty = false;
        lastFull = t;
      }
    }
    if (!full && arrivals.length === 0) continue;
    const c0 = sw();
    const d = state.cycle(t, full ? undefined : arrivals, { lean: true });
    cycleMs.push(sw() - c0);
    for (const p of d.placements) {
      const i = indexOf.get(p.workload)!;
      const j = jobs[i]!;
      waitTotal[i] = waitTotal[i]! + (t - pendingSince[i]!);
      runStart[i] = t;
      busy += j.accelerators;
      events.push(t + Math.min(j.duration, j.timeLimit), { kind: "end", job: i, run: runId[i]! });
    }
    for (const p of d.preemptions) {
      const i = indexOf.get(p.workload)!;
      events.push(t + p.gracePeriodSeconds, { kind: "kill", job: i, run: runId[i]! });
    }
    waiting = state.pending.size > 0;
    held = 0;
    for (const h of state.reservations.holds) held += h.amount;
    const split = state.index.freeSplit();
    frag = split.free > 0 ? 1 - split.wholeNodeFree / split.free : 0;
    if (options.onProgress && (processed & 0x3fff) < arrivals.length + 1) options.onProgress(Math.min(1, processed / totalEvents));
  }
  options.onProgress?.(1);

  // Results.
  const done: number[] = [];
  for (let i = 0; i < n; i++) if (finishAt[i]! >= 0) done.push(i);
  for (let i = 0; i < n; i++) if (finishAt[i]! < 0) fairness.demand(jobs[i]!.project, jobs[i]!.submit, last);
  const delays = new Float64Array(done.length);
  const jct = new Float64Array(done.length);
  const slowdown = new Float64Array(done.length);
  const bySize: number[][] = SIZE_CLASSES.map(() => []);
  done.forEach((i, k) => {
    const j = jobs[i]!;
    delays[k] = waitTotal[i]!;
    jct[k] = finishAt[i]! - j.submit;
    slowdown[k] = Math.max(1, jct[k]! / Math.max(j.duration, 10));
    bySize[sizeClass(j.accelerators)]!.push(waitTotal[i]!);
  });
  const span = Math.max(1, t1 - t0);
  const makespan = last - t0;
  const seriesT: number[] = [];
  const seriesU: number[] = [];
  for (let b = 0; b < seriesBusy.length; b++) {
    seriesT.push(b * seriesWidth);
    const width = Math.min(seriesWidth, makespan - b * seriesWidth);
    seriesU.push(width > 0 && capacity > 0 ? (seriesBusy[b] ?? 0) / (capacity * width) : 0);
  }
  const queueDelay = distribution(delays);
  const cdf: [number, number][] = [];
  for (let q = 0; q <= 100; q++) cdf.push([quantile(delays, q / 100), q / 100]);
  const cycles = Float64Array.from(cycleMs).sort();
  const cycleSum = cycles.reduce((s, x) => s + x, 0);
  return {
    policy: policy.name,
    jobs: done.length,
    unfinished: n - done.length,
    utilization: capacity > 0 ? delivered / (capacity * span) : 0,
    offeredLoad: capacity > 0 ? offered / (capacity * span) : 0,
    zeroWaitUtilization: capacity > 0 ? zeroWait / (capacity * span) : 0,
    capacityBound: capacity > 0 ? capacityBoundedWork(zeroWaitRuns(jobs), capacity, t0, t1) / (capacity * span) : 0,
    queueDelaySeconds: queueDelay,
    queueDelayBySize: Object.fromEntries(SIZE_CLASSES.map((c, k) => [c.name, { jobs: bySize[k]!.length, ...distribution(Float64Array.from(bySize[k]!)) }])),
    jctSeconds: distribution(jct),
    boundedSlowdown: distribution(slowdown),
    fairnessJain: fairness.meanJain(() => 1),
    fairnessJainInSpan: fairness.meanJain(() => 1, t1),
    preemptions,
    fragmentation: fragIntegral / span,
    idleWhileWaiting: capacity > 0 ? idleWaitIntegral / (capacity * span) : 0,
    heldForReservations: capacity > 0 ? heldIntegral / (capacity * span) : 0,
    cycleMs: { p50: quantile(cycles, 0.5), p99: quantile(cycles, 0.99), mean: cycles.length > 0 ? cycleSum / cycles.length : 0, max: cycles[cycles.length - 1] ?? 0, count: cycles.length },
    wallSeconds: (sw() - wallStart) / 1000,
    makespanSeconds: makespan,
    utilizationSeries: { t: seriesT, u: seriesU },
    delayCdf: cdf,
    ...(options.recordJobs ? { jobWaits: Object.fromEntries(done.map((i) => [jobs[i]!.id, waitTotal[i]!])) } : {}),
  };
}

/** Each job's zero-wait run (from submission, for min(duration, time limit)). */
function zeroWaitRuns(jobs: readonly SimJob[]): ZeroWaitRuns {
  const start = new Float64Array(jobs.length);
  const length = new Float64Array(jobs.length);
  const accelerators = new Float64Array(jobs.length);
  jobs.forEach((j, i) => {
    start[i] = j.submit;
    length[i] = Math.min(j.duration, j.timeLimit);
    accelerators[i] = j.accelerators;
  });
  return { start, length, accelerators };
}
