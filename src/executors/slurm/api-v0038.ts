/**
 * slurmrestd's OpenAPI v0.0.38 (Slurm 22.05, Debian 12) and dbv0.0.38. Field names checked against
 * a running 22.05.8; where the version surprises, a comment says how.
 */
import type { JobSpec } from "../cluster-executor.js";
import { formatGpuGres, parseGpuGres } from "./gres.js";
import { expandHostlist } from "./hostlist.js";
import { decodeWaitStatus } from "./job-state.js";
import type { JobExit } from "./job-state.js";
import { mapSlurmNodeState } from "./node-state.js";
import type { JobSignal, SlurmApiVersion, SlurmAssociationRecord, SlurmJobRecord, SlurmNodeRecord, SubmitExtras } from "./slurm-api-version.js";
import type { HttpCall } from "./slurmrestd-client.js";
import { timeLimitMinutes } from "./time-limit.js";

/** What we read of a job in `GET /slurm/v0.0.38/jobs`. */
interface CtldJob {
  job_id: number;
  job_state: string;
  exit_code?: number | null;
  comment?: string | null;
  user_name?: string | null;
  nodes?: string | null;
  submit_time?: number | null;
  start_time?: number | null;
  end_time?: number | null;
  state_reason?: string | null;
  state_description?: string | null;
}

/** What we read of a job in `GET /slurmdb/v0.0.38/jobs`. */
interface DbdJob {
  job_id: number;
  state: { current: string; reason?: string | null };
  exit_code?: { status?: string; return_code?: number | null; signal?: { signal_id?: number | null } | null } | null;
  comment?: { job?: string | null } | null;
  user?: string | null;
  nodes?: string | null;
  time?: { submission?: number | null; start?: number | null; end?: number | null } | null;
}

/** What we read of a node in `GET /slurm/v0.0.38/nodes`. */
interface CtldNode {
  name: string;
  state: string;
  state_flags?: string[] | null;
  gres?: string | null;
  reason?: string | null;
}

/** What we read of an association in `GET /slurmdb/v0.0.38/associations`. */
interface DbdAssociation {
  account: string;
  user?: string | null;
  parent_account?: string | null;
  max?: { tres?: { group?: { minutes?: { type: string; name?: string | null; count?: number | null }[] | null } | null } | null } | null;
}

const SLURM = "/slurm/v0.0.38";
const SLURMDB = "/slurmdb/v0.0.38";

function malformed(what: string): never {
  throw new TypeError(`slurmrestd v0.0.38: unexpected ${what}`);
}

function listOf<T>(body: unknown, key: string): T[] {
  const list = (body as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) malformed(`answer without a "${key}" list`);
  return list as T[];
}

/** Unix seconds to a Date; Slurm writes 0 for "not set". */
function epoch(seconds: number | null | undefined): Date | null {
  return typeof seconds === "number" && seconds > 0 ? new Date(seconds * 1000) : null;
}

/** Slurm's "None" reason means there is none. */
function words(...parts: (string | null | undefined)[]): string | null {
  const said = parts.filter((p): p is string => typeof p === "string" && p !== "" && p !== "None");
  return said.length > 0 ? said.join(": ") : null;
}

function readCtldJob(j: CtldJob): SlurmJobRecord {
  if (typeof j.job_id !== "number" || typeof j.job_state !== "string") malformed("job without job_id or job_state");
  return {
    jobId: String(j.job_id),
    state: j.job_state,
    // slurmctld reports the batch script's raw wait(2) status.
    exit: typeof j.exit_code === "number" ? decodeWaitStatus(j.exit_code) : null,
    comment: j.comment ?? "",
    user: j.user_name ?? "",
    nodes: expandHostlist(j.nodes),
    submittedAt: epoch(j.submit_time),
    startedAt: epoch(j.start_time),
    endedAt: epoch(j.end_time),
    reason: words(j.state_reason, j.state_description),
  };
}

/**
 * slurmdbd's exit code. Beware: 22.05.8's dbv0.0.38 reports `SUCCESS`/0 for a script that exited 3
 * (sacct says 3:0); only deaths by signal come through reliably.
 */
function readDbdExit(e: DbdJob["exit_code"]): JobExit | null {
  if (!e) return null;
  if (e.status === "SIGNALED" && typeof e.signal?.signal_id === "number") return { code: null, signal: e.signal.signal_id };
  return typeof e.return_code === "number" ? { code: e.return_code, signal: null } : null;
}

function readDbdJob(j: DbdJob): SlurmJobRecord {
  if (typeof j.job_id !== "number" || typeof j.state?.current !== "string") malformed("accounting job without job_id or state");
  return {
    jobId: String(j.job_id),
    state: j.state.current,
    exit: readDbdExit(j.exit_code),
    comment: j.comment?.job ?? "",
    user: j.user ?? "",
    // slurmdbd writes "None assigned" for a job that never got nodes.
    nodes: j.nodes && j.nodes !== "None assigned" ? expandHostlist(j.nodes) : [],
    submittedAt: epoch(j.time?.submission),
    startedAt: epoch(j.time?.start),
    endedAt: epoch(j.time?.end),
    reason: words(j.state.reason),
  };
}

function readAssociation(a: DbdAssociation): SlurmAssociationRecord {
  if (typeof a.account !== "string") malformed("association without account");
  const gpuMinutes: Record<string, number> = {};
  for (const t of a.max?.tres?.group?.minutes ?? []) {
    const m = /^gpu:(.+)$/.exec(t.name ?? "");
    if (t.type === "gres" && m?.[1] && typeof t.count === "number") gpuMinutes[m[1]] = t.count;
  }
  return { account: a.account, user: a.user || null, parentAccount: a.parent_account || null, gpuMinutes };
}

/** GrpTRESMins as dbv0.0.38's TRES list; slurmdbd looks each up by type and name. */
function gpuMinutesList(gpuMinutes: Readonly<Record<string, number>>): { type: string; name: string; count: number }[] {
  return Object.entries(gpuMinutes).map(([type, count]) => ({ type: "gres", name: `gpu:${type}`, count }));
}

function readCtldNode(n: CtldNode): SlurmNodeRecord {
  if (typeof n.name !== "string" || typeof n.state !== "string") malformed("node without name or state");
  return {
    name: n.name,
    state: mapSlurmNodeState(n.state, n.state_flags ?? []),
    gpus: parseGpuGres(n.gres),
    reason: words(n.reason),
  };
}

/** slurmrestd v0.0.38 (Slurm 22.05). */
export const API_V0038: SlurmApiVersion = {
  name: "v0.0.38",

  ping: (): HttpCall => ({ method: "GET", path: `${SLURM}/ping` }),

  submit(spec: JobSpec, extras: SubmitExtras): HttpCall {
    return {
      method: "POST",
      path: `${SLURM}/job/submit`,
      body: {
        script: spec.script,
        job: {
          name: spec.name,
          account: spec.account,
          ...(spec.partition === undefined ? {} : { partition: spec.partition }),
          gres: formatGpuGres(spec.gresType, spec.acceleratorsPerNode),
          nodes: spec.nodes.length,
          // v0.0.38 disables `required_nodes` ("Disabled key"); `nodelist` is sbatch's --nodelist.
          nodelist: spec.nodes.join(","),
          time_limit: timeLimitMinutes(spec.timeLimitSeconds),
          comment: extras.comment,
          // Slurm rejects a job without an environment, so there is always this one variable.
          environment: { HIGHWAY_RUN_ID: spec.runId, ...spec.environment },
          current_working_directory: extras.workingDirectory,
          ...(extras.standardOutput === undefined ? {} : { standard_output: extras.standardOutput }),
          ...(extras.standardError === undefined ? {} : { standard_error: extras.standardError }),
        },
      },
    };
  },

  readSubmit(body: unknown): string {
    const id = (body as { job_id?: unknown } | null)?.job_id;
    if (typeof id !== "number") malformed("submit answer without job_id");
    return String(id);
  },

  listJobs: (): HttpCall => ({ method: "GET", path: `${SLURM}/jobs` }),

  readJobs: (body: unknown): SlurmJobRecord[] => listOf<CtldJob>(body, "jobs").map(readCtldJob),

  signalJob(jobId: string, signal: JobSignal): HttpCall {
    // DELETE sends the signal to the whole job (KILL_FULL_JOB): batch shell and steps.
    return { method: "DELETE", path: `${SLURM}/job/${encodeURIComponent(jobId)}`, query: { signal } };
  },

  listNodes: (): HttpCall => ({ method: "GET", path: `${SLURM}/nodes` }),

  readNodes: (body: unknown): SlurmNodeRecord[] => listOf<CtldNode>(body, "nodes").map(readCtldNode),

  listAccountingJobs(days: number): HttpCall {
    // dbv0.0.38 has no comment filter and takes sacct's time syntax, not epoch seconds.
    return { method: "GET", path: `${SLURMDB}/jobs`, query: { start_time: `now-${Math.max(1, Math.ceil(days))}days`, skip_steps: "true" } };
  },

  readAccountingJobs: (body: unknown): SlurmJobRecord[] => listOf<DbdJob>(body, "jobs").map(readDbdJob),

  listAssociations: (cluster: string): HttpCall => ({ method: "GET", path: `${SLURMDB}/associations`, query: { cluster } }),

  readAssociations: (body: unknown): SlurmAssociationRecord[] => listOf<DbdAssociation>(body, "associations").map(readAssociation),

  listUsers: (): HttpCall => ({ method: "GET", path: `${SLURMDB}/users` }),

  readUsers: (body: unknown): string[] =>
    listOf<{ name: string }>(body, "users").map((u) => {
      if (typeof u.name !== "string") malformed("user without name");
      return u.name;
    }),

  addAccounts: (accounts): HttpCall => ({
    method: "POST",
    path: `${SLURMDB}/accounts`,
    body: { accounts: accounts.map((a) => ({ name: a.name, description: a.description, organization: a.organization })) },
  }),

  addAccountAssociation(cluster, account, parent, gpuMinutes): HttpCall {
    // `user` must be JSON null for an account's own association: "" makes 22.05 add a broken,
    // parentless association (a user association with an empty user name).
    const max = Object.keys(gpuMinutes).length === 0 ? {} : { max: { tres: { group: { minutes: gpuMinutesList(gpuMinutes) } } } };
    return { method: "POST", path: `${SLURMDB}/associations`, body: { associations: [{ account, cluster, parent_account: parent, user: null, ...max }] } };
  },

  addUsers: (names): HttpCall => ({ method: "POST", path: `${SLURMDB}/users`, body: { users: names.map((name) => ({ name })) } }),

  addUserAssociations: (cluster, members): HttpCall => ({
    method: "POST",
    path: `${SLURMDB}/associations`,
    body: { associations: members.map((m) => ({ account: m.account, cluster, user: m.user })) },
  }),

  removeUserAssociation: (cluster, account, user): HttpCall => ({ method: "DELETE", path: `${SLURMDB}/association`, query: { cluster, account, user } }),

  // Verified on 22.05.8: POST /associations for an existing account association (user null or "")
  // answers success and changes nothing; sacctmgr's `modify account` does it.
  setAccountLimits: (): HttpCall | null => null,

  isEmptyAccountingAnswer: (errors) => errors.length > 0 && errors.every((e) => /nothing found/i.test(`${e.error} ${e.description ?? ""}`)),
};
