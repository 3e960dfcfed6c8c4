/**
 * Metric helpers of the simulator: percentiles, Jain's index, size classes, and the per-day
 * fairness accumulator. Definitions (issue 4):
 * - fairness: for each simulated day, Jain's index over the projects with demand that day (a job
 *   pending or running) of received share / entitled share, where received share is the project's
 *   accelerator-seconds over all delivered that day and entitled share its weight over the weights
 *   of those projects; `fairnessJain` is the mean over days with any delivery.
 */

/** Summary statistics of a sample. */
export interface Distribution {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** The q-quantile (0..1) of an ascending array, nearest rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? 0;
}

/** Mean and percentiles of a sample (the input is sorted in place). */
export function distribution(values: Float64Array): Distribution {
  values.sort();
  let sum = 0;
  for (const v of values) sum += v;
  return { mean: values.length > 0 ? sum / values.length : 0, p50: quantile(values, 0.5), p95: quantile(values, 0.95), p99: quantile(values, 0.99) };
}

/** Jain's index (sum x)^2 / (n sum x^2); 1 is perfectly fair. */
export function jain(xs: readonly number[]): number {
  let s = 0;
  let s2 = 0;
  for (const x of xs) {
    s += x;
    s2 += x * x;
  }
  return s2 > 0 ? (s * s) / (xs.length * s2) : 1;
}

/** Size classes used in the reports, by total accelerators. */
export const SIZE_CLASSES = [
  { name: "1", max: 1 },
  { name: "2-8", max: 8 },
  { name: "9-64", max: 64 },
  { name: "65-512", max: 512 },
  { name: "513+", max: Infinity },
] as const;

/** The size class of a job. */
export function sizeClass(accelerators: number): number {
  return SIZE_CLASSES.findIndex((c) => accelerators <= c.max);
}

const DAY = 86_400;

/** Accumulates per-day received accelerator-seconds and demand per project. */
export class DailyFairness {
  readonly #t0: number;
  readonly #received = new Map<number, Map<string, number>>();
  readonly #demand = new Map<number, Set<string>>();

  constructor(t0: number) {
    this.#t0 = t0;
  }

  /** A project ran `accelerators` over [from, to). */
  run(project: string, accelerators: number, from: number, to: number): void {
    for (let d = this.#day(from); d <= this.#day(to); d++) {
      const lo = Math.max(from, this.#t0 + d * DAY);
      const hi = Math.min(to, this.#t0 + (d + 1) * DAY);
      if (hi <= lo) continue;
      let m = this.#received.get(d);
      if (!m) this.#received.set(d, (m = new Map()));
      m.set(project, (m.get(project) ?? 0) + accelerators * (hi - lo));
    }
  }

  /**
   * A project had work pending or running over [from, to): the days that interval meets (a job
   * ending at midnight asks nothing of the next day), or the day of `from` if it is empty.
   */
  demand(project: string, from: number, to: number): void {
    const last = to > from ? Math.ceil((to - this.#t0) / DAY) - 1 : this.#day(from);
    for (let d = this.#day(from); d <= last; d++) {
      let s = this.#demand.get(d);
      if (!s) this.#demand.set(d, (s = new Set()));
      s.add(project);
    }
  }

  /**
   * Mean over days of Jain's index of received / entitled share; weight() gives each project's
   * weight. `before`: only the days that start before that time (e.g. the last submission).
   */
  meanJain(weight: (project: string) => number, before = Infinity): number {
    let sum = 0;
    let days = 0;
    for (const [d, projects] of this.#demand) {
      if (this.#t0 + d * DAY >= before) continue;
      const rec = this.#received.get(d);
      if (!rec) continue;
      let total = 0;
      for (const p of projects) total += rec.get(p) ?? 0;
      if (total <= 0) continue;
      let wsum = 0;
      for (const p of projects) wsum += weight(p);
      const xs: number[] = [];
      for (const p of projects) xs.push((rec.get(p) ?? 0) / total / (weight(p) / wsum));
      sum += jain(xs);
      days++;
    }
    return days > 0 ? sum / days : 1;
  }

  #day(t: number): number {
    return Math.floor((t - this.#t0) / DAY);
  }
}

/** Zero-wait runs for capacityBoundedWork, as parallel arrays (one entry per job). */
export interface ZeroWaitRuns {
  readonly start: ArrayLike<number>;
  readonly length: ArrayLike<number>;
  readonly accelerators: ArrayLike<number>;
}

/**
 * An upper bound, for any scheduler, on the accelerator-seconds delivered within [t0, t1]: for
 * every s in the span, work by s is at most what zero-wait starts would have done by then (no job
 * runs before its submission or faster than its run time), and after s at most the capacity. So
 * the bound is min over s of ZW(s) + capacity x (t1 - s), where ZW is piecewise linear: the
 * minimum is at a breakpoint (a start or end of a zero-wait run). O(n log n) over typed arrays (a
 * million jobs fit in a few tens of MB). Work repeated after a preemption is not counted (it would
 * only lower what a schedule delivers).
 */
export function capacityBoundedWork(runs: ZeroWaitRuns, capacity: number, t0: number, t1: number): number {
  const n = runs.start.length;
  // Breakpoints: +accelerators at each start, -accelerators at each end, clamped to [t0, t1].
  const at = new Float64Array(2 * n);
  const delta = new Float64Array(2 * n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const start = runs.start[i]!;
    const end = start + runs.length[i]!;
    const a = runs.accelerators[i]!;
    if (end <= start || start >= t1) continue;
    at[m] = Math.max(start, t0);
    delta[m++] = a;
    if (end < t1) {
      at[m] = Math.max(end, t0);
      delta[m++] = -a;
    }
  }
  const order = new Uint32Array(m);
  for (let k = 0; k < m; k++) order[k] = k;
  order.sort((a, b) => at[a]! - at[b]!);
  let best = capacity * (t1 - t0);
  let work = 0;
  let rate = 0;
  let last = t0;
  for (let k = 0; k < m; k++) {
    const t = at[order[k]!]!;
    work += rate * (t - last);
    last = t;
    rate += delta[order[k]!]!;
    // Several breakpoints at one instant: ZW is continuous, so evaluating after each is exact.
    best = Math.min(best, work + capacity * (t1 - t));
  }
  work += rate * (t1 - last);
  return Math.min(best, work);
}
