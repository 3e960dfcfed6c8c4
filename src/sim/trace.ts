/**
 * Workload traces: the simulator's job record and the readers of the Philly trace and of the
 * project's own CSV format. Policies never see a job's true duration, only its time limit; where a
 * trace has no time limit, `deriveTimeLimit` gives one by a single rule (see there).
 *
 * Project format (CSV with this header):
 * `submit_s,project,accelerators,nodes,model,duration_s,time_limit_s` where `submit_s` is seconds
 * from the start of the trace, `accelerators` the total, `nodes` empty (the scheduler picks the
 * shape) or the node count (then accelerators / nodes per node), `model` a model, an accelerator
 * class, or empty for any GPU, and `time_limit_s` empty for the derived limit.
 */
import type { FleetFile } from "../domain/fleet.js";
import type { AcceleratorRequest } from "../scheduler/types.js";

/** One job of a trace. */
export interface SimJob {
  readonly id: string;
  readonly project: string;
  /** Seconds from the start of the trace. */
  readonly submit: number;
  readonly accelerators: number;
  readonly acceleratorsPerNode?: number;
  readonly request: AcceleratorRequest;
  /** True run time; hidden from policies. */
  readonly duration: number;
  readonly timeLimit: number;
  readonly priorityTier: number;
  readonly preemptible: boolean;
}

/**
 * The time limit a user would have asked for: the smallest whole power-of-two number of hours
 * (1, 2, 4, 8, ... h) that covers the duration, so limits overestimate by up to 2x, as Slurm users'
 * limits do. A job never runs past its limit.
 */
export function deriveTimeLimit(duration: number): number {
  let limit = 3600;
  while (limit < duration) limit *= 2;
  return limit;
}

/**
 * Reads the Philly trace (`timestamp,duration,num_gpus,gpu_time,cluster`): project = the virtual
 * cluster, any GPU, the total split into nodes by the fleet's node size, derived time limits.
 * Times are seconds from the first submission; zero durations become 1 s.
 */
export function readPhillyCsv(text: string): SimJob[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",");
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`philly trace: missing column ${name}`);
    return i;
  };
  const [cT, cD, cN, cC] = [col("timestamp"), col("duration"), col("num_gpus"), col("cluster")];
  const jobs: SimJob[] = [];
  let t0: number | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    const f = line.split(",");
    const at = Date.parse(`${(f[cT] ?? "").replace(" ", "T")}Z`) / 1000;
    const n = Number(f[cN]);
    const d = Math.max(1, Math.round(Number(f[cD])));
    if (!Number.isFinite(at) || !(n > 0) || !Number.isFinite(d)) throw new Error(`philly trace line ${i + 1}: cannot read ${line}`);
    t0 ??= at;
    jobs.push({
      id: `philly-${i}`,
      project: f[cC] ?? "unknown",
      submit: at - t0,
      accelerators: n,
      request: { kind: "any-gpu" },
      duration: d,
      timeLimit: deriveTimeLimit(d),
      priorityTier: 0,
      preemptible: false,
    });
  }
  return sortJobs(jobs);
}

/** Reads the project's CSV format (module comment); `model` names are resolved against the fleet. */
export function readTraceCsv(text: string, fleet: FleetFile): SimJob[] {
  const lines = text.split(/\r?\n/);
  const expected = "submit_s,project,accelerators,nodes,model,duration_s,time_limit_s";
  if ((lines[0] ?? "").trim() !== expected) throw new Error(`trace: the header must be ${expected}`);
  const classes = new Set(Object.values(fleet.acceleratorModels).map((m) => m.class));
  const jobs: SimJob[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.length === 0 || line.startsWith("#")) continue;
    const [submit, project, acc, nodes, model, duration, limit] = line.split(",").map((s) => s.trim());
    const n = Number(acc);
    const d = Number(duration);
    const at = Number(submit);
    if (!project || !Number.isInteger(n) || n <= 0 || !(d > 0) || !Number.isFinite(at)) throw new Error(`trace line ${i + 1}: cannot read ${line}`);
    let perNode: number | undefined;
    if (nodes) {
      const m = Number(nodes);
      if (!Number.isInteger(m) || m <= 0 || n % m !== 0) throw new Error(`trace line ${i + 1}: ${n} accelerators do not split over ${nodes} nodes`);
      perNode = n / m;
    }
    const request: AcceleratorRequest = !model
      ? { kind: "any-gpu" }
      : fleet.acceleratorModels[model]
        ? { kind: "model", name: model }
        : classes.has(model)
          ? { kind: "class", name: model }
          : { kind: "model", name: model };
    jobs.push({
      id: `job-${i}`,
      project,
      submit: at,
      accelerators: n,
      ...(perNode !== undefined ? { acceleratorsPerNode: perNode } : {}),
      request,
      duration: d,
      timeLimit: limit ? Number(limit) : deriveTimeLimit(d),
      priorityTier: 0,
      preemptible: false,
    });
  }
  return sortJobs(jobs);
}

/** Writes jobs in the project's CSV format. */
export function writeTraceCsv(jobs: readonly SimJob[]): string {
  const rows = jobs.map((j) => {
    const nodes = j.acceleratorsPerNode ? String(j.accelerators / j.acceleratorsPerNode) : "";
    const model = j.request.kind === "any-gpu" ? "" : j.request.name;
    return `${j.submit},${j.project},${j.accelerators},${nodes},${model},${j.duration},${j.timeLimit}`;
  });
  return `submit_s,project,accelerators,nodes,model,duration_s,time_limit_s\n${rows.join("\n")}\n`;
}

function sortJobs(jobs: SimJob[]): SimJob[] {
  // Stable: equal submission times keep file order.
  return jobs.map((j, i) => ({ j, i })).sort((a, b) => a.j.submit - b.j.submit || a.i - b.i).map((x) => x.j);
}
