/**
 * `npm run bench:submit`: how fast the API accepts workloads on PostgreSQL, beside Slurm's own
 * submission paths on the same machine (issue 5). 20,000 submissions from 32 concurrent clients
 * across 100 projects, each validated against its allocation and the fleet, reserved against the
 * balance and audited, over HTTP with API tokens, while the control loop runs in the same process
 * and dispatches to simulated clusters of the national fleet. Prints JSON; run by hand.
 *
 *   npm run bench:submit -- [--count 20000] [--warmup 2000] [--concurrency 32] [--projects 100] [--loop process|inline] [--replica-nice 0] [--no-slurm]
 *
 * DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the bench
 * creates and drops its own database there.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { setPriority } from "node:os";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { sql } from "drizzle-orm";
import pg from "pg";
import { loadConfig } from "../src/config/config.js";
import { ExecutorDirectory } from "../src/executors/executor-directory.js";
import { buildApp } from "../src/http/app.js";
import { systemClock } from "../src/runtime.js";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { createServices } from "../src/services/services.js";
import { openStore } from "../src/store/open-store.js";
import { rowsOf } from "../src/store/rows.js";
import { machine } from "./machine.js";
import { makeAwardedProject, type AwardedProject } from "../test/support/projects.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "32" },
    projects: { type: "string", default: "100" },
    warmup: { type: "string", default: "2000" },
    "replica-nice": { type: "string", default: "0" },
    "no-slurm": { type: "boolean", default: false },
    loop: { type: "string", default: "process" },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const projectCount = Number(values.projects);
const warmupCount = Number(values.warmup);
const replicaNice = Number(values["replica-nice"]);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** CPU seconds of this machine's PostgreSQL processes so far (0 where /proc cannot tell, as on a remote server). */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / 100;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Latency percentiles, and how many answers took over 50 ms (the target's p99) in each second of sending. */
function latencySummary(latencies: readonly number[], sentAt: readonly number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const slowBySecond: Record<string, number> = {};
  latencies.forEach((ms, i) => {
    if (ms <= 50) return;
    const second = String(Math.floor((sentAt[i] ?? 0) / 1000));
    slowBySecond[second] = (slowBySecond[second] ?? 0) + 1;
  });
  return {
    p50: +percentile(sorted, 50).toFixed(2),
    p99: +percentile(sorted, 99).toFixed(2),
    max: +(sorted[sorted.length - 1] ?? 0).toFixed(2),
    over50: sorted.length - sorted.findLastIndex((ms) => ms <= 50) - 1,
    over50BySecond: slowBySecond,
  };
}

const dbName = `highway_bench_${randomBytes(4).toString("hex")}`;
await admin(`CREATE DATABASE ${dbName}`);
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
const store = await openStore({ kind: "postgres", url: url.toString(), maxConnections: 20 });
let exitCode = 0;
try {
  await store.migrate();
  const config = loadConfig({ env: { HIGHWAY_DATA: ".tmp/bench", HIGHWAY_AUDIT_KEY: "bench-audit-key-0123456789abcdef0123456789", HIGHWAY_LOG_LEVEL: "error" } });
  const executors = new ExecutorDirectory({ simulate: true, clock: systemClock });
  const services = createServices({ store, clock: systemClock, auditKey: config.auditKey!, sessionTtlHours: 12, loginMaxFailures: 5, loginWindowMinutes: 15, executors });
  const system = { kind: "system", name: "bench" } as const;
  await services.fleet.import(system, JSON.parse(readFileSync(new URL("../fixtures/fleet/national-260k.json", import.meta.url), "utf8")));
  const projects: AwardedProject[] = [];
  for (let i = 0; i < projectCount; i++) projects.push(await makeAwardedProject({ services, system }, { code: `bench${i}`, hopperHours: "10000", maxConcurrent: 1024, linuxUser: `bench${i}` }));
  const app = await buildApp({ services, config, logger: false });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  // The dispatch loop runs as a scheduler replica in its own process (--loop process, the default),
  // as a deployment runs it beside API replicas; --loop inline runs it on the API's event loop.
  let loop: ControlLoop | null = null;
  let replica: ChildProcess | null = null;
  if (values.loop === "inline") {
    loop = new ControlLoop(services.deps, services.fleetView, { holder: "bench", intervalMs: 1000, onFleet: (view) => executors.refresh(view.fleet) });
    loop.start();
  } else {
    replica = spawn(process.execPath, ["--import", "tsx", new URL("./scheduler-replica.ts", import.meta.url).pathname, url.toString()], { stdio: ["ignore", "pipe", "inherit"] });
    // --replica-nice N lowers the replica's CPU priority, as a deployment that shares a host between
    // API replicas and the scheduler would; 0 (the default) shares the cores equally.
    if (replicaNice !== 0) setPriority(replica.pid!, replicaNice);
    await new Promise<void>((resolve, reject) => {
      replica!.stdout!.once("data", () => resolve());
      replica!.once("exit", (code) => reject(new Error(`scheduler replica exited with ${code}`)));
    });
  }

  const dispatchedSoFar = async (): Promise<number> => {
    const [row] = rowsOf<{ n: number }>(await store.db.execute(sql`select count(*)::int as n from workloads where state <> 'queued'`));
    return row?.n ?? 0;
  };
  type Phase = { latencies: number[]; sentAt: number[]; refused: Record<string, number> };
  // A server answers its first requests slowly (code not yet compiled by the JIT, new database
  // connections, caches empty): the clients send a warm-up phase first, reported apart, then the
  // measured submissions without a pause; --warmup 0 measures from a cold start. The counters below
  // are read when the first measured submission is sent.
  let cpuBefore = process.cpuUsage();
  let postgresBefore = postgresCpuSeconds();
  let dispatchedBefore = Promise.resolve(0);
  let batchesBefore = { ...services.workloads.writer.written };
  const { warmup, measured: result } = await new Promise<{ warmup: Phase; measured: Phase & { seconds: number; cpuSeconds: number | null } }>((resolve, reject) => {
    const worker = new Worker(new URL("./submit-clients.mjs", import.meta.url), {
      workerData: { base, targets: projects.map((p) => ({ projectId: p.projectId, token: p.member.token })), warmup: warmupCount, count, concurrency },
    });
    worker.on("message", (message: { kind: "measuring" } | { kind: "done"; warmup: Phase; measured: Phase & { seconds: number; cpuSeconds: number | null } }) => {
      if (message.kind === "measuring") {
        cpuBefore = process.cpuUsage();
        postgresBefore = postgresCpuSeconds();
        dispatchedBefore = dispatchedSoFar();
        batchesBefore = { ...services.workloads.writer.written };
      } else {
        resolve(message);
        void worker.terminate();
      }
    });
    worker.once("error", reject);
  });
  // CPU of this process (the API server and the clients' thread together) per submission: a figure
  // that, unlike the rate, does not move with whatever else the machine runs.
  const cpu = process.cpuUsage(cpuBefore);
  const postgresCpu = postgresCpuSeconds() - postgresBefore;
  const dispatchedDuringRun = (await dispatchedSoFar()) - (await dispatchedBefore);
  const { seconds } = result;
  const failures = new Map(Object.entries(result.refused));
  for (const [key, n] of Object.entries(warmup.refused)) failures.set(`warm-up: ${key}`, n);
  await loop?.stop();
  let replicaReport: unknown = null;
  if (replica !== null) {
    const out: Buffer[] = [];
    replica.stdout!.on("data", (d: Buffer) => out.push(d));
    const exited = new Promise((resolve) => replica!.once("exit", resolve));
    replica.kill("SIGTERM");
    await exited;
    replicaReport = JSON.parse(Buffer.concat(out).toString().trim().split("\n").pop() ?? "null");
  }
  await app.close();
  const accepted = count - Object.values(result.refused).reduce((a, b) => a + b, 0);
  let slurm: unknown = { skipped: "--no-slurm" };
  if (!values["no-slurm"]) {
    try {
      // bench/slurm-submit.ts measures sbatch and slurmrestd on the dev cluster (scripts/slurm-dev.sh start).
      const module: string = "./slurm-submit.js";
      const { measureSlurmSubmissions } = (await import(module)) as { measureSlurmSubmissions: (o: { count: number; concurrency: number }) => Promise<unknown> };
      slurm = await measureSlurmSubmissions({ count: 2000, concurrency });
    } catch (error) {
      slurm = { skipped: (error as Error).message };
    }
  }
  console.log(
    JSON.stringify(
      {
        benchmark: "submit",
        machine: machine(),
        database: "postgresql",
        submissions: count,
        concurrency,
        projects: projectCount,
        acceptedPerSecond: Math.round(accepted / seconds),
        accepted,
        refused: Object.fromEntries(failures),
        latencyMs: latencySummary(result.latencies, result.sentAt),
        warmup: { submissions: warmupCount, latencyMs: latencySummary(warmup.latencies, warmup.sentAt) },
        wallSeconds: +seconds.toFixed(2),
        cpuMsPerSubmission: {
          serverAndClients: +((cpu.user + cpu.system) / 1000 / count).toFixed(3),
          clients: result.cpuSeconds === null ? null : +((result.cpuSeconds * 1000) / count).toFixed(3),
          postgres: +((postgresCpu * 1000) / count).toFixed(3) },
        // How the batches were written (src/services/workloads/submission-writes.ts).
        batches: Object.fromEntries(Object.entries(services.workloads.writer.written).map(([way, n]) => [way, n - batchesBefore[way as keyof typeof batchesBefore]])),
        dispatchLoop: { where: values.loop, replicaNice, dispatchedDuringRun, replica: replicaReport },
        slurm,
      },
      null,
      2,
    ),
  );
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await store.close();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}
process.exit(exitCode);
