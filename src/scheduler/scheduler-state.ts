/**
 * The scheduler's working state and its cycle. One cycle visits pending workloads in policy order
 * (fair share: a min-heap of queues keyed by (decayed usage rate + allocation) / weight, O(log
 * queues) per visit; Slurm multifactor: one sort; FIFO: submission order) and, for each, checks
 * quota (O(1), quota-ledger.ts) and searches a gang placement on the free-capacity index
 * (placement.ts). A failed request shape is remembered on its plan for the rest of the cycle,
 * since capacity only shrinks within a cycle, so most blocked workloads cost one array read. The top blocked
 * workloads get reservations: a walk over running workloads by the end of their time limits finds
 * when and where they fit, and the free part of those nodes is held; later workloads use held
 * capacity only if their time limit ends before the reservation starts (backfill). Preemption then
 * looks, for a bounded number of blocked workloads, for the fewest borrowed or preemptible
 * workloads past their minimum runtime whose release lets the gang fit, walking one victim order
 * per partition and cycle (victim-order.ts). A cycle costs O(pending x log queues + placements x
 * pod size + (reservations + preemptors) x running).
 *
 * Pending and running workloads are rows of typed arrays (pending-book.ts, running-table.ts,
 * whose rows running-lists.ts lists by partition, end and id; reservations in reservations.ts),
 * queues and classes have dense numbers (quota-ledger.ts; fair-share usage by number in
 * queue-usage.ts), and the id indexes are built only when a caller first looks a workload up by
 * id: loading a snapshot allocates no object per workload and hashes only node names (to place
 * its running workloads), O(nodes + running + pending log pending). The visiting orders are in
 * visit-order.ts, request plans in request-plan.ts.
 *
 * The state persists between cycles so that a simulator (or the control loop) can apply arrivals
 * and completions incrementally; `schedule()` in schedule.ts builds a fresh one from a snapshot.
 */
import { Cycle } from "./cycle.js";
import { FleetIndex } from "./fleet-index.js";
import { PendingBook } from "./pending-book.js";
import type { NodeChoice } from "./placement.js";
import type { SchedulerPolicy } from "./policy.js";
import { QueueUsage } from "./queue-usage.js";
import { QuotaLedger } from "./quota-ledger.js";
import { buildPlan } from "./request-plan.js";
import type { RequestPlan } from "./request-plan.js";
import { Reservations } from "./reservations.js";
import { RunningLists } from "./running-lists.js";
import { PLACED, RunningTable, TERMINATING } from "./running-table.js";
import { fullOrder, subsetOrder } from "./visit-order.js";
import type {
  CohortSnapshot,
  Decisions,
  NodeSnapshot,
  PendingWorkload,
  QueueSnapshot,
  RunningWorkload,
  WaitClauses,
  WaitCode,
} from "./types.js";

/** Options of one cycle. */
export interface CycleOptions {
  /**
   * Skip the reasons of workloads a stopped FIFO cycle never looked at (the simulator's setting;
   * the control loop wants every reason).
   */
  readonly lean?: boolean;
}

interface Failure {
  readonly code: WaitCode;
  /** English, rendered from `clauses` (waiting-reason-text.ts). */
  readonly reason: string;
  readonly clauses: WaitClauses;
  /** Capacity or topology: a reservation or preemption might help. */
  readonly capacity: boolean;
}

const LN2 = Math.log(2);

/** Mutable scheduler state; see the module comment. */
export class SchedulerState {
  readonly policy: SchedulerPolicy;
  readonly index: FleetIndex;
  readonly ledger: QuotaLedger;
  /** The reservations in force (reservations.ts). */
  readonly reservations: Reservations;
  readonly pending: PendingBook;
  readonly #queues = new Map<string, QueueSnapshot>();
  /** Decayed usage and accelerators held per queue number: a placement updates them without hashing the queue id. */
  readonly #usage: QueueUsage;
  /** Each partition's class number in the quota ledger. */
  readonly #partClass: number[] = [];
  /** Running workloads as rows (running-table.ts), and their lists (running-lists.ts). */
  readonly runs = new RunningTable();
  readonly lists = new RunningLists(this.runs);
  /** Plans by the pending book's request target number, then shape (no key string is built per visit). */
  readonly #plans: (Map<number, number> | undefined)[] = [];
  /** The plans by number (the pending book's `plan` column holds a row's number plus one). */
  readonly #planList: RequestPlan[] = [];
  /**
   * The ledger's class numbering, made once: an arrow written inside plan() would capture `this`,
   * and V8 then allocates a context on every call of plan() (100,000 a cycle), not only on a miss.
   */
  readonly #classIndex = (cls: string): number => this.ledger.classIndex(cls);
  /** Whether a workload is still pending (made once, for the same reason as #classIndex). */
  readonly #isPending = (id: string): boolean => this.pending.get(id) !== undefined;
  /** Node indexes of the workload being registered (reused: registering allocates no array). */
  #at = new Int32Array(64);

  constructor(nodes: readonly NodeSnapshot[], queues: readonly QueueSnapshot[], _cohorts: readonly CohortSnapshot[], policy: SchedulerPolicy) {
    this.policy = policy;
    this.#usage = new QueueUsage(policy.fairShareHalfLifeSeconds);
    this.index = new FleetIndex(nodes);
    this.reservations = new Reservations(this.index);
    for (const q of queues) {
      if (!(q.weight > 0)) throw new Error(`queue ${q.id} needs a positive weight`);
      this.#queues.set(q.id, q);
    }
    this.ledger = new QuotaLedger(this.#queues);
    this.pending = new PendingBook((queue) => this.ledger.queueIndex(queue));
    for (const q of queues) {
      this.ledger.track(q);
      this.ledger.registerQueue(q);
      this.#usage.set(this.ledger.queueIndex(q.id), q.decayedUsage, q.usageAsOf);
    }
    for (const part of this.index.partitions) this.#partClass.push(this.ledger.classIndex(part.acceleratorClass));
  }

  /** Adds or replaces a queue (its decayed usage too). */
  setQueue(q: QueueSnapshot): void {
    const known = this.#queues.has(q.id);
    this.#queues.set(q.id, q);
    this.ledger.track(q);
    this.#usage.set(this.ledger.queueIndex(q.id), q.decayedUsage, q.usageAsOf);
    if (!known) this.ledger.registerQueue(q);
  }

  /** Updates a queue's decayed usage. */
  setUsage(queue: string, usage: number, asOf: number): void {
    this.#usage.set(this.ledger.queueIndex(queue), usage, asOf);
  }

  /** Accelerators a queue holds now. */
  allocated(queue: string): number {
    return this.#usage.allocated(this.ledger.queueIndex(queue));
  }

  /** Number of running workloads. */
  get runningCount(): number {
    return this.runs.live;
  }

  /** The running workload of an id. */
  running(id: string): RunningWorkload | undefined {
    const r = this.lists.row(id);
    return r === undefined ? undefined : this.workload(r);
  }

  /**
   * Registers a running workload. `allocate`: take its accelerators from the index (false when
   * the snapshot's free counts already exclude them). `at`: the index of each of its nodes, when
   * the caller already knows them (a placement), saving a lookup by name per node.
   */
  addRunning(w: RunningWorkload, allocate: boolean, at?: readonly number[]): void {
    const qi = this.ledger.queueIndex(w.queue);
    const r = this.#register(w, allocate, qi, at);
    this.lists.list(r, w.id);
    const total = this.runs.total[r]!;
    const ci = this.runs.ci[r]!;
    // A snapshot's decayed usage already covers its running workloads; a new start accrues first.
    if (allocate) this.#usage.accrue(qi, w.startedAt);
    this.ledger.addAt(qi, ci, total);
    this.#usage.addAlloc(qi, total);
  }

  /**
   * @internal Registers the placement of pending row `p` in this cycle, as addRunning would its
   * RunningWorkload, without building one (running() and finish() build it when asked) or reading
   * the workload object (the book's columns have what a row needs).
   */
  addPlaced(p: number, choice: NodeChoice, now: number): void {
    const index = this.index;
    const book = this.pending;
    for (const i of choice.nodes) index.allocate(i, choice.perNode);
    const qi = book.qi[p]!;
    const ci = this.#partClass[choice.partition]!;
    const r = this.runs.addPlaced(book.w[p]!, book.limit[p]!, book.tier[p]!, book.preemptible[p] === 1, choice.partition, choice.nodes, choice.perNode, now, qi, ci);
    this.lists.list(r, book.id[p]!);
    this.#usage.accrue(qi, now);
    const total = this.runs.total[r]!;
    this.ledger.addAt(qi, ci, total);
    this.#usage.addAlloc(qi, total);
  }

  /** @internal The RunningWorkload of a row (built for a placement of this state). */
  workload(r: number): RunningWorkload {
    const runs = this.runs;
    const src = runs.src[r]!;
    if ((runs.flags[r]! & PLACED) === 0) return src as RunningWorkload;
    const p = src as PendingWorkload;
    const part = this.index.partitions[runs.partition[r]!]!;
    const nodes: { node: string; accelerators: number }[] = [];
    for (let j = runs.first[r]!; j < runs.first[r]! + runs.count[r]!; j++) nodes.push({ node: this.index.nodeIds[runs.nodes[j]!]!, accelerators: runs.perNode[j]! });
    // The fields, in this order, of the object a placement registered before rows existed.
    return {
      id: p.id,
      queue: p.queue,
      acceleratorClass: part.acceleratorClass,
      model: part.model,
      nodes,
      startedAt: runs.started[r]!,
      timeLimitSeconds: p.timeLimitSeconds,
      priorityTier: p.priorityTier,
      preemptible: p.preemptible,
    };
  }

  /**
   * Registers a snapshot's running workloads, as addRunning(w, false) for each. Quota usage and
   * allocations are summed per queue and class first: the ledger's sums telescope, so one add
   * per pair leaves them exactly as one add per workload would.
   */
  addSnapshotRunning(list: readonly RunningWorkload[]): void {
    if (list.length > 0 && this.runs.live === 0) this.lists.lazyWalks = true;
    // Into a fresh state (the usual case) rows are listed once all are in, each list at its final size.
    const fresh = this.lists.untouched;
    // Room for this cycle's placements too (node shares estimated: most workloads use one node),
    // so that the arrays are rarely copied while it runs.
    this.runs.reserve(list.length + (list.length >> 1), 2 * list.length);
    // Sums by [queue number][class number]; a workload's class is usually its partition's.
    const sums: number[][] = [];
    let lastQueue: string | undefined;
    let qi = -1;
    for (let k = 0; k < list.length; k++) {
      const w = list[k]!;
      if (w.queue !== lastQueue) {
        lastQueue = w.queue;
        qi = this.ledger.queueIndex(w.queue);
      }
      const r = this.#register(w, false, qi);
      if (!fresh) this.lists.list(r, w.id);
      const ci = this.runs.ci[r]!;
      const byClass = (sums[qi] ??= []);
      byClass[ci] = (byClass[ci] ?? 0) + this.runs.total[r]!;
    }
    if (fresh) this.lists.listAll(this.index.partitions.length);
    sums.forEach((byClass, q) =>
      byClass.forEach((total, c) => {
        this.ledger.addAt(q, c, total);
        this.#usage.addAlloc(q, total);
      }),
    );
  }

  /** The quota-ledger number of a running workload's class (its partition's, looked up otherwise). */
  #classOf(partition: number, w: RunningWorkload): number {
    const part = this.index.partitions[partition];
    return part !== undefined && part.acceleratorClass === w.acceleratorClass ? this.#partClass[partition]! : this.ledger.classIndex(w.acceleratorClass);
  }

  /** Indexes a running workload (all but quota, allocation and the lists); returns its row. */
  #register(w: RunningWorkload, allocate: boolean, qi: number, at?: readonly number[]): number {
    const index = this.index;
    const shares = w.nodes;
    if (shares.length > this.#at.length) this.#at = new Int32Array(shares.length * 2);
    const nodes = this.#at;
    let total = 0;
    for (let j = 0; j < shares.length; j++) {
      const share = shares[j]!;
      const i = at ? at[j] : index.nodeByName.get(share.node);
      if (i === undefined) throw new Error(`workload ${w.id} runs on unknown node ${share.node}`);
      if (allocate) index.allocate(i, share.accelerators);
      nodes[j] = i;
      total += share.accelerators;
    }
    const partition = shares.length > 0 ? (index.partitionOf[nodes[0]!] ?? 0) : 0;
    return this.runs.add(w, partition, nodes, total, qi, this.#classOf(partition, w));
  }

  /** Removes a running workload (finished, failed or preempted) at `now` and frees its accelerators. */
  finish(id: string, now: number): RunningWorkload {
    const r = this.lists.unlist(id);
    const runs = this.runs;
    const w = this.workload(r);
    const qi = runs.qi[r]!;
    this.#usage.accrue(qi, now);
    const f = runs.first[r]!;
    for (let j = f; j < f + runs.count[r]!; j++) this.index.release(runs.nodes[j]!, runs.perNode[j]!);
    const total = runs.total[r]!;
    this.ledger.addAt(qi, runs.ci[r]!, -total);
    this.#usage.addAlloc(qi, -total);
    runs.kill(r);
    if (runs.compactionDue) this.lists.renumber(runs.compact());
    return w;
  }

  /**
   * One scheduling cycle at `now`. With `only`, an incremental cycle: only those pending workloads
   * are considered and the reservations of the last full cycle stay in force.
   */
  cycle(now: number, only?: readonly PendingWorkload[], options: CycleOptions = {}): Decisions {
    // Rows are renumbered only between cycles (a cycle's order holds row numbers).
    this.pending.compactIfDue();
    // Full cycles recompute reservations older than the refresh interval; younger ones stay in force.
    if (!only) this.reservations.releaseStale(now, this.policy.reservationRefreshSeconds, this.#isPending);
    const run = new Cycle(this, now);
    const order = only ? subsetOrder(this, only, now) : fullOrder(this, now);
    // A full order visits each pending workload once; a subset may name one twice.
    const unique = !only || only.length < 2 || new Set(only.map((w) => w.id)).size === only.length;
    run.visit(order, only ? only.length : this.pending.size, options.lean === true, unique);
    if (this.policy.preemption.enabled) run.preempt();
    this.lists.lazyWalks = false;
    return run.decisions();
  }

  // --- internals used by Cycle -------------------------------------------------------------

  /**
   * @internal The plan of a pending entry's request shape (partitions and shapes do not change),
   * shared by all entries of that shape and cached on the entry.
   */
  plan(r: number): RequestPlan {
    const book = this.pending;
    const known = book.plan[r]!;
    if (known !== 0) return this.#planList[known - 1]!;
    const target = book.target[r]!;
    let byShape = this.#plans[target];
    if (byShape === undefined) {
      while (this.#plans.length < target) this.#plans.push(undefined);
      this.#plans[target] = byShape = new Map();
    }
    const n = book.n[r]!;
    const perNode = book.perNode[r]!;
    const shapeKey = n * 4096 + (Number.isNaN(perNode) ? 0 : perNode);
    let k = byShape.get(shapeKey);
    if (k === undefined) {
      const w = book.w[r]!;
      const req = w.request;
      const name = req.kind === "any-gpu" ? "*" : `${req.kind === "model" ? "m" : "c"}:${req.name}`;
      k = this.#planList.push(buildPlan(this.index, w, `${name}|${n}|${Number.isNaN(perNode) ? "" : perNode}`, this.#classIndex)) - 1;
      byShape.set(shapeKey, k);
    }
    book.plan[r] = k + 1;
    return this.#planList[k]!;
  }

  /** @internal */ queueSnapshot(id: string): QueueSnapshot | undefined {
    return this.#queues.get(id);
  }

  /** @internal The queues by id. */
  get queues(): ReadonlyMap<string, QueueSnapshot> {
    return this.#queues;
  }

  /** @internal Marks a row's workload as preempted (it releases its accelerators later). */
  markTerminating(r: number): void {
    this.runs.flags[r]! |= TERMINATING;
  }

  /**
   * A queue's decayed usage at `now`: the recorded usage decayed since `asOf`, plus what its
   * current allocation has used since then, decayed as it accrued (exact while the allocation is
   * constant, which holds because every change of allocation accrues first).
   */
  usageAt(queue: string, now: number): number {
    return this.usageAtIndex(this.ledger.queueIndex(queue), now);
  }

  /** @internal usageAt by the queue's number in the quota ledger. */
  usageAtIndex(qi: number, now: number): number {
    return this.#usage.at(qi, now);
  }

  /** Fair-share rate of a queue: (decayed usage as a rate + allocation) / weight. */
  share(queue: string, now: number, extra: number): number {
    return this.shareAt(this.ledger.queueIndex(queue), this.#queues.get(queue), now, extra);
  }

  /** @internal share() by the queue's number and snapshot. */
  shareAt(qi: number, q: QueueSnapshot | undefined, now: number, extra: number): number {
    const h = this.policy.fairShareHalfLifeSeconds;
    const held = this.policy.fairShareCountsAllocation ? this.#usage.allocated(qi) + extra : 0;
    return ((this.#usage.at(qi, now) * LN2) / h + held) / (q?.weight ?? 1);
  }
}

export type { Failure, NodeChoice };
