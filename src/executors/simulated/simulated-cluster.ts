/**
 * The simulated adapter of the ClusterExecutor port: one virtual Slurm cluster whose jobs run on an
 * injected Clock. Nothing runs by itself: there are no timers, and the cluster's state is brought up
 * to `clock.now()` lazily whenever it is asked or changed. Settling replays job ends in (time,
 * sequence) order from a min-heap; each end frees accelerators and starts the pending jobs that now
 * fit, in submission order, at the instant of that end. A call costs O(k log j) for k jobs ending
 * since the last call among j running, plus a pass over the pending jobs when something frees up.
 *
 * Nodes are not expanded: a node's name (`<cluster>-n00001`, numbered across the pools as
 * `expandFleet` does) maps to its pool by arithmetic, and only nodes that hold jobs, are drained or
 * are down carry state. `inventory()` alone lists every node.
 */
import type { Clock } from "../../domain/clock.js";
import { EventQueue } from "../../sim/event-queue.js";
import { formatLimits, planAccountSync, type ClusterAccount } from "../account-sync.js";
import type { AccountSpec, AccountSyncReport, ClusterExecutor, JobOutput, JobSpec, JobState, JobStatus, NodeInventory, Submission } from "../cluster-executor.js";
import { SimulatedSubmitError } from "./simulated-submit-error.js";

/** A pool of identical nodes; its GRES type is the fleet file's model key, e.g. `h100-sxm`. */
export interface SimulatedPool {
  readonly model: string;
  readonly nodes: number;
  readonly acceleratorsPerNode: number;
}

/** What a simulated cluster is made of. */
export interface SimulatedClusterOptions {
  readonly clusterId: string;
  readonly pools: readonly SimulatedPool[];
  readonly clock: Clock;
}

interface Job {
  readonly spec: JobSpec;
  readonly jobId: string;
  readonly nodeIndexes: readonly number[];
  readonly submittedAt: number;
  startedAt: number | null;
  /** When a running job ends and in which state, unless something ends it sooner. */
  plannedEnd: number | null;
  plannedState: JobState;
  endedAt: number | null;
  state: JobState;
  reason: string | null;
}

interface NodeState {
  allocated: number;
  drainReason: string | null;
  downReason: string | null;
}

/** The parent account of a simulated cluster's accounts. */
const SIMULATED_PARENT = "highway";

const ENDED: ReadonlySet<JobState> = new Set(["succeeded", "failed", "cancelled", "timeout", "node_fail", "preempted"]);

/** One virtual Slurm cluster of a fleet, driven by an injected clock. */
export class SimulatedCluster implements ClusterExecutor {
  readonly clusterId: string;
  readonly #pools: readonly SimulatedPool[];
  /** Index of the first node of each pool, plus the node count at the end. */
  readonly #poolStarts: readonly number[];
  readonly #clock: Clock;
  readonly #nodes = new Map<number, NodeState>();
  readonly #byRun = new Map<string, Job>();
  readonly #byJobId = new Map<string, Job>();
  readonly #ends = new EventQueue<Job>();
  readonly #running = new Set<Job>();
  #pending: Job[] = [];
  #nextJobId = 1;
  #settledTo: number;
  /** The accounts of the last syncAccounts; until one, any account is accepted. */
  #accounts: Map<string, ClusterAccount> | null = null;

  constructor(options: SimulatedClusterOptions) {
    this.clusterId = options.clusterId;
    this.#pools = options.pools.map((p) => ({ ...p }));
    const starts = [0];
    for (const pool of this.#pools) starts.push(starts[starts.length - 1]! + pool.nodes);
    this.#poolStarts = starts;
    this.#clock = options.clock;
    this.#settledTo = options.clock.now().getTime();
  }

  /** How many nodes the cluster has. */
  get nodeCount(): number {
    return this.#poolStarts[this.#poolStarts.length - 1]!;
  }

  async submit(spec: JobSpec): Promise<Submission> {
    const existing = this.#byRun.get(spec.runId);
    if (existing) return { jobId: existing.jobId, adopted: true };
    const now = this.#settle();
    const nodeIndexes = this.#validate(spec);
    const job: Job = {
      spec: { ...spec, nodes: [...spec.nodes], environment: { ...spec.environment } },
      jobId: String(this.#nextJobId++),
      nodeIndexes,
      submittedAt: now,
      startedAt: null,
      plannedEnd: null,
      plannedState: "succeeded",
      endedAt: null,
      state: "pending",
      reason: null,
    };
    this.#byRun.set(spec.runId, job);
    this.#byJobId.set(job.jobId, job);
    this.#pending.push(job);
    this.#startPending(now);
    return { jobId: job.jobId, adopted: false };
  }

  async cancel(runId: string, options?: { readonly graceSeconds?: number }): Promise<void> {
    const now = this.#settle();
    const job = this.#byRun.get(runId);
    if (!job || ENDED.has(job.state)) return;
    if (job.state === "pending") {
      this.#pending = this.#pending.filter((j) => j !== job);
      this.#end(job, now, "cancelled", "cancelled while pending");
      return;
    }
    const grace = Math.max(0, options?.graceSeconds ?? 0) * 1000;
    if (grace === 0) {
      this.#end(job, now, "cancelled", "cancelled");
      this.#startPending(now);
      return;
    }
    // SIGTERM now, SIGKILL after the grace: the job ends cancelled at now + grace unless it was going
    // to end sooner on its own, in which case it keeps that end.
    const killAt = now + grace;
    if (job.plannedEnd === null || killAt < job.plannedEnd) {
      job.plannedEnd = killAt;
      job.plannedState = "cancelled";
      this.#ends.push(killAt, job);
    }
    job.reason = `cancel requested; killed at ${new Date(killAt).toISOString()} unless it ends first`;
  }

  /**
   * Keeps the accounts in memory, with the same plan (and report) as Slurm's. From the first sync
   * on, a job whose account is unknown, or whose user is not a member, is refused.
   */
  async syncAccounts(desired: readonly AccountSpec[]): Promise<AccountSyncReport> {
    const current = [...(this.#accounts?.values() ?? [])];
    const plan = planAccountSync(SIMULATED_PARENT, current, desired);
    const next = new Map(current.map((a) => [a.name, a]));
    for (const d of desired) next.set(d.name, { name: d.name, parent: SIMULATED_PARENT, gpuMinutes: { ...d.gpuMinutes }, users: [...d.users] });
    this.#accounts = next;
    const repairs = [
      ...plan.create.map((a) => `created account ${a.name} with GrpTRESMins ${formatLimits(a.gpuMinutes)}`),
      ...plan.setLimits.map((c) => `set GrpTRESMins of ${c.account} to ${formatLimits(c.after)} (was ${formatLimits(c.before)})`),
      ...plan.addUsers.map((m) => `added ${m.user} to ${m.account}`),
      ...plan.removeUsers.map((m) => `removed ${m.user} from ${m.account}`),
    ];
    return { created: plan.create.map((a) => a.name), updated: plan.setLimits, usersAdded: plan.addUsers, usersRemoved: plan.removeUsers, notDesired: plan.notDesired, repairs };
  }

  /** A simulated job runs no script: its output is the cluster's own account of the job. */
  async output(runId: string): Promise<JobOutput | null> {
    this.#settle();
    const job = this.#byRun.get(runId);
    if (!job) return null;
    const at = (ms: number | null): string => (ms === null ? "-" : new Date(ms).toISOString());
    const lines = [
      `simulated job ${job.jobId} of run ${runId} on ${this.clusterId}: ${job.spec.nodes.length} node(s) x ${job.spec.acceleratorsPerNode} ${job.spec.gresType} as ${job.spec.user}`,
      `submitted ${at(job.submittedAt)}, started ${at(job.startedAt)}, ended ${at(job.endedAt)}, state ${job.state}`,
    ];
    return { stdout: lines.join("\n") + "\n", stderr: job.reason === null ? "" : job.reason + "\n", truncated: false };
  }

  async status(runId: string): Promise<JobStatus | null> {
    this.#settle();
    const job = this.#byRun.get(runId);
    return job ? this.#statusOf(job) : null;
  }

  async list(): Promise<JobStatus[]> {
    this.#settle();
    return [...this.#byJobId.values()].map((job) => this.#statusOf(job));
  }

  async inventory(): Promise<NodeInventory[]> {
    this.#settle();
    const out: NodeInventory[] = [];
    this.#pools.forEach((pool, p) => {
      const start = this.#poolStarts[p]!;
      for (let i = start; i < start + pool.nodes; i++) out.push(this.#inventoryOf(i, pool));
    });
    return out;
  }

  /** Drains a node (scontrol update state=drain): running jobs finish, no new job starts on it. */
  drain(node: string, reason: string): void {
    const now = this.#settle();
    this.#nodeState(this.#requireNode(node)).drainReason = reason;
    // Nothing can start now, but pending jobs on this node should say why they wait.
    this.#startPending(now);
  }

  /** Returns a drained node to service; pending jobs waiting for it may start. */
  undrain(node: string): void {
    const now = this.#settle();
    const index = this.#requireNode(node);
    const state = this.#nodes.get(index);
    if (!state) return;
    state.drainReason = null;
    this.#forget(index, state);
    this.#startPending(now);
  }

  /** Takes a node down: every job running on it ends at once in state `node_fail`. */
  fail(node: string, reason = "Not responding"): void {
    const now = this.#settle();
    const index = this.#requireNode(node);
    this.#nodeState(index).downReason = reason;
    const victims = [...this.#running].filter((j) => j.nodeIndexes.includes(index));
    for (const job of victims) this.#end(job, now, "node_fail", `NodeFail: ${node}`);
    this.#startPending(now);
  }

  /** Brings a down node back (scontrol update state=resume); a drain on it stays. */
  recover(node: string): void {
    const now = this.#settle();
    const index = this.#requireNode(node);
    const state = this.#nodes.get(index);
    if (!state) return;
    state.downReason = null;
    this.#forget(index, state);
    this.#startPending(now);
  }

  /** Brings state up to the clock; returns the instant settled to (never earlier than before). */
  #settle(): number {
    const now = Math.max(this.#settledTo, this.#clock.now().getTime());
    while (this.#ends.peekTime() <= now) {
      const { time, event: job } = this.#ends.pop()!;
      // An entry is stale when a cancel moved the job's end or something ended it already.
      if (job.state !== "running" || job.plannedEnd !== time) continue;
      this.#end(job, time, job.plannedState, job.plannedState === "timeout" ? "TimeLimit" : job.plannedState === "cancelled" ? "cancelled after grace" : null);
      this.#startPending(time);
    }
    this.#settledTo = now;
    return now;
  }

  /** Starts, at `at`, every pending job whose nodes are up, undrained and have room, in submission order. */
  #startPending(at: number): void {
    if (this.#pending.length === 0) return;
    const still: Job[] = [];
    for (const job of this.#pending) {
      const blocker = this.#blocker(job);
      if (blocker) {
        job.reason = blocker;
        still.push(job);
        continue;
      }
      for (const i of job.nodeIndexes) this.#nodeState(i).allocated += job.spec.acceleratorsPerNode;
      const limit = job.spec.timeLimitSeconds * 1000;
      const expected = Math.round((job.spec.expectedDurationSeconds ?? job.spec.timeLimitSeconds) * 1000);
      job.state = "running";
      this.#running.add(job);
      job.reason = null;
      job.startedAt = at;
      job.plannedEnd = at + Math.min(expected, limit);
      job.plannedState = expected > limit ? "timeout" : "succeeded";
      this.#ends.push(job.plannedEnd, job);
    }
    this.#pending = still;
  }

  /** Why a pending job cannot start now, in Slurm's words, or null when it can. */
  #blocker(job: Job): string | null {
    let busy = false;
    for (const i of job.nodeIndexes) {
      const state = this.#nodes.get(i);
      if (!state) continue;
      if (state.downReason !== null || state.drainReason !== null) return "ReqNodeNotAvail";
      if (state.allocated + job.spec.acceleratorsPerNode > this.#pool(i).acceleratorsPerNode) busy = true;
    }
    return busy ? "Resources" : null;
  }

  #end(job: Job, at: number, state: JobState, reason: string | null): void {
    if (job.state === "running") {
      this.#running.delete(job);
      for (const i of job.nodeIndexes) {
        const node = this.#nodeState(i);
        node.allocated -= job.spec.acceleratorsPerNode;
        this.#forget(i, node);
      }
    }
    job.state = state;
    job.endedAt = at;
    job.plannedEnd = null;
    job.reason = reason;
  }

  /** Checks a spec as sbatch would and returns its node indexes; throws SimulatedSubmitError. */
  #validate(spec: JobSpec): number[] {
    const refuse = (rule: ConstructorParameters<typeof SimulatedSubmitError>[0], detail: string, node?: string): never => {
      throw new SimulatedSubmitError(rule, { clusterId: this.clusterId, runId: spec.runId, detail, ...(node === undefined ? {} : { node }) });
    };
    if (spec.nodes.length === 0) refuse("NODES_EMPTY", "the job names no nodes");
    if (!Number.isInteger(spec.acceleratorsPerNode) || spec.acceleratorsPerNode < 1) refuse("ACCELERATORS_INVALID", `acceleratorsPerNode ${spec.acceleratorsPerNode} is not a positive integer`);
    if (!Number.isInteger(spec.timeLimitSeconds) || spec.timeLimitSeconds < 1) refuse("TIME_LIMIT_INVALID", `time limit ${spec.timeLimitSeconds} s is not a positive integer`);
    const expected = spec.expectedDurationSeconds;
    if (expected !== undefined && !(Number.isFinite(expected) && expected >= 0)) refuse("DURATION_INVALID", `expected duration ${expected} s is not a non-negative number`);
    if (!spec.script.startsWith("#!")) refuse("SCRIPT_NOT_SHEBANG", "the script does not start with #!");
    if (spec.user === "root") refuse("USER_ROOT", "jobs never run as root");
    if (this.#accounts !== null) {
      const account = this.#accounts.get(spec.account);
      if (!account) refuse("ACCOUNT_UNKNOWN", `account ${spec.account} is not one of the cluster's accounts`);
      else if (!account.users.includes(spec.user)) refuse("USER_NOT_IN_ACCOUNT", `user ${spec.user} is not a member of account ${spec.account}`);
    }
    const seen = new Set<number>();
    for (const node of spec.nodes) {
      const index = this.#nodeIndex(node);
      if (index === null) return refuse("NODE_NOT_IN_CLUSTER", `node ${node} is not in this cluster`, node);
      if (seen.has(index)) refuse("NODE_DUPLICATED", `node ${node} is named twice`, node);
      seen.add(index);
      const pool = this.#pool(index);
      if (pool.model !== spec.gresType) refuse("GRES_TYPE_MISMATCH", `node ${node} has gpu:${pool.model}, not gpu:${spec.gresType}`, node);
      if (spec.acceleratorsPerNode > pool.acceleratorsPerNode) {
        refuse("ACCELERATORS_EXCEED_NODE", `node ${node} has ${pool.acceleratorsPerNode} accelerators, the job asks for ${spec.acceleratorsPerNode}`, node);
      }
    }
    return [...seen];
  }

  /** The 0-based index of a node named `<cluster>-nNNNNN` (at least five digits, as expandFleet writes), or null. */
  #nodeIndex(name: string): number | null {
    const prefix = `${this.clusterId}-n`;
    if (!name.startsWith(prefix)) return null;
    const digits = name.slice(prefix.length);
    if (!/^\d{5,}$/.test(digits)) return null;
    const n = Number(digits);
    if (String(n).padStart(5, "0") !== digits || n < 1 || n > this.nodeCount) return null;
    return n - 1;
  }

  #requireNode(name: string): number {
    const index = this.#nodeIndex(name);
    if (index === null) throw new Error(`node ${name} is not in cluster ${this.clusterId}`);
    return index;
  }

  #nodeName(index: number): string {
    return `${this.clusterId}-n${String(index + 1).padStart(5, "0")}`;
  }

  #pool(index: number): SimulatedPool {
    // Clusters have a handful of pools; a linear scan beats anything cleverer.
    for (let p = 0; p < this.#pools.length; p++) if (index < this.#poolStarts[p + 1]!) return this.#pools[p]!;
    throw new Error(`node index ${index} is outside cluster ${this.clusterId}`);
  }

  #nodeState(index: number): NodeState {
    let state = this.#nodes.get(index);
    if (!state) {
      state = { allocated: 0, drainReason: null, downReason: null };
      this.#nodes.set(index, state);
    }
    return state;
  }

  /** Drops a node's state once it is idle and in service again, so memory follows activity. */
  #forget(index: number, state: NodeState): void {
    if (state.allocated === 0 && state.drainReason === null && state.downReason === null) this.#nodes.delete(index);
  }

  #inventoryOf(index: number, pool: SimulatedPool): NodeInventory {
    const state = this.#nodes.get(index);
    const base = { name: this.#nodeName(index), gresType: pool.model, accelerators: pool.acceleratorsPerNode };
    if (!state) return { ...base, state: "idle", reason: null };
    if (state.downReason !== null) return { ...base, state: "down", reason: state.downReason };
    if (state.drainReason !== null) return { ...base, state: state.allocated > 0 ? "draining" : "drained", reason: state.drainReason };
    const busy = state.allocated === 0 ? "idle" : state.allocated >= pool.acceleratorsPerNode ? "allocated" : "mixed";
    return { ...base, state: busy, reason: null };
  }

  #statusOf(job: Job): JobStatus {
    const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
    return {
      runId: job.spec.runId,
      jobId: job.jobId,
      state: job.state,
      nodes: [...job.spec.nodes],
      submittedAt: date(job.submittedAt),
      startedAt: date(job.startedAt),
      endedAt: date(job.endedAt),
      // Only a job that exited by itself has an exit code; killed ones (timeout, cancel, node failure) have none.
      exitCode: job.state === "succeeded" ? 0 : null,
      user: job.spec.user,
      reason: job.reason,
    };
  }
}
