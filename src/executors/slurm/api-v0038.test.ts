import { describe, expect, it } from "vitest";
import type { JobSpec } from "../cluster-executor.js";
import { API_V0038 } from "./api-v0038.js";

const spec: JobSpec = {
  runId: "wl-1",
  account: "hwdev",
  user: "hwtest1",
  name: "train",
  partition: "gpu",
  gresType: "h200",
  acceleratorsPerNode: 8,
  nodes: ["h200n1", "h200n2"],
  timeLimitSeconds: 3601,
  script: "#!/bin/bash\nsrun hostname\n",
  environment: { PATH: "/usr/bin:/bin" },
};

describe("API_V0038.submit", () => {
  it("asks for GPUs per node, the node count and list, minutes rounded up, and the comment", () => {
    const call = API_V0038.submit(spec, { comment: "highway:workload=wl-1", workingDirectory: "/tmp" });
    expect(call.method).toBe("POST");
    expect(call.path).toBe("/slurm/v0.0.38/job/submit");
    expect(call.body).toEqual({
      script: spec.script,
      job: {
        name: "train",
        account: "hwdev",
        partition: "gpu",
        gres: "gpu:h200:8",
        nodes: 2,
        nodelist: "h200n1,h200n2",
        time_limit: 61,
        comment: "highway:workload=wl-1",
        environment: { HIGHWAY_RUN_ID: "wl-1", PATH: "/usr/bin:/bin" },
        current_working_directory: "/tmp",
      },
    });
  });

  it("leaves the partition to Slurm's default when the spec names none, and always sends an environment", () => {
    const { partition: _, ...rest } = spec;
    const call = API_V0038.submit({ ...rest, environment: {} }, { comment: "c", workingDirectory: "/w" });
    const job = (call.body as { job: Record<string, unknown> }).job;
    expect(job).not.toHaveProperty("partition");
    expect(job.environment).toEqual({ HIGHWAY_RUN_ID: "wl-1" });
  });
});

describe("API_V0038 readers", () => {
  it("reads the job id of a submission", () => {
    expect(API_V0038.readSubmit({ errors: [], job_id: 42, step_id: "BATCH" })).toBe("42");
    expect(() => API_V0038.readSubmit({ errors: [] })).toThrow(TypeError);
  });

  // Fields as slurmrestd 22.05.8 answered on the dev cluster (trimmed).
  it("reads slurmctld's jobs: wait status, host list, epoch times, reasons", () => {
    const [failed, pending] = API_V0038.readJobs({
      errors: [],
      jobs: [
        {
          job_id: 3,
          job_state: "FAILED",
          exit_code: 768,
          comment: "highway:workload=b",
          user_name: "hwtest1",
          nodes: "h200n[1-2]",
          submit_time: 1795943127,
          start_time: 1795943130,
          end_time: 1795943136,
          state_reason: "NonZeroExitCode",
          state_description: "",
        },
        { job_id: 4, job_state: "PENDING", exit_code: 0, comment: "", user_name: "hwtest1", nodes: "", submit_time: 1795943127, start_time: 0, end_time: 0, state_reason: "None" },
      ],
    });
    expect(failed).toEqual({
      jobId: "3",
      state: "FAILED",
      exit: { code: 3, signal: null },
      comment: "highway:workload=b",
      user: "hwtest1",
      nodes: ["h200n1", "h200n2"],
      submittedAt: new Date(1795943127_000),
      startedAt: new Date(1795943130_000),
      endedAt: new Date(1795943136_000),
      reason: "NonZeroExitCode",
    });
    expect(pending).toMatchObject({ jobId: "4", nodes: [], startedAt: null, endedAt: null, reason: null });
  });

  it("reads slurmdbd's jobs, whose exit codes and comments are nested", () => {
    const [signalled, never] = API_V0038.readAccountingJobs({
      errors: [],
      jobs: [
        {
          job_id: 3,
          state: { current: "FAILED", reason: "None" },
          exit_code: { status: "SIGNALED", return_code: null, signal: { signal_id: 15, name: "Terminated" } },
          comment: { administrator: null, job: "highway:workload=b", system: null },
          user: "hwtest1",
          nodes: "h200n[1-2]",
          time: { submission: 1795943127, start: 1795943130, end: 1795943136 },
        },
        {
          job_id: 4,
          state: { current: "FAILED", reason: "BadConstraints" },
          exit_code: { status: "SUCCESS", return_code: 1 },
          comment: { job: null },
          user: "hwtest1",
          nodes: "None assigned",
          time: { submission: 1795943127, start: 0, end: 0 },
        },
      ],
    });
    expect(signalled).toMatchObject({ jobId: "3", state: "FAILED", exit: { code: null, signal: 15 }, comment: "highway:workload=b", nodes: ["h200n1", "h200n2"] });
    expect(never).toMatchObject({ jobId: "4", exit: { code: 1, signal: null }, comment: "", nodes: [], startedAt: null, reason: "BadConstraints" });
  });

  it("reads nodes with their state flags and GPUs", () => {
    const nodes = API_V0038.readNodes({
      errors: [],
      nodes: [
        { name: "h200n1", state: "idle", state_flags: [], gres: "gpu:h200:8", reason: "" },
        { name: "h200n2", state: "idle", state_flags: ["DRAIN"], gres: "gpu:h200:8", reason: "test" },
        { name: "cpu1", state: "down", state_flags: ["NOT_RESPONDING"], gres: "", reason: "Not responding" },
      ],
    });
    expect(nodes).toEqual([
      { name: "h200n1", state: "idle", gpus: { type: "h200", count: 8 }, reason: null },
      { name: "h200n2", state: "drained", gpus: { type: "h200", count: 8 }, reason: "test" },
      { name: "cpu1", state: "down", gpus: null, reason: "Not responding" },
    ]);
  });

  it("refuses answers without the list it expects", () => {
    expect(() => API_V0038.readJobs({ errors: [] })).toThrow(TypeError);
    expect(() => API_V0038.readNodes(null)).toThrow(TypeError);
    expect(() => API_V0038.readJobs({ jobs: [{ job_state: "RUNNING" }] })).toThrow(TypeError);
  });
});

describe("API_V0038 calls", () => {
  it("signals through DELETE with the signal's name, and searches accounting with sacct's time syntax", () => {
    expect(API_V0038.signalJob("7", "SIGTERM")).toEqual({ method: "DELETE", path: "/slurm/v0.0.38/job/7", query: { signal: "SIGTERM" } });
    expect(API_V0038.listAccountingJobs(30)).toEqual({
      method: "GET",
      path: "/slurmdb/v0.0.38/jobs",
      query: { start_time: "now-30days", skip_steps: "true" },
    });
  });
});
