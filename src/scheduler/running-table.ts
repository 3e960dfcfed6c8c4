/**
 * Running workloads as rows of parallel typed arrays (struct of arrays): a row number names a
 * workload inside the state, and its nodes are a slice of one flat array. Registering a snapshot's
 * tens of thousands of running workloads then allocates no object per workload beyond the id map
 * entry, and scans (reservation walks, preemption) read dense numbers instead of chasing objects.
 * Finished rows are marked dead and reclaimed by compaction once they outnumber the live ones, so
 * a long-lived state (the simulator's) stays O(live) in memory; all operations are O(1) amortised
 * per row or node share, compaction O(rows).
 */
import type { PendingWorkload, RunningWorkload } from "./types.js";
import { grown } from "./typed-columns.js";

/** Row flags. */
export const DONE = 1;
export const TERMINATING = 2;
export const PREEMPTIBLE = 4;
/** Placed by a cycle of this state: its source is the pending workload (see RunningTable.src). */
export const PLACED = 8;

/** Running workloads by row; see the module comment. */
export class RunningTable {
  /**
   * The source of each row: the running workload of a snapshot (or of addRunning), or, for a
   * workload placed by a cycle (flag PLACED), its pending workload, from which the state builds
   * a RunningWorkload only when one is asked for; undefined once it has finished. As long as the
   * typed columns (room reserved alike: undefined past the rows used).
   */
  src = new Array<RunningWorkload | PendingWorkload | undefined>(1024);
  partition = new Int32Array(1024);
  /** startedAt + timeLimitSeconds. */
  end = new Float64Array(1024);
  started = new Float64Array(1024);
  tier = new Float64Array(1024);
  total = new Int32Array(1024);
  flags = new Uint8Array(1024);
  /** The row's queue and class numbers in the quota ledger. */
  qi = new Int32Array(1024);
  ci = new Int32Array(1024);
  /** The row's nodes are nodes[first[r] .. first[r] + count[r]), with perNode beside them. */
  first = new Int32Array(1024);
  count = new Int32Array(1024);
  nodes = new Int32Array(4096);
  perNode = new Int32Array(4096);
  /** Rows used (live and dead), and node slots used. */
  rows = 0;
  slots = 0;
  live = 0;

  /** Makes room for `rows` more rows and `slots` more node shares (a snapshot's, known up front). */
  reserve(rows: number, slots: number): void {
    if (this.rows + rows > this.partition.length) this.#growRows(this.rows + rows);
    if (this.slots + slots > this.nodes.length) this.#growSlots(this.slots + slots);
  }

  /** Appends a row; returns its number. `at[j]` is the node index of w.nodes[j]. */
  add(w: RunningWorkload, partition: number, at: ArrayLike<number>, total: number, qi: number, ci: number): number {
    const k = w.nodes.length;
    const r = this.#row(k);
    const s = this.first[r]!;
    for (let j = 0; j < k; j++) {
      this.nodes[s + j] = at[j]!;
      this.perNode[s + j] = w.nodes[j]!.accelerators;
    }
    this.src[r] = w;
    this.#fill(r, partition, w.startedAt, w.timeLimitSeconds, w.priorityTier, total, (w.terminating === true ? TERMINATING : 0) | (w.preemptible ? PREEMPTIBLE : 0), qi, ci);
    return r;
  }

  /**
   * Appends the row of a placement of `p`: `perNode` accelerators on each of `at`, from
   * `startedAt`. Its time limit, tier and preemptibility are passed (the pending book's copies),
   * so that `p` itself is not read.
   */
  addPlaced(p: PendingWorkload, limit: number, tier: number, preemptible: boolean, partition: number, at: readonly number[], perNode: number, startedAt: number, qi: number, ci: number): number {
    const k = at.length;
    const r = this.#row(k);
    const s = this.first[r]!;
    for (let j = 0; j < k; j++) {
      this.nodes[s + j] = at[j]!;
      this.perNode[s + j] = perNode;
    }
    this.src[r] = p;
    this.#fill(r, partition, startedAt, limit, tier, perNode * k, PLACED | (preemptible ? PREEMPTIBLE : 0), qi, ci);
    return r;
  }

  /** The workload id of a row. */
  idOf(r: number): string {
    return this.src[r]!.id;
  }

  /** The queue id of a row. */
  queueOf(r: number): string {
    return this.src[r]!.queue;
  }

  /** Starts a row with `k` node slots; returns its number. */
  #row(k: number): number {
    const r = this.rows;
    if (r === this.partition.length) this.#growRows(r * 2);
    if (this.slots + k > this.nodes.length) this.#growSlots(Math.max(this.nodes.length * 2, this.slots + k));
    this.first[r] = this.slots;
    this.count[r] = k;
    this.slots += k;
    this.rows = r + 1;
    this.live++;
    return r;
  }

  #fill(r: number, partition: number, startedAt: number, timeLimit: number, tier: number, total: number, flags: number, qi: number, ci: number): void {
    this.partition[r] = partition;
    this.end[r] = startedAt + timeLimit;
    this.started[r] = startedAt;
    this.tier[r] = tier;
    this.total[r] = total;
    this.flags[r] = flags;
    this.qi[r] = qi;
    this.ci[r] = ci;
  }

  /** Marks a row finished. */
  kill(r: number): void {
    this.flags[r]! |= DONE;
    this.src[r] = undefined;
    this.live--;
  }

  /** Whether compaction is due: dead rows outnumber live ones (and are many). */
  get compactionDue(): boolean {
    const dead = this.rows - this.live;
    return dead > 1024 && dead > this.live;
  }

  /** Drops dead rows, keeping order; returns old row -> new row (-1 for dead ones). */
  compact(): Int32Array {
    const map = new Int32Array(this.rows).fill(-1);
    let to = 0;
    let slot = 0;
    for (let r = 0; r < this.rows; r++) {
      if ((this.flags[r]! & DONE) !== 0) continue;
      map[r] = to;
      const f = this.first[r]!;
      const k = this.count[r]!;
      this.nodes.copyWithin(slot, f, f + k);
      this.perNode.copyWithin(slot, f, f + k);
      this.src[to] = this.src[r];
      this.qi[to] = this.qi[r]!;
      this.ci[to] = this.ci[r]!;
      this.partition[to] = this.partition[r]!;
      this.end[to] = this.end[r]!;
      this.started[to] = this.started[r]!;
      this.tier[to] = this.tier[r]!;
      this.total[to] = this.total[r]!;
      this.flags[to] = this.flags[r]!;
      this.first[to] = slot;
      this.count[to] = k;
      slot += k;
      to++;
    }
    this.src.fill(undefined, to, this.rows);
    this.rows = to;
    this.slots = slot;
    return map;
  }

  #growRows(n: number): void {
    const src = new Array<RunningWorkload | PendingWorkload | undefined>(n);
    for (let r = 0; r < this.rows; r++) src[r] = this.src[r];
    this.src = src;
    this.partition = grown(this.partition, n);
    this.end = grown(this.end, n);
    this.started = grown(this.started, n);
    this.tier = grown(this.tier, n);
    this.total = grown(this.total, n);
    this.flags = grown(this.flags, n);
    this.qi = grown(this.qi, n);
    this.ci = grown(this.ci, n);
    this.first = grown(this.first, n);
    this.count = grown(this.count, n);
  }

  #growSlots(n: number): void {
    this.nodes = grown(this.nodes, n);
    this.perNode = grown(this.perNode, n);
  }
}
