/**
 * Reconciliation on real Slurm (issue 5, item 6): the server kills itself (SIGKILL, no cleanup) at
 * each named step of dispatch; a restarted server converges, adopting what it submitted but did
 * not record and submitting what it decided but did not submit, so every workload runs exactly
 * once: one Slurm job per run id, none lost, none twice.
 *
 * Needs the dev cluster (scripts/slurm-dev.sh start); skipped otherwise, failed with
 * HIGHWAY_REQUIRE_SLURM=1. Each wait polls against a deadline.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/config.js";
import { parseRunId, type JobStatus } from "../src/executors/cluster-executor.js";
import { readClusters, openRuntime } from "../src/runtime.js";
import { createSlurmExecutor } from "../src/executors/slurm/slurm-cluster-config.js";
import { loadPersonActor } from "../src/services/identity/people.js";
import { workloads } from "../src/store/schema/index.js";
import { TEST_AUDIT_KEY } from "./support/harness.js";
import { makeAwardedProject } from "./support/projects.js";
import { findSlurmDev, REQUIRE_SLURM } from "./support/slurm-dev.js";
import slurmDevFleet from "../fleet/slurm-dev.json" with { type: "json" };

const ROOT = join(import.meta.dirname, "..");
const found = await findSlurmDev();
const FAILPOINTS = ["after-decision", "before-submit", "after-submit", "after-commit"] as const;

if (typeof found === "string" || found.clusterConfig === undefined) {
  const why = typeof found === "string" ? found : "the dev cluster wrote no cluster config";
  if (REQUIRE_SLURM) {
    describe("reconciliation after crashes", () => {
      it("needs a running Slurm (HIGHWAY_REQUIRE_SLURM=1)", () => {
        throw new Error(`HIGHWAY_REQUIRE_SLURM=1 but no Slurm: ${why}`);
      });
    });
  } else {
    describe.skip(`reconciliation after crashes (skipped: ${why})`, () => {
      it("converges after a crash at each step", () => {});
    });
  }
} else {
  const slurm = found;
  const clusterFile = slurm.clusterConfig!;
  const executor = createSlurmExecutor(readClusters(clusterFile)[0]!);
  const dirs: string[] = [];

  afterAll(async () => {
    for (const job of await executor.list()) if (job.state === "pending" || job.state === "running") await executor.cancel(job.runId);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  // The server runs on its own PGlite directory, whatever DATABASE_URL the test run has.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const env = (dataDir: string, failpoint?: string): NodeJS.ProcessEnv => ({
    ...inherited,
    HIGHWAY_DATA: dataDir,
    HIGHWAY_AUDIT_KEY: TEST_AUDIT_KEY,
    PORT: "0",
    HIGHWAY_CLUSTERS_FILE: clusterFile,
    HIGHWAY_SIMULATE_CLUSTERS: "false",
    HIGHWAY_SCHEDULER_INTERVAL_MS: "300",
    HIGHWAY_LOG_LEVEL: "warn",
    ...(failpoint === undefined ? {} : { HIGHWAY_FAILPOINT: failpoint }),
  });

  /** Runs `highway serve`; resolves with how it ended. `stopAfter` ends it with SIGTERM once true. */
  function serve(dataDir: string, failpoint: string | undefined, stopWhen?: () => Promise<boolean>): Promise<{ code: number | null; signal: string | null; log: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, "bin/highway.js"), "serve"], { env: env(dataDir, failpoint), stdio: ["ignore", "pipe", "pipe"] });
      let log = "";
      child.stdout.on("data", (d: Buffer) => (log += d.toString()));
      child.stderr.on("data", (d: Buffer) => (log += d.toString()));
      child.on("error", reject);
      child.on("exit", (code, signal) => resolve({ code, signal, log }));
      if (stopWhen) {
        const deadline = Date.now() + 90_000;
        const tick = async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          // Judge convergence only once the server is up and has run its loop for a moment.
          const up = log.includes("listening on");
          if ((up && (await stopWhen().catch(() => false))) || Date.now() > deadline) child.kill("SIGTERM");
          else setTimeout(tick, 500);
        };
        setTimeout(tick, 500);
      }
    });
  }

  /** A data directory with the dev fleet, an awarded project whose PI runs as the dev user, and three workloads. */
  async function prepare(): Promise<{ dataDir: string; ids: string[] }> {
    const dataDir = mkdtempSync(join(tmpdir(), "highway-reconcile-"));
    dirs.push(dataDir);
    writeFileSync(join(dataDir, ".keep"), "");
    const runtime = await openRuntime(loadConfig({ env: env(dataDir) }));
    try {
      const { services } = runtime;
      const system = { kind: "system", name: "test" } as const;
      await services.fleet.import(system, slurmDevFleet);
      const p = await makeAwardedProject({ services, system }, { code: `rc${dirs.length}`, hopperHours: "50", maxConcurrent: 16, linuxUser: slurm.user });
      const actor = (await loadPersonActor(runtime.store.db, p.member.id, "token"))!;
      const ids: string[] = [];
      for (const [k, model] of ["h100-sxm", "h200-sxm", "h100-sxm"].entries()) {
        const w = await services.workloads.submit(actor, p.projectId, { name: `rc-${k}`, model, acceleratorsPerNode: 2, timeLimitMinutes: 5, script: "#!/bin/bash\nsleep 20\necho done\n" });
        ids.push(w.value.id);
      }
      return { dataDir, ids };
    } finally {
      await runtime.close();
    }
  }

  const jobsOf = async (ids: readonly string[]): Promise<JobStatus[]> => (await executor.list()).filter((j) => ids.includes(parseRunId(j.runId)?.workloadId ?? ""));

  describe.each(FAILPOINTS)("a crash %s", (failpoint) => {
    it("converges on restart without duplicates or lost workloads", async () => {
      const { dataDir, ids } = await prepare();
      const crashed = await serve(dataDir, failpoint);
      expect(crashed.signal, crashed.log).toBe("SIGKILL");
      const restarted = await serve(dataDir, undefined, async () => {
        const jobs = await jobsOf(ids);
        return ids.every((id) => jobs.some((j) => j.runId.startsWith(id) && j.state === "running"));
      });
      expect(restarted.code, restarted.log).toBe(0);
      const jobs = await jobsOf(ids);
      // One Slurm job per workload, run as the mapped user under attempt 1.
      expect(jobs.map((j) => j.runId).sort()).toEqual(ids.map((id) => `${id}.1`).sort());
      for (const j of jobs) expect(j.user).toBe(slurm.user);
      const runtime = await openRuntime(loadConfig({ env: env(dataDir) }));
      try {
        const rows = await runtime.store.db.select().from(workloads);
        for (const row of rows) {
          const job = jobs.find((j) => j.runId === `${row.id}.1`);
          expect(row.jobId, `${row.name} after ${failpoint}`).toBe(job?.jobId);
          expect(row.attempt).toBe(1);
          expect(["dispatched", "running"]).toContain(row.state);
        }
      } finally {
        await runtime.close();
      }
      for (const j of jobs) await executor.cancel(j.runId);
    }, 180_000);
  });
}
