/**
 * The Slurm adapter against a real Slurm 22.05 (scripts/slurm-dev.sh): submit as the mapped user
 * with GPUs on chosen nodes, status to the end with exit codes, idempotent re-submission, list by
 * workload id, cancel with and without grace, a two-node job, inventory with drained nodes, the
 * slurmdbd fallback for jobs slurmctld has forgotten, and typed errors.
 *
 * Skipped unless the slurm-dev env file exists (or HIGHWAY_SLURM_URL is set); with
 * HIGHWAY_REQUIRE_SLURM=1 a missing Slurm fails instead. Every wait polls against a deadline.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { findSlurmDev, poll, REQUIRE_SLURM } from "./support/slurm-dev.js";
import type { JobSpec, JobState, JobStatus } from "../src/executors/cluster-executor.js";
import { SlurmError } from "../src/executors/slurm/slurm-error.js";
import { SlurmExecutor } from "../src/executors/slurm/slurm-executor.js";
import { SlurmrestdClient } from "../src/executors/slurm/slurmrestd-client.js";
import type { HttpCall, SlurmTransport } from "../src/executors/slurm/slurmrestd-client.js";




const ACTIVE: readonly JobState[] = ["pending", "running"];

const found = await findSlurmDev();

if (typeof found === "string") {
  if (REQUIRE_SLURM) {
    describe("slurm executor", () => {
      it("needs a running Slurm (HIGHWAY_REQUIRE_SLURM=1)", () => {
        throw new Error(`HIGHWAY_REQUIRE_SLURM=1 but no Slurm: ${found}`);
      });
    });
  } else {
    describe.skip(`slurm executor (skipped: ${found})`, () => {
      it("runs workloads on Slurm", () => {});
    });
  }
} else {
  const slurm = found;
  const client = new SlurmrestdClient({ baseUrl: slurm.url, token: slurm.token });
  const executor = new SlurmExecutor({ clusterId: slurm.cluster, transport: client, serviceUser: slurm.tokenUser });
  const run = `${process.pid}-${Date.now()}`;
  const outputs: string[] = [];

  /** A spec for this run, on the given nodes. */
  const spec = (suffix: string, over: Partial<JobSpec> & { script: string }): JobSpec => ({
    runId: `test-${run}-${suffix}`,
    account: slurm.account,
    user: slurm.user,
    name: `hw-${suffix}`,
    partition: slurm.partition,
    gresType: "h100",
    acceleratorsPerNode: 2,
    nodes: ["highwaydev-n00002"],
    timeLimitSeconds: 90,
    environment: { PATH: "/usr/local/bin:/usr/bin:/bin" },
    ...over,
  });

  const until = (runId: string, what: string, seconds: number, done: (s: JobStatus) => boolean): Promise<JobStatus> =>
    poll(`${runId} ${what}`, seconds, async () => {
      const s = await executor.status(runId);
      return s && done(s) ? s : undefined;
    });
  const ended = (runId: string): Promise<JobStatus> => until(runId, "to end", 60, (s) => !ACTIVE.includes(s.state));

  /** slurmctld's own record of a job, for what JobStatus does not carry (its user). */
  const ctldJob = async (jobId: string): Promise<{ user_name: string; account: string; tres_req_str: string }> => {
    const body = (await client.send({ method: "GET", path: `/slurm/v0.0.38/job/${jobId}` }, slurm.tokenUser)) as {
      jobs: { user_name: string; account: string; tres_req_str: string }[];
    };
    const job = body.jobs[0];
    if (!job) throw new Error(`slurmctld has no job ${jobId}`);
    return job;
  };

  afterAll(async () => {
    // Leave no job of this run behind, whatever failed.
    for (const s of await executor.list().catch(() => [])) {
      if (s.runId.startsWith(`test-${run}-`) && ACTIVE.includes(s.state)) await executor.cancel(s.runId).catch(() => {});
    }
    // Slurm's default output files (the adapter names none): /tmp/slurm-<job id>.out.
    for (const s of await executor.list().catch(() => [])) {
      if (s.runId.startsWith(`test-${run}-`)) outputs.push(`/tmp/slurm-${s.jobId}.out`);
    }
    for (const f of outputs) rmSync(f, { force: true });
  });

  describe("slurm executor", () => {
    const okOut = `/tmp/highway-exec-${run}-ok.out`;
    outputs.push(okOut);
    const ok = spec("ok", { script: `#!/bin/bash\nid -un > ${okOut}\necho "gpus=$CUDA_VISIBLE_DEVICES" >> ${okOut}\nsleep 2\n` });
    let okJobId = "";

    it("submits gpu:h100:2 on the chosen node as the mapped user, and follows it through running to succeeded", async () => {
      const sub = await executor.submit(ok);
      expect(sub.adopted).toBe(false);
      expect(sub.jobId).toMatch(/^\d+$/);
      okJobId = sub.jobId;

      const running = await until(ok.runId, "to run", 30, (s) => s.state !== "pending");
      expect(running.jobId).toBe(sub.jobId);
      expect(["running", "succeeded"]).toContain(running.state);
      expect(running.nodes).toEqual(["highwaydev-n00002"]);
      expect(running.startedAt).toBeInstanceOf(Date);
      if (running.state === "running") {
        expect(running.endedAt).toBeNull();
        expect(running.exitCode).toBeNull();
      }

      const done = await ended(ok.runId);
      expect(done).toMatchObject({ runId: ok.runId, jobId: sub.jobId, state: "succeeded", exitCode: 0, nodes: ["highwaydev-n00002"] });
      expect(done.submittedAt).toBeInstanceOf(Date);
      expect(done.endedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime() + 1000);

      const rec = await ctldJob(sub.jobId);
      expect(rec.user_name).toBe(slurm.user);
      expect(rec.account).toBe(slurm.account);
      expect(rec.tres_req_str).toContain("gres/gpu:h100=2");
      if (existsSync(okOut)) expect(readFileSync(okOut, "utf8").split("\n")[0]).toBe(slurm.user);
    });

    it("adopts the existing job when the same workload is submitted again, even after it ended", async () => {
      const again = await executor.submit(ok);
      expect(again).toEqual({ jobId: okJobId, adopted: true });
    });

    it("lists the job under its workload id", async () => {
      const all = await executor.list();
      const ours = all.filter((s) => s.runId === ok.runId);
      expect(ours.map((s) => [s.jobId, s.state])).toEqual([[okJobId, "succeeded"]]);
      expect(all.every((s) => s.runId !== "")).toBe(true);
    });

    it("reports a failing script as failed with its exit code", async () => {
      const bad = spec("exit3", { nodes: ["highwaydev-n00001"], script: "#!/bin/bash\nexit 3\n" });
      await executor.submit(bad);
      expect(await ended(bad.runId)).toMatchObject({ state: "failed", exitCode: 3, nodes: ["highwaydev-n00001"] });
    });

    it("cancels a long sleep job at once: state cancelled", async () => {
      const long = spec("cancel", { nodes: ["highwaydev-n00001"], script: "#!/bin/bash\nsleep 600\n" });
      await executor.submit(long);
      await until(long.runId, "to run", 30, (s) => s.state === "running");
      await executor.cancel(long.runId);
      const done = await ended(long.runId);
      expect(done.state).toBe("cancelled");
      expect(done.endedAt).toBeInstanceOf(Date);
      // Cancelling again, or a workload Slurm never saw, is not an error.
      await executor.cancel(long.runId);
      await executor.cancel(`test-${run}-never-submitted`);
    });

    it("cancels with a grace: SIGTERM ends a job that does not catch it, a job that ignores it is killed after the grace", async () => {
      const slept: number[] = [];
      const graceful = new SlurmExecutor({
        clusterId: slurm.cluster,
        transport: client,
        serviceUser: slurm.tokenUser,
        // Wait for real, but briefly: long enough for SIGTERM to take effect.
        sleep: async (ms) => {
          slept.push(ms);
          await new Promise((r) => setTimeout(r, 1500));
        },
      });
      const polite = spec("term", { nodes: ["highwaydev-n00001"], script: "#!/bin/bash\nsleep 600\n" });
      const stubborn = spec("ignore-term", { nodes: ["highwaydev-n00002"], script: "#!/bin/bash\ntrap '' TERM\nsleep 600\n" });
      await Promise.all([graceful.submit(polite), graceful.submit(stubborn)]);
      await until(polite.runId, "to run", 30, (s) => s.state === "running");
      await until(stubborn.runId, "to run", 30, (s) => s.state === "running");
      // Slurm refuses signals to a job still configuring its step; give the scripts a moment to start.
      await new Promise((r) => setTimeout(r, 1000));

      await graceful.cancel(polite.runId, { graceSeconds: 30 });
      const p = await ended(polite.runId);
      expect(p.state).toBe("cancelled");
      expect(p.exitCode).toBe(128 + 15);
      expect(p.reason).toContain("killed by signal 15");

      await graceful.cancel(stubborn.runId, { graceSeconds: 30 });
      const s = await ended(stubborn.runId);
      expect(s.state).toBe("cancelled");
      expect(slept).toEqual([30_000, 30_000]);
    });

    it("runs a 2-node h200 job on the placement's node list", async () => {
      const wide = spec("h200x2", { gresType: "h200", acceleratorsPerNode: 8, nodes: ["highwaydev-n00003", "highwaydev-n00004"], script: "#!/bin/bash\nsrun hostname\n" });
      const sub = await executor.submit(wide);
      const done = await ended(wide.runId);
      expect(done).toMatchObject({ jobId: sub.jobId, state: "succeeded", exitCode: 0, nodes: ["highwaydev-n00003", "highwaydev-n00004"] });
      const rec = await ctldJob(sub.jobId);
      expect(rec.tres_req_str).toContain("gres/gpu:h200=16");
      expect(rec.tres_req_str).toContain("node=2");
    });

    it("takes status from slurmdbd when slurmctld has forgotten the job", async () => {
      // slurmctld keeps ended jobs for MinJobAge (300 s); hide them instead of waiting.
      const forgetful: SlurmTransport = {
        send: async (call: HttpCall, user: string) => {
          const body = await client.send(call, user);
          return call.path === "/slurm/v0.0.38/jobs" ? { ...(body as object), jobs: [] } : body;
        },
      };
      const fromDbd = new SlurmExecutor({ clusterId: slurm.cluster, transport: forgetful, serviceUser: slurm.tokenUser });
      const s = await poll("slurmdbd's record of the ok job", 30, async () => {
        const st = await fromDbd.status(ok.runId);
        return st?.state === "succeeded" && st.endedAt ? st : undefined;
      });
      expect(s).toMatchObject({ jobId: okJobId, nodes: ["highwaydev-n00002"], exitCode: 0 });
      expect(await fromDbd.submit(ok)).toEqual({ jobId: okJobId, adopted: true });
      expect((await fromDbd.list()).map((x) => x.jobId)).toContain(okJobId);
      // Without accounting, a forgotten job is unknown.
      const blind = new SlurmExecutor({ clusterId: slurm.cluster, transport: forgetful, serviceUser: slurm.tokenUser, accounting: false });
      expect(await blind.status(ok.runId)).toBeNull();
    });

    it("reports the 4 nodes with their GPUs", async () => {
      const nodes = await executor.inventory();
      expect(nodes.map((n) => [n.name, n.gresType, n.accelerators]).sort()).toEqual([
        ["highwaydev-n00001", "h100", 8],
        ["highwaydev-n00002", "h100", 8],
        ["highwaydev-n00003", "h200", 8],
        ["highwaydev-n00004", "h200", 8],
      ]);
      for (const n of nodes) expect(["idle", "mixed", "allocated"]).toContain(n.state);
    });

    it.skipIf(!slurm.slurmConf)("shows a drained node as drained, with its reason, and idle again after resume", async () => {
      const scontrol = (...args: string[]): void => {
        const r = spawnSync("scontrol", args, { encoding: "utf8", env: { ...process.env, SLURM_CONF: slurm.slurmConf } });
        if (r.status !== 0) throw new Error(`scontrol ${args.join(" ")}: ${r.stderr}`);
      };
      scontrol("update", "nodename=highwaydev-n00004", "state=drain", "reason=test");
      try {
        const nodes = await executor.inventory();
        expect(nodes.find((n) => n.name === "highwaydev-n00004")).toEqual({ name: "highwaydev-n00004", state: "drained", gresType: "h200", accelerators: 8, reason: "test" });
        expect(nodes.find((n) => n.name === "highwaydev-n00003")?.state).toBe("idle");
      } finally {
        scontrol("update", "nodename=highwaydev-n00004", "state=resume");
      }
      const back = await poll("highwaydev-n00004 to be idle again", 20, async () => {
        const n = (await executor.inventory()).find((x) => x.name === "highwaydev-n00004");
        return n?.state === "idle" ? n : undefined;
      });
      expect(back.reason).toBeNull();
    });

    it("turns Slurm's refusals and an unreachable slurmrestd into SlurmErrors with status and Slurm's text", async () => {
      const refused = await executor.submit(spec("bad-partition", { partition: "nosuchpartition", script: "#!/bin/bash\ntrue\n" })).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SlurmError);
      const r = refused as SlurmError;
      expect(r.code).toBe("SERVICE_UNAVAILABLE");
      expect(r.failure).toBe("refused");
      expect(r.operation).toBe("POST /slurm/v0.0.38/job/submit");
      expect(r.httpStatus).toBeGreaterThanOrEqual(200);
      expect(r.slurmErrors.map((e) => e.error).join(" ")).toMatch(/partition/i);
      expect(r.message).toMatch(/partition/i);

      const nowhere = new SlurmExecutor({
        clusterId: "nowhere",
        transport: new SlurmrestdClient({ baseUrl: "http://127.0.0.1:1", token: slurm.token, timeoutMs: 2000 }),
        serviceUser: slurm.tokenUser,
      });
      const down = await nowhere.inventory().catch((e: unknown) => e);
      expect(down).toBeInstanceOf(SlurmError);
      expect((down as SlurmError).failure).toBe("unreachable");
      expect((down as SlurmError).transient).toBe(true);
      expect((down as SlurmError).httpStatus).toBeNull();
    });

    it("keeps a job's stdout and stderr under outputRoot and reads them back, as the job's user wrote them", async () => {
      const root = slurm.outputRoot;
      if (!root) throw new Error("the Slurm under test names no output root (HIGHWAY_SLURM_OUTPUT_ROOT)");
      const withOutput = new SlurmExecutor({ clusterId: slurm.cluster, transport: client, serviceUser: slurm.tokenUser, outputRoot: root });
      const echo = spec("output", { nodes: ["highwaydev-n00001"], script: '#!/bin/bash\necho "out $(id -un) $HIGHWAY_RUN_ID"\necho "err line" >&2\nprintf \'%0.s0123456789\' $(seq 1 10)\n' });
      for (const ext of [".out", ".err"]) outputs.push(`${root}/${echo.runId}${ext}`);
      expect(await withOutput.output(echo.runId)).toBeNull();
      await withOutput.submit(echo);
      expect((await ended(echo.runId)).state).toBe("succeeded");
      expect(await withOutput.output(echo.runId)).toEqual({
        stdout: `out ${slurm.user} ${echo.runId}\n${"0123456789".repeat(10)}`,
        stderr: "err line\n",
        truncated: false,
      });
      expect(await withOutput.output(echo.runId, { limitBytes: 20 })).toEqual({ stdout: "0123456789".repeat(2), stderr: "err line\n", truncated: true });
    });

    it("refuses to submit as root", async () => {
      await expect(executor.submit(spec("root", { user: "root", script: "#!/bin/bash\ntrue\n" }))).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    });
  });
}
