/**
 * Smoke test against a real Slurm (scripts/slurm-dev.sh, or any cluster named by HIGHWAY_SLURM_URL):
 * a trivial job submitted through slurmrestd v0.0.38 with JWT, as a non-root mapped Linux user, with
 * `--gres=gpu:h100:2`, runs to completion as that user; slurmctld, slurmdbd (through slurmrestd) and
 * `sacct` each report it with its two h100 GPUs.
 *
 * Skipped when no Slurm is reachable; with HIGHWAY_REQUIRE_SLURM=1 an unreachable Slurm fails instead.
 * Configuration comes from the environment (HIGHWAY_SLURM_URL, HIGHWAY_SLURM_TOKEN, ...) or, when
 * HIGHWAY_SLURM_URL is unset, from the env file `scripts/slurm-dev.sh start` writes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findSlurmDev, poll, REQUIRE_SLURM, type SlurmDevTarget } from "./support/slurm-dev.js";

const API = "v0.0.38";


function headers(t: SlurmDevTarget, user: string): Record<string, string> {
  return { "Content-Type": "application/json", "X-SLURM-USER-NAME": user, "X-SLURM-USER-TOKEN": t.token };
}

async function rest<T>(t: SlurmDevTarget, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: headers(t, t.user),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}


interface SlurmError {
  error?: string;
  error_number?: number;
}
interface SubmitResponse {
  job_id?: number;
  errors: SlurmError[];
}
interface CtldJob {
  job_id: number;
  job_state: string;
  user_name: string;
  account: string;
  comment: string;
  tres_req_str: string;
  tres_alloc_str: string;
  nodes: string;
}
interface DbdJob {
  state: { current: string };
  user: string;
  account: string;
  comment: { job: string | null };
  tres: { allocated: { type: string; name: string | null; count: number | null }[] };
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "PREEMPTED"]);

const found = await findSlurmDev();

if (typeof found === "string") {
  if (REQUIRE_SLURM) {
    describe("slurm smoke", () => {
      it("needs a running Slurm (HIGHWAY_REQUIRE_SLURM=1)", () => {
        throw new Error(`HIGHWAY_REQUIRE_SLURM=1 but no Slurm: ${found}`);
      });
    });
  } else {
    describe.skip(`slurm smoke (skipped: ${found})`, () => {
      it("submits a GPU job through slurmrestd", () => {});
    });
  }
} else {
  const slurm = found;
  describe("slurm smoke", () => {
    it("runs a gpu:h100:2 job through slurmrestd as the mapped user, and accounting reports it", async () => {
      const comment = `highway-smoke-${process.pid}-${Date.now()}`;
      const out = `/tmp/highway-slurm-smoke-${process.pid}-${Date.now()}.out`;
      const submitted = await rest<SubmitResponse>(slurm, "POST", `/slurm/${API}/job/submit`, {
        script: "#!/bin/bash\necho \"user=$(id -un)\"\necho \"job=$SLURM_JOB_ID\"\n",
        job: {
          name: "highway-smoke",
          account: slurm.account,
          partition: slurm.partition,
          gres: "gpu:h100:2",
          nodes: 1,
          time_limit: 5,
          comment,
          current_working_directory: "/tmp",
          standard_output: out,
          environment: { PATH: "/usr/local/bin:/usr/bin:/bin" },
        },
      });
      expect(submitted.errors).toEqual([]);
      const jobId = submitted.job_id;
      expect(jobId).toBeGreaterThan(0);

      // slurmctld: the job finishes, as the mapped user, under the account, with the comment.
      const job = await poll("the job to finish", 60, async () => {
        const r = await rest<{ jobs: CtldJob[] }>(slurm, "GET", `/slurm/${API}/job/${jobId}`);
        const j = r.jobs[0];
        return j && TERMINAL.has(j.job_state) ? j : undefined;
      });
      expect(job.job_state).toBe("COMPLETED");
      expect(job.user_name).toBe(slurm.user);
      expect(job.user_name).not.toBe("root");
      expect(job.account).toBe(slurm.account);
      expect(job.comment).toBe(comment);
      expect(job.tres_req_str).toContain("gres/gpu:h100=2");
      expect(["highwaydev-n00001", "highwaydev-n00002"]).toContain(job.nodes);

      // Its output, when this machine runs the cluster: the script ran as the mapped user.
      if (existsSync(out)) {
        expect(readFileSync(out, "utf8")).toContain(`user=${slurm.user}`);
        rmSync(out, { force: true });
      }

      // slurmdbd through slurmrestd: the job's record with its allocated GPUs of the model.
      const rec = await poll("slurmdbd's record of the job", 30, async () => {
        const r = await rest<{ jobs: DbdJob[] }>(slurm, "GET", `/slurmdb/${API}/job/${jobId}`).catch(() => undefined);
        const j = r?.jobs[0];
        return j?.state.current === "COMPLETED" ? j : undefined;
      });
      expect(rec.user).toBe(slurm.user);
      expect(rec.account).toBe(slurm.account);
      expect(rec.comment.job).toBe(comment);
      const alloc = Object.fromEntries(rec.tres.allocated.map((t) => [t.name ? `${t.type}/${t.name}` : t.type, t.count]));
      expect(alloc["gres/gpu:h100"]).toBe(2);
      expect(alloc["gres/gpu"]).toBe(2);

      // sacct, when the cluster's configuration is on this machine.
      if (slurm.slurmConf) {
        const line = await poll("sacct to report the job completed", 30, () => {
          const r = spawnSync("sacct", ["-j", String(jobId), "-X", "-n", "-P", "-o", "JobID,User,Account,State,AllocTRES"], {
            encoding: "utf8",
            env: { ...process.env, SLURM_CONF: slurm.slurmConf },
          });
          if (r.status !== 0) throw new Error(`sacct failed: ${r.stderr}`);
          const l = r.stdout.trim();
          return l.split("|")[3] === "COMPLETED" ? l : undefined;
        });
        const [id, user, account, state, tres] = line.split("|");
        expect({ id, user, account, state }).toEqual({ id: String(jobId), user: slurm.user, account: slurm.account, state: "COMPLETED" });
        expect(tres?.split(",")).toEqual(expect.arrayContaining(["gres/gpu:h100=2", "gres/gpu=2"]));
      }
    });
  });
}
