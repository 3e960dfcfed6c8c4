/**
 * A seeded synthetic workload for a fleet, calibrated to the AcmeTrace cluster summary
 * (../shared/data/traces/acme-cluster-summary.csv: Seren, Kalos, Philly, Helios, weighted by their
 * GPU job counts):
 * - sizes: median 1 GPU in every cluster, so 60% of jobs take 1 accelerator; the rest take 2^k,
 *   k = 1..12 (up to 4,096), with P(k) proportional to r^k, r solved so that the mean is the
 *   weighted mean GPUs per job (4.37); sizes are capped at a quarter of the class's largest cluster;
 * - durations: lognormal with the weighted median (206 s) and mean (5,684 s) run time, so
 *   sigma = sqrt(2 ln(mean / median)) = 2.58, capped at 14 days;
 * - accelerator class in proportion to the fleet's capacity per class; 1,000 projects (by default)
 *   with Zipf(1) popularity;
 * - arrivals: a Poisson process whose rate makes the offered load (work over capacity x the span
 *   from first to last submission) equal the target exactly.
 */
import type { FleetFile } from "../domain/fleet.js";
import { Rng, prefixSums } from "./rng.js";
import { deriveTimeLimit } from "./trace.js";
import type { SimJob } from "./trace.js";

/** Calibration constants derived from acme-cluster-summary.csv (see the module comment). */
export const ACME_CALIBRATION = Object.freeze({
  singleAcceleratorShare: 0.6,
  meanAccelerators: 4.37,
  medianRunSeconds: 206,
  meanRunSeconds: 5684,
  maxRunSeconds: 14 * 86_400,
  maxAccelerators: 4096,
});

/** Parameters of a synthetic workload. */
export interface SyntheticSpec {
  readonly jobs: number;
  readonly load: number;
  readonly seed: number;
  readonly projects?: number;
}

/** Parses `synthetic:jobs=N,load=L,seed=S[,projects=P]`. */
export function parseSyntheticSpec(text: string): SyntheticSpec {
  if (!text.startsWith("synthetic:")) throw new Error(`not a synthetic trace: ${text}`);
  const fields = new Map(
    text
      .slice("synthetic:".length)
      .split(",")
      .filter((s) => s.length > 0)
      .map((kv) => {
        const [k, v] = kv.split("=");
        return [k ?? "", Number(v)] as const;
      }),
  );
  for (const [k, v] of fields) {
    if (!["jobs", "load", "seed", "projects"].includes(k)) throw new Error(`synthetic trace: unknown field ${k}`);
    if (!Number.isFinite(v)) throw new Error(`synthetic trace: ${k} must be a number`);
  }
  const jobs = fields.get("jobs") ?? 10_000;
  const load = fields.get("load") ?? 0.9;
  if (!Number.isInteger(jobs) || jobs <= 0 || !(load > 0)) throw new Error("synthetic trace: jobs must be a positive integer and load positive");
  const projects = fields.get("projects");
  return { jobs, load, seed: fields.get("seed") ?? 1, ...(projects !== undefined ? { projects } : {}) };
}

/** Generates the workload; the same spec and fleet give the same jobs. */
export function generateSynthetic(fleet: FleetFile, spec: SyntheticSpec): SimJob[] {
  const rng = new Rng(spec.seed);
  const cal = ACME_CALIBRATION;
  // Capacity and largest cluster per class.
  const capacity = new Map<string, number>();
  const largest = new Map<string, number>();
  for (const site of fleet.sites) {
    for (const cluster of site.clusters) {
      const perClass = new Map<string, number>();
      for (const pool of cluster.pools) {
        const cls = fleet.acceleratorModels[pool.model]?.class ?? pool.model;
        perClass.set(cls, (perClass.get(cls) ?? 0) + pool.nodes * pool.acceleratorsPerNode);
      }
      for (const [cls, c] of perClass) {
        capacity.set(cls, (capacity.get(cls) ?? 0) + c);
        largest.set(cls, Math.max(largest.get(cls) ?? 0, c));
      }
    }
  }
  const classes = [...capacity.keys()].sort();
  const classPrefix = prefixSums(classes.map((c) => capacity.get(c) ?? 0));
  const totalCapacity = classes.reduce((s, c) => s + (capacity.get(c) ?? 0), 0);
  const kMax = Math.round(Math.log2(cal.maxAccelerators));
  const r = solveRatio(kMax, (cal.meanAccelerators - cal.singleAcceleratorShare) / (1 - cal.singleAcceleratorShare));
  const sizePrefix = prefixSums(Array.from({ length: kMax }, (_, i) => Math.pow(r, i + 1)));
  const sigma = Math.sqrt(2 * Math.log(cal.meanRunSeconds / cal.medianRunSeconds));
  const projects = spec.projects ?? 1000;
  const projectPrefix = prefixSums(Array.from({ length: projects }, (_, i) => 1 / (i + 1)));

  const sizes = new Int32Array(spec.jobs);
  const durations = new Float64Array(spec.jobs);
  const classOf = new Int32Array(spec.jobs);
  const projectOf = new Int32Array(spec.jobs);
  let work = 0;
  for (let i = 0; i < spec.jobs; i++) {
    const c = rng.weighted(classPrefix);
    const cls = classes[c]!;
    let n = rng.next() < cal.singleAcceleratorShare ? 1 : Math.pow(2, rng.weighted(sizePrefix) + 1);
    const cap = Math.max(1, Math.pow(2, Math.floor(Math.log2(Math.max(1, (largest.get(cls) ?? 1) / 4)))));
    n = Math.min(n, cap);
    const d = Math.max(1, Math.min(cal.maxRunSeconds, Math.round(rng.lognormal(cal.medianRunSeconds, sigma))));
    sizes[i] = n;
    durations[i] = d;
    classOf[i] = c;
    projectOf[i] = rng.weighted(projectPrefix);
    work += n * d;
  }
  // Poisson arrivals scaled so that the last submission ends the span that gives the target load.
  const span = work / (spec.load * totalCapacity);
  const gaps = new Float64Array(spec.jobs);
  let sum = 0;
  for (let i = 1; i < spec.jobs; i++) {
    gaps[i] = rng.exponential(1);
    sum += gaps[i]!;
  }
  const scale = sum > 0 ? span / sum : 0;
  const jobs: SimJob[] = new Array<SimJob>(spec.jobs);
  let t = 0;
  for (let i = 0; i < spec.jobs; i++) {
    t += (gaps[i] ?? 0) * scale;
    const d = durations[i]!;
    jobs[i] = {
      id: `syn-${i + 1}`,
      project: `proj-${String(projectOf[i]! + 1).padStart(4, "0")}`,
      submit: Math.round(t * 1000) / 1000,
      accelerators: sizes[i]!,
      request: { kind: "class", name: classes[classOf[i]!]! },
      duration: d,
      timeLimit: deriveTimeLimit(d),
      priorityTier: 0,
      preemptible: false,
    };
  }
  return jobs;
}

/** r such that sum_k 2^k r^k / sum_k r^k = target over k = 1..kMax (bisection). */
function solveRatio(kMax: number, target: number): number {
  const mean = (r: number): number => {
    let num = 0;
    let den = 0;
    for (let k = 1; k <= kMax; k++) {
      num += Math.pow(2 * r, k);
      den += Math.pow(r, k);
    }
    return num / den;
  };
  let lo = 0.01;
  let hi = 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (mean(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
