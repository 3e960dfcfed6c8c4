// Submission throughput of the dev Slurm (scripts/slurm-dev.sh): held jobs (`--hold`, so nothing
// runs) submitted by `sbatch` processes and by slurmrestd `POST /slurm/v0.0.38/job/submit`, each with
// the given concurrency, as the mapped test user under its account; prints JSON with submissions per
// second and p50/p99 latency for each, then cancels every job it submitted.
//   npx tsx bench/slurm-submit.ts [--count 2000] [--concurrency 32]
// `measureSlurmSubmissions` is what `npm run bench:submit` calls to put Slurm beside the API.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { httpClient } from "./http-client.mjs";

/** How many held jobs, how many at a time, and where the cluster is (the slurm-dev env file's keys). */
export interface SlurmSubmitBenchOptions {
  readonly count: number;
  readonly concurrency: number;
  /** HIGHWAY_SLURM_* and SLURM_CONF; read from `.tmp/slurm-dev/env` for keys it lacks. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Latency percentiles of one submission path, in milliseconds. */
export interface SubmitLatency {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** What measureSlurmSubmissions found. */
export interface SlurmSubmitBenchResult {
  readonly count: number;
  readonly concurrency: number;
  readonly sbatchPerSecond: number;
  readonly slurmrestdPerSecond: number;
  readonly sbatch: SubmitLatency;
  readonly slurmrestd: SubmitLatency;
}

const ROOT = join(import.meta.dirname, "..");
/** Slurm's errno for "Job is in held state, pending scheduler release". */
const ESLURM_JOB_HELD = 2042;

interface Target {
  readonly url: string;
  readonly token: string;
  readonly user: string;
  readonly account: string;
  readonly partition: string;
  readonly slurmConf: string;
}

function target(env: Readonly<Record<string, string | undefined>>): Target {
  const file = join(env.SLURM_DEV_STATE_DIR ?? join(ROOT, ".tmp", "slurm-dev"), "env");
  const fromFile: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const m = /^([A-Z_][A-Z0-9_]*)='(.*)'$/.exec(line.trim());
      if (m?.[1]) fromFile[m[1]] = m[2] ?? "";
    }
  }
  const get = (key: string): string => {
    const value = env[key] ?? fromFile[key];
    if (!value) throw new Error(`${key} is not set and ${file} does not name it (run scripts/slurm-dev.sh start)`);
    return value;
  };
  return {
    url: get("HIGHWAY_SLURM_URL"),
    token: get("HIGHWAY_SLURM_TOKEN"),
    user: get("HIGHWAY_SLURM_USER"),
    account: get("HIGHWAY_SLURM_ACCOUNT"),
    partition: get("HIGHWAY_SLURM_PARTITION"),
    slurmConf: get("SLURM_CONF"),
  };
}

/** Runs `count` submissions, `concurrency` at a time; returns the wall time and each one's latency. */
async function pool(count: number, concurrency: number, submit: (i: number) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const s = performance.now();
      await submit(i);
      latencies.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { seconds: (performance.now() - t0) / 1000, latencies };
}

function percentile(sorted: readonly number[], p: number): number {
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return Math.round(v * 10) / 10;
}

function summary(run: { seconds: number; latencies: number[] }): { perSecond: number; latency: SubmitLatency } {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return { perSecond: Math.round((run.latencies.length / run.seconds) * 10) / 10, latency: { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) } };
}

function idOf(user: string, flag: "-u" | "-g"): number {
  const r = spawnSync("id", [flag, user], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`no Linux user ${user}: ${r.stderr}`);
  return Number(r.stdout.trim());
}

/** Submits held jobs through sbatch and slurmrestd, measures both, and cancels them all. */
export async function measureSlurmSubmissions(options: SlurmSubmitBenchOptions): Promise<SlurmSubmitBenchResult> {
  const { count, concurrency } = options;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, not ${count}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
  const t = target(options.env ?? process.env);
  const name = `hwbench-${process.pid}`;
  const uid = idOf(t.user, "-u");
  const gid = idOf(t.user, "-g");
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", SLURM_CONF: t.slurmConf, HOME: "/tmp" };
  try {
    const sbatch = await pool(count, concurrency, (i) => {
      const args = ["--parsable", "--hold", `--job-name=${name}`, `--account=${t.account}`, `--partition=${t.partition}`, "--gres=gpu:h100:1", "--time=1", "--output=/dev/null", "--chdir=/tmp", `--comment=${name}-sbatch-${i}`, "--wrap=true"];
      return new Promise<void>((resolve, reject) => {
        const child = spawn("sbatch", args, { uid, gid, env, stdio: ["ignore", "ignore", "pipe"] });
        let err = "";
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`sbatch exited ${code}: ${err.trim()}`))));
      });
    });
    // slurmrestd through the same keep-alive client as the API's clients in bench/submit.ts.
    const http = httpClient(concurrency);
    const rest = await pool(count, concurrency, async (i) => {
      const res = await http.post(
        `${t.url}/slurm/v0.0.38/job/submit`,
        { "X-SLURM-USER-NAME": t.user, "X-SLURM-USER-TOKEN": t.token },
        JSON.stringify({
          script: "#!/bin/bash\ntrue\n",
          job: { name, account: t.account, partition: t.partition, gres: "gpu:h100:1", time_limit: 1, hold: true, comment: `${name}-rest-${i}`, current_working_directory: "/tmp", standard_output: "/dev/null", environment: { PATH: "/usr/bin:/bin" } },
        }),
      );
      const body = JSON.parse(res.text) as { job_id?: number; errors?: { error_code?: number }[] };
      // 22.05 reports a held job's submission with the "error" ESLURM_JOB_HELD (2042) beside its job id.
      const errors = (body.errors ?? []).filter((e) => e.error_code !== ESLURM_JOB_HELD);
      if (res.status !== 200 || typeof body.job_id !== "number" || errors.length > 0) throw new Error(`slurmrestd submit: HTTP ${res.status} ${JSON.stringify(body.errors)}`);
    });
    http.close();
    const s = summary(sbatch);
    const r = summary(rest);
    return { count, concurrency, sbatchPerSecond: s.perSecond, slurmrestdPerSecond: r.perSecond, sbatch: s.latency, slurmrestd: r.latency };
  } finally {
    spawnSync("scancel", [`--name=${name}`], { env: { ...process.env, SLURM_CONF: t.slurmConf } });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = new Map<string, string>();
  for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ""), process.argv[i + 1] ?? "");
  const result = await measureSlurmSubmissions({ count: Number(args.get("count") ?? 2000), concurrency: Number(args.get("concurrency") ?? 32) });
  console.log(JSON.stringify(result, null, 2));
}
