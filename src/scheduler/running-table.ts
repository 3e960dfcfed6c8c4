/**
 * Running workloads as rows of parallel typed arrays (struct of arrays): a row number names a
 * workload inside the state, and its nodes are a slice of one flat array. Registering a snapshot's
 * tens of thousands of running workloads then allocates no object per workload beyond the id map
 * entry, and scans (reservation walks, preemption) read dense numbers instead of chasing objects.
 * Finished rows are marked dead and reclaimed by compaction once they outnumber the live ones, so
 * a long-lived state (the simulator's) stays O(live) in memory; all operations are O(1) amortised
 * per row or node share, compaction O(rows).
 */
import type { RunningWorkload } from "./types.js";

/** Row flags. */
export const DONE = 1;
export const TERMINATING = 2;
export const PREEMPTIBLE = 4;

/** Running workloads by row; see the module comment. */
export class RunningTable {
  /** The workload of each row; undefined once it has finished. */
  w: (RunningWorkload | undefined)[] = [];
  partition = new Int32Array(1024);
  /** startedAt + timeLimitSeconds. */
  end = new Float64Array(1024);
  started = new Float64Array(1024);
  tier = new Float64Array(1024);
  total = new Int32Array(1024);
  flags = new Uint8Array(1024);
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
  add(w: RunningWorkload, partition: number, at: ArrayLike<number>, total: number): number {
    const r = this.rows;
    if (r === this.partition.length) this.#growRows(r * 2);
    const k = w.nodes.length;
    if (this.slots + k > this.nodes.length) this.#growSlots(Math.max(this.nodes.length * 2, this.slots + k));
    const s = this.slots;
    for (let j = 0; j < k; j++) {
      this.nodes[s + j] = at[j]!;
      this.perNode[s + j] = w.nodes[j]!.accelerators;
    }
    this.slots = s + k;
    this.w.push(w);
    this.partition[r] = partition;
    this.end[r] = w.startedAt + w.timeLimitSeconds;
    this.started[r] = w.startedAt;
    this.tier[r] = w.priorityTier;
    this.total[r] = total;
    this.flags[r] = (w.terminating === true ? TERMINATING : 0) | (w.preemptible ? PREEMPTIBLE : 0);
    this.first[r] = s;
    this.count[r] = k;
    this.rows = r + 1;
    this.live++;
    return r;
  }

  /** Marks a row finished. */
  kill(r: number): void {
    this.flags[r]! |= DONE;
    this.w[r] = undefined;
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
      this.w[to] = this.w[r];
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
    this.w.length = to;
    this.rows = to;
    this.slots = slot;
    return map;
  }

  #growRows(n: number): void {
    this.partition = grow(this.partition, n);
    this.end = grow(this.end, n);
    this.started = grow(this.started, n);
    this.tier = grow(this.tier, n);
    this.total = grow(this.total, n);
    this.flags = grow(this.flags, n);
    this.first = grow(this.first, n);
    this.count = grow(this.count, n);
  }

  #growSlots(n: number): void {
    this.nodes = grow(this.nodes, n);
    this.perNode = grow(this.perNode, n);
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
