import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JobSpec } from "../cluster-executor.js";
import { SlurmError } from "./slurm-error.js";
import { SlurmExecutor, runComment, runIdInComment } from "./slurm-executor.js";
import type { HttpCall, SlurmTransport } from "./slurmrestd-client.js";

/** A slurmctld job as v0.0.38 writes it; `at` is the submit time in epoch seconds. */
function ctldJob(id: number, state: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    job_id: id,
    job_state: state,
    exit_code: 0,
    comment: "highway:workload=wl",
    user_name: "hwtest1",
    nodes: state === "PENDING" ? "" : "h100n1",
    submit_time: 1_800_000_000,
    start_time: 1_800_000_010,
    end_time: 1_800_000_100,
    state_reason: "None",
    ...over,
  };
}

/** A slurmrestd stand-in: answers from `jobs`/`dbd`, records every call and who made it. */
class FakeSlurm implements SlurmTransport {
  jobs: Record<string, unknown>[] = [];
  dbd: Record<string, unknown>[] = [];
  readonly calls: { call: HttpCall; user: string }[] = [];
  /** Per job id, the errno a signal gets. */
  readonly signalErrors = new Map<string, number>();
  nextJobId = 100;

  async send(call: HttpCall, user: string): Promise<unknown> {
    this.calls.push({ call, user });
    const ok = { errors: [] };
    if (call.method === "GET" && call.path === "/slurm/v0.0.38/jobs") return { ...ok, jobs: this.jobs };
    if (call.method === "GET" && call.path === "/slurmdb/v0.0.38/jobs") {
      // As 22.05.8 answers a search that matches nothing: HTTP 200 with an error entry.
      if (this.dbd.length === 0) throw new SlurmError({ failure: "refused", operation: "GET /slurmdb/v0.0.38/jobs", httpStatus: 200, slurmErrors: [{ errorNumber: 9000, error: "Nothing found", description: null }] });
      return { ...ok, jobs: this.dbd };
    }
    if (call.method === "POST" && call.path === "/slurm/v0.0.38/job/submit") return { ...ok, job_id: this.nextJobId++ };
    if (call.method === "DELETE") {
      const id = call.path.split("/").pop() ?? "";
      const errno = this.signalErrors.get(id);
      if (errno !== undefined) throw new SlurmError({ failure: "refused", operation: "DELETE", httpStatus: 500, slurmErrors: [{ errorNumber: errno, error: "no", description: null }] });
      return ok;
    }
    if (call.method === "GET" && call.path === "/slurm/v0.0.38/nodes") return { ...ok, nodes: [{ name: "n1", state: "mixed", state_flags: ["DRAIN"], gres: "gpu:h100:8(S:0-1)", reason: "maint" }] };
    throw new Error(`unexpected ${call.method} ${call.path}`);
  }

  /** The signals sent, as `jobId:signal`. */
  signals(): string[] {
    return this.calls.filter((c) => c.call.method === "DELETE").map((c) => `${c.call.path.split("/").pop()}:${c.call.query?.signal}`);
  }
}

const spec: JobSpec = {
  runId: "wl",
  account: "hwdev",
  user: "hwtest1",
  name: "train",
  gresType: "h100",
  acceleratorsPerNode: 2,
  nodes: ["h100n1"],
  timeLimitSeconds: 600,
  script: "#!/bin/bash\ntrue\n",
  environment: {},
};

function setup(options: { accounting?: boolean; outputRoot?: string } = {}): { slurm: FakeSlurm; executor: SlurmExecutor; slept: number[] } {
  const slurm = new FakeSlurm();
  const slept: number[] = [];
  const executor = new SlurmExecutor({
    clusterId: "c1",
    transport: slurm,
    serviceUser: "root",
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...options,
  });
  return { slurm, executor, slept };
}

describe("workload comments", () => {
  it("carry the workload id and nothing else is ours", () => {
    expect(runComment("a:b c")).toBe("highway:workload=a:b c");
    expect(runIdInComment("highway:workload=a:b c")).toBe("a:b c");
    expect(runIdInComment("highway:workload=")).toBeNull();
    expect(runIdInComment("somebody else's")).toBeNull();
  });
});

describe("SlurmExecutor.submit", () => {
  it("submits as the spec's user with the workload's comment when no job carries it", async () => {
    const { slurm, executor } = setup();
    slurm.jobs = [ctldJob(7, "RUNNING", { comment: "highway:workload=other" })];
    expect(await executor.submit(spec)).toEqual({ jobId: "100", adopted: false });
    const post = slurm.calls.find((c) => c.call.method === "POST");
    expect(post?.user).toBe("hwtest1");
    expect(post?.call.body).toMatchObject({ job: { comment: "highway:workload=wl", current_working_directory: "/tmp", gres: "gpu:h100:2", time_limit: 10 } });
    // Reads run as the service user.
    expect(slurm.calls.filter((c) => c.call.method === "GET").every((c) => c.user === "root")).toBe(true);
  });

  it("adopts a job that carries the workload id, even one that ended", async () => {
    const { slurm, executor } = setup();
    slurm.jobs = [ctldJob(7, "FAILED", { exit_code: 256 })];
    expect(await executor.submit(spec)).toEqual({ jobId: "7", adopted: true });
    expect(slurm.calls.some((c) => c.call.method === "POST")).toBe(false);
  });

  it("adopts from slurmdbd a job slurmctld has forgotten, unless accounting is off", async () => {
    const dbdJob = { job_id: 5, state: { current: "COMPLETED" }, comment: { job: "highway:workload=wl" }, nodes: "h100n1", time: {} };
    const on = setup();
    on.slurm.dbd = [dbdJob];
    expect(await on.executor.submit(spec)).toEqual({ jobId: "5", adopted: true });
    const off = setup({ accounting: false });
    off.slurm.dbd = [dbdJob];
    expect(await off.executor.submit(spec)).toEqual({ jobId: "100", adopted: false });
    expect(off.slurm.calls.some((c) => c.call.path.startsWith("/slurmdb/"))).toBe(false);
  });

  it("refuses a spec that would run as root or on no node, before calling Slurm", async () => {
    const { slurm, executor } = setup();
    await expect(executor.submit({ ...spec, user: "root" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(executor.submit({ ...spec, nodes: [] })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(slurm.calls).toEqual([]);
  });
});

describe("SlurmExecutor.status", () => {
  it("prefers the active job of a workload over a later ended one, else the latest", async () => {
    const { slurm, executor } = setup();
    slurm.jobs = [ctldJob(8, "RUNNING"), ctldJob(9, "CANCELLED")];
    expect((await executor.status("wl"))?.jobId).toBe("8");
    slurm.jobs = [ctldJob(8, "COMPLETED"), ctldJob(9, "CANCELLED")];
    expect((await executor.status("wl"))?.jobId).toBe("9");
  });

  it("hides Slurm's forecasts: no start while pending, no end or exit code while running", async () => {
    const { slurm, executor } = setup();
    slurm.jobs = [ctldJob(1, "PENDING", { state_reason: "Resources", start_time: 1_800_000_500, end_time: 1_800_001_100 })];
    expect(await executor.status("wl")).toEqual({
      runId: "wl",
      jobId: "1",
      state: "pending",
      nodes: [],
      submittedAt: new Date(1_800_000_000_000),
      startedAt: null,
      endedAt: null,
      exitCode: null,
      user: "hwtest1",
      reason: "Resources",
    });
    slurm.jobs = [ctldJob(1, "RUNNING")];
    expect(await executor.status("wl")).toMatchObject({ state: "running", startedAt: new Date(1_800_000_010_000), endedAt: null, exitCode: null });
    slurm.jobs = [ctldJob(1, "FAILED", { exit_code: 15, state_reason: "JobLaunchFailure" })];
    expect(await executor.status("wl")).toMatchObject({
      state: "cancelled",
      endedAt: new Date(1_800_000_100_000),
      exitCode: 143,
      reason: "JobLaunchFailure; killed by signal 15",
    });
  });

  it("says so when Slurm reports a state it does not know", async () => {
    const { slurm, executor } = setup();
    slurm.jobs = [ctldJob(1, "HIBERNATING", { end_time: 0 })];
    expect(await executor.status("wl")).toMatchObject({ state: "pending", reason: "unrecognized Slurm job state HIBERNATING" });
    slurm.jobs = [ctldJob(1, "HIBERNATING", { state_reason: "Sleepy" })];
    expect(await executor.status("wl")).toMatchObject({ state: "failed", reason: "unrecognized Slurm job state HIBERNATING; Sleepy" });
  });

  it("is null for a workload Slurm has no job of", async () => {
    const { executor } = setup();
    expect(await executor.status("nobody")).toBeNull();
  });

  it("turns an answer it cannot read into a malformed SlurmError", async () => {
    const { slurm, executor } = setup();
    slurm.jobs = [{ job_state: "RUNNING" }];
    await expect(executor.status("wl")).rejects.toMatchObject({ name: "SlurmError", failure: "malformed", operation: "GET /slurm/v0.0.38/jobs" });
  });
});

describe("SlurmExecutor.list", () => {
  it("lists our jobs from slurmctld and slurmdbd once each, by job id, and no one else's", async () => {
    const { slurm, executor } = setup();
    slurm.jobs = [ctldJob(12, "RUNNING", { comment: "highway:workload=b" }), ctldJob(11, "PENDING", { comment: "someone's" })];
    slurm.dbd = [
      { job_id: 12, state: { current: "RUNNING" }, comment: { job: "highway:workload=b" } },
      { job_id: 3, state: { current: "COMPLETED" }, comment: { job: "highway:workload=a" }, exit_code: { status: "SUCCESS", return_code: 0 }, time: { end: 1_800_000_000 } },
    ];
    const all = await executor.list();
    expect(all.map((s) => [s.jobId, s.runId, s.state])).toEqual([
      ["3", "a", "succeeded"],
      ["12", "b", "running"],
    ]);
  });
});

describe("SlurmExecutor.cancel", () => {
  it("without a grace kills every active job of the workload and leaves ended ones alone", async () => {
    const { slurm, executor, slept } = setup();
    slurm.jobs = [ctldJob(1, "RUNNING"), ctldJob(2, "PENDING"), ctldJob(3, "COMPLETED")];
    await executor.cancel("wl");
    expect(slurm.signals()).toEqual(["1:SIGKILL", "2:SIGKILL"]);
    expect(slept).toEqual([]);
  });

  it("with a grace sends SIGTERM, waits through the sleeper, and kills only what still runs", async () => {
    const { slurm, executor, slept } = setup();
    slurm.jobs = [ctldJob(1, "RUNNING")];
    await executor.cancel("wl", { graceSeconds: 30 });
    expect(slurm.signals()).toEqual(["1:SIGTERM", "1:SIGKILL"]);
    expect(slept).toEqual([30_000]);

    const quick = setup();
    quick.slurm.jobs = [ctldJob(1, "RUNNING")];
    const sleeper = quick.slept;
    // The job dies of the SIGTERM during the grace.
    const original = quick.slurm.send.bind(quick.slurm);
    quick.slurm.send = async (call, user) => {
      const answer = await original(call, user);
      if (call.method === "DELETE") quick.slurm.jobs = [ctldJob(1, "FAILED", { exit_code: 15 })];
      return answer;
    };
    await quick.executor.cancel("wl", { graceSeconds: 5 });
    expect(quick.slurm.signals()).toEqual(["1:SIGTERM"]);
    expect(sleeper).toEqual([5_000]);
  });

  it("kills a pending job at once, grace or not, and one that cannot take a signal yet", async () => {
    const { slurm, executor, slept } = setup();
    slurm.jobs = [ctldJob(1, "PENDING"), ctldJob(2, "RUNNING")];
    slurm.signalErrors.set("2", 2020);
    // Job 2 refuses SIGTERM while configuring; the kill is then refused too, which surfaces.
    await expect(executor.cancel("wl", { graceSeconds: 10 })).rejects.toBeInstanceOf(SlurmError);
    expect(slurm.signals()).toEqual(["1:SIGKILL", "2:SIGTERM", "2:SIGKILL"]);
    expect(slept).toEqual([]);
  });

  it("is not troubled by a job that vanished meanwhile", async () => {
    const { slurm, executor } = setup();
    slurm.jobs = [ctldJob(1, "RUNNING")];
    slurm.signalErrors.set("1", 2017);
    await executor.cancel("wl");
    await executor.cancel("wl", { graceSeconds: 3 });
    expect(slurm.signals()).toEqual(["1:SIGKILL", "1:SIGTERM", "1:SIGKILL"]);
  });
});

describe("SlurmExecutor.inventory", () => {
  it("maps nodes with their GPUs and drain state", async () => {
    const { executor } = setup();
    expect(await executor.inventory()).toEqual([{ name: "n1", state: "draining", gresType: "h100", accelerators: 8, reason: "maint" }]);
  });
});

describe("SlurmExecutor.output", () => {
  const root = mkdtempSync(join(tmpdir(), "slurm-output-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("submits with stdout and stderr paths under outputRoot named after the run", async () => {
    const { slurm, executor } = setup({ outputRoot: root });
    await executor.submit({ ...spec, runId: "wl_1.2" });
    const post = slurm.calls.find((c) => c.call.method === "POST");
    expect(post?.call.body).toMatchObject({ job: { standard_output: join(root, "wl_1.2.out"), standard_error: join(root, "wl_1.2.err") } });
  });

  it("writes a run id Slurm would expand (% or /) in hex", async () => {
    const { slurm, executor } = setup({ outputRoot: root });
    await executor.submit({ ...spec, runId: "a%j/b.1" });
    const job = (slurm.calls.find((c) => c.call.method === "POST")?.call.body as { job: { standard_output: string } }).job;
    expect(job.standard_output).toBe(join(root, `x-${Buffer.from("a%j/b.1").toString("hex")}.out`));
  });

  it("reads what the job wrote, empty while it has written nothing, null for a run Slurm does not know", async () => {
    const { slurm, executor } = setup({ outputRoot: root });
    slurm.jobs = [ctldJob(7, "RUNNING", { comment: "highway:workload=wl.1" })];
    expect(await executor.output("wl.1")).toEqual({ stdout: "", stderr: "", truncated: false });
    writeFileSync(join(root, "wl.1.out"), "hello\n");
    writeFileSync(join(root, "wl.1.err"), "warning\n");
    expect(await executor.output("wl.1")).toEqual({ stdout: "hello\n", stderr: "warning\n", truncated: false });
    expect(await executor.output("wl.2")).toBeNull();
  });

  it("keeps the last limitBytes (64 KiB by default) and says it cut, without a broken character at the cut", async () => {
    const { slurm, executor } = setup({ outputRoot: root });
    slurm.jobs = [ctldJob(8, "COMPLETED", { comment: "highway:workload=big.1" })];
    writeFileSync(join(root, "big.1.out"), "x".repeat(70 * 1024) + "END\n");
    writeFileSync(join(root, "big.1.err"), "");
    const out = await executor.output("big.1");
    expect(out?.truncated).toBe(true);
    expect(out?.stdout.length).toBe(64 * 1024);
    expect(out?.stdout.endsWith("END\n")).toBe(true);
    // "한" is three bytes in UTF-8: a cut after its first byte drops the rest of it.
    writeFileSync(join(root, "big.1.out"), "한글");
    expect(await executor.output("big.1", { limitBytes: 5 })).toEqual({ stdout: "글", stderr: "", truncated: true });
    expect(await executor.output("big.1", { limitBytes: 6 })).toEqual({ stdout: "한글", stderr: "", truncated: false });
  });

  it("refuses a bad limit, and is unavailable without an outputRoot", async () => {
    const { slurm, executor } = setup({ outputRoot: root });
    slurm.jobs = [ctldJob(7, "RUNNING", { comment: "highway:workload=wl.1" })];
    await expect(executor.output("wl.1", { limitBytes: 0 })).rejects.toMatchObject({ code: "VALIDATION_FAILED", violations: [{ field: "limitBytes", rule: "slurm_output_limit" }] });
    const bare = setup();
    await expect(bare.executor.output("wl.1")).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", violations: [{ field: "outputRoot", rule: "slurm_output_root_unset" }] });
    const post = bare.slurm.calls.find((c) => c.call.method === "POST");
    expect(post).toBeUndefined();
  });
});
