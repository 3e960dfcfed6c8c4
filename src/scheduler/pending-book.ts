/**
 * Pending workloads kept in the two orders the policies read: per queue by (priority tier desc,
 * submission, id) for fair share, and fleet-wide by (submission, id) for FIFO. A workload is a row
 * of parallel arrays (struct of arrays): the fields a visit reads (tier, submission, accelerators,
 * accelerators per node, time limit, preemptibility, request target, queue number, liveness) sit
 * in typed arrays, so loading 100,000 workloads allocates no object per workload and the garbage
 * collector never copies them; the lists hold row numbers. Insertion is a binary search (appending in the common in-order case); removal is lazy
 * (a dead mark; rows are compacted between cycles once dead ones outnumber live ones), so both are
 * amortised O(log n) plus the move.
 */
import type { AcceleratorRequest, PendingWorkload } from "./types.js";
import { sortInQueueOrder } from "./sort-in-queue-order.js";
import { grown } from "./typed-columns.js";

/** Orders workloads inside one queue: higher tier, then older, then id. */
export function compareInQueue(a: PendingWorkload, b: PendingWorkload): number {
  return b.priorityTier - a.priorityTier || a.submittedAt - b.submittedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Orders workloads by submission, then id. */
export function compareBySubmission(a: PendingWorkload, b: PendingWorkload): number {
  return a.submittedAt - b.submittedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Pending workloads by queue and by submission, as rows; see the module comment. */
export class PendingBook {
  /** The workload of each row and its id. */
  w: PendingWorkload[] = [];
  id: string[] = [];
  /**
   * The number of the row's request plan in its scheduler state, plus one; 0 until the state first
   * looks it up. A number, not the plan: a cycle sets it for 100,000 rows, and storing an object
   * in an old array costs a write barrier each.
   */
  plan = new Int32Array(256);
  /**
   * Copies of priorityTier, submittedAt, accelerators, acceleratorsPerNode (NaN: absent),
   * timeLimitSeconds and preemptible (1 or 0), so that a cycle reads no workload object.
   */
  tier = new Float64Array(256);
  at = new Float64Array(256);
  n = new Float64Array(256);
  perNode = new Float64Array(256);
  limit = new Float64Array(256);
  preemptible = new Uint8Array(256);
  /** The queue's number in the quota ledger. */
  qi = new Int32Array(256);
  /**
   * The number of the request's target (one per kind and name; 0: any GPU), read while the
   * workload is loaded, so that a cycle finds the request's plan without reading the workload.
   */
  target = new Int32Array(256);
  /** 1 while pending; 0 once removed (the row stays until compaction). */
  live = new Uint8Array(256);
  /** Rows used, live and dead. */
  rows = 0;
  /**
   * Live rows by id, built when first needed (a lookup by id, or an add that must refuse a
   * duplicate) and kept from then on. A snapshot loaded with addAll and scheduled once never
   * builds it: its ids are the control loop's primary keys, unique by construction, and hashing
   * 100,000 of them costs more than the rest of the load.
   */
  #byId: Map<string, number> | undefined;
  #byQueue = new Map<string, number[]>();
  /** Built on first use (only FIFO reads it), then kept in order by add(). */
  #global: number[] | undefined;
  #size = 0;
  #dead = 0;
  /** Target numbers of model and class names (see `target`). */
  readonly #models = new Map<string, number>();
  readonly #classes = new Map<string, number>();
  #targets = 1;
  readonly #queueIndex: (queue: string) => number;
  /** compareInQueue over rows. */
  readonly #inQueue = (a: number, b: number): number => this.tier[b]! - this.tier[a]! || this.at[a]! - this.at[b]! || this.compareIds(a, b);
  /** compareBySubmission over rows. */
  readonly compareBySubmission = (a: number, b: number): number => this.at[a]! - this.at[b]! || this.compareIds(a, b);

  /** `queueIndex` numbers queues densely (the quota ledger's numbers); rows carry theirs. */
  constructor(queueIndex: (queue: string) => number) {
    this.#queueIndex = queueIndex;
  }

  get size(): number {
    return this.#size;
  }

  /** Orders rows by workload id. */
  compareIds(a: number, b: number): number {
    const x = this.id[a]!;
    const y = this.id[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** The pending workload of an id. */
  get(id: string): PendingWorkload | undefined {
    const r = this.row(id);
    return r === undefined ? undefined : this.w[r];
  }

  /** The live row of an id. */
  row(id: string): number | undefined {
    const r = this.#ids().get(id);
    return r !== undefined && this.live[r] === 1 ? r : undefined;
  }

  /** All pending workloads, in insertion order. */
  *workloads(): IterableIterator<PendingWorkload> {
    for (let r = 0; r < this.rows; r++) if (this.live[r] === 1) yield this.w[r]!;
  }

  /** All live rows, in insertion order. */
  liveRows(): number[] {
    const out: number[] = [];
    for (let r = 0; r < this.rows; r++) if (this.live[r] === 1) out.push(r);
    return out;
  }

  add(w: PendingWorkload): void {
    const ids = this.#ids();
    const old = ids.get(w.id);
    if (old !== undefined && this.live[old] === 1) throw new Error(`workload ${w.id} is already pending`);
    this.compactIfDue();
    const r = this.#append(w, this.#queueIndex(w.queue));
    ids.set(w.id, r);
    let list = this.#byQueue.get(w.queue);
    if (!list) this.#byQueue.set(w.queue, (list = []));
    insertSorted(list, r, this.#inQueue);
    if (this.#global) insertSorted(this.#global, r, this.compareBySubmission);
  }

  /** Bulk load, sorting once: O(n log n). Into an empty book, ids are not checked (see #byId). */
  addAll(ws: readonly PendingWorkload[]): void {
    this.compactIfDue();
    if (this.rows === 0) {
      this.#load(ws);
      return;
    }
    const ids = this.#ids();
    if (this.rows + ws.length > this.tier.length) this.#grow(this.rows + ws.length);
    const touched = new Set<number[]>();
    for (const w of ws) {
      const old = ids.get(w.id);
      if (old !== undefined && this.live[old] === 1) throw new Error(`workload ${w.id} is already pending`);
      let list = this.#byQueue.get(w.queue);
      if (!list) this.#byQueue.set(w.queue, (list = []));
      touched.add(list);
      const r = this.#append(w, this.#queueIndex(w.queue));
      ids.set(w.id, r);
      list.push(r);
      this.#global?.push(r);
    }
    for (const l of touched) l.sort(this.#inQueue);
    this.#global?.sort(this.compareBySubmission);
  }

  /**
   * Loads an empty book with rows laid out in visiting order: queue by queue, each in queue
   * order, so that the fair-share order, which takes a queue's workloads one after the other,
   * reads each array front to back instead of at random (a visit reads several arrays).
   */
  #load(ws: readonly PendingWorkload[]): void {
    const n = ws.length;
    if (n > this.tier.length) this.#grow(n);
    // Both passes read the workloads in input order and write each row where it belongs (a
    // scatter): gathering them in queue order instead read 100,000 scratch records at random, a
    // miss to memory each (about 10 ms here). The first pass reads what the sort needs into the
    // tier, submission and id columns by input position, and the second rewrites them by row:
    // no scratch copy of them. Typed arrays allocated per build are what sets off the collector
    // here (its scavenges are for external memory pressure), so a load allocates the least it can.
    // The book is empty: its object columns and queue lists are allocated at their final size, not grown by push.
    this.w = new Array<PendingWorkload>(n);
    const ids = (this.id = new Array<string>(n));
    const { tier, at } = this;
    const group = new Int32Array(n);
    const queues: string[] = [];
    const qis: number[] = [];
    const sizes: number[] = [];
    const byName = new Map<string, number>();
    let lastQueue: string | undefined;
    let g = -1;
    for (let i = 0; i < n; i++) {
      const w = ws[i]!;
      if (w.queue !== lastQueue) {
        lastQueue = w.queue;
        let known = byName.get(w.queue);
        if (known === undefined) {
          known = queues.push(w.queue) - 1;
          byName.set(w.queue, known);
          qis.push(this.#queueIndex(w.queue));
          sizes.push(0);
        }
        g = known;
      }
      group[i] = g;
      sizes[g]!++;
      ids[i] = w.id;
      tier[i] = w.priorityTier;
      at[i] = w.submittedAt;
    }
    // Group by queue (a counting sort), then each queue in queue order: `order` lists the
    // workloads by row, `rowOf` the row of each.
    const start = new Int32Array(queues.length + 1);
    for (let q = 0; q < queues.length; q++) start[q + 1] = start[q]! + sizes[q]!;
    const fill = start.slice(0, queues.length);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[fill[group[i]!]!++] = i;
    let largest = 0;
    for (let q = 0; q < queues.length; q++) largest = Math.max(largest, sizes[q]!);
    const runs = new Int32Array(largest + 1);
    const spare = new Int32Array(largest);
    for (let q = 0; q < queues.length; q++) sortInQueueOrder(order.subarray(start[q]!, start[q + 1]!), tier, at, ids, runs, spare);
    const rowOf = group; // no longer read: its room holds the rows
    for (let r = 0; r < n; r++) rowOf[order[r]!] = r;
    this.#scatter(ws, rowOf);
    for (let q = 0; q < queues.length; q++) {
      const list = new Array<number>(sizes[q]!);
      const qi = qis[q]!;
      for (let k = 0, r = start[q]!; r < start[q + 1]!; k++, r++) {
        list[k] = r;
        this.qi[r] = qi;
      }
      this.#byQueue.set(queues[q]!, list);
    }
    this.rows = n;
    this.#size += n;
    if (this.#global) this.#global = this.liveRows().sort(this.compareBySubmission);
  }

  /** #load's second pass: the row of workload i is rowOf[i]. */
  #scatter(ws: readonly PendingWorkload[], rowOf: Int32Array): void {
    for (let i = 0; i < ws.length; i++) this.#write(rowOf[i]!, ws[i]!);
  }

  /** Fills row r's columns from its workload (all but the queue number), live and with no plan yet. */
  #write(r: number, w: PendingWorkload): void {
    this.w[r] = w;
    this.id[r] = w.id;
    this.tier[r] = w.priorityTier;
    this.at[r] = w.submittedAt;
    this.n[r] = w.accelerators;
    this.perNode[r] = w.acceleratorsPerNode ?? NaN;
    this.target[r] = this.#targetOf(w.request);
    this.limit[r] = w.timeLimitSeconds;
    this.preemptible[r] = w.preemptible ? 1 : 0;
    this.plan[r] = 0;
    this.live[r] = 1;
  }

  remove(id: string): void {
    const r = this.#ids().get(id);
    if (r !== undefined && this.live[r] === 1) this.removeRow(r);
  }

  /** Removes a live row (as remove(id), without the lookup). Rows keep their numbers until compactIfDue. */
  removeRow(r: number): void {
    this.live[r] = 0;
    this.#size--;
    this.#dead++;
  }

  /** Each queue's rows in queue order, possibly holding removed rows: skip those not live. */
  rawByQueue(): ReadonlyMap<string, readonly number[]> {
    return this.#byQueue;
  }

  /** The fleet-wide rows by submission, possibly holding removed rows (see rawByQueue). */
  rawBySubmission(): readonly number[] {
    this.#global ??= this.liveRows().sort(this.compareBySubmission);
    return this.#global;
  }

  /** The live workloads of each queue in queue order (a fresh array per queue). */
  queues(): Map<string, PendingWorkload[]> {
    const out = new Map<string, PendingWorkload[]>();
    for (const [q, list] of this.#byQueue) {
      const live = list.filter((r) => this.live[r] === 1).map((r) => this.w[r]!);
      if (live.length > 0) out.set(q, live);
    }
    return out;
  }

  /** Live workloads by submission. */
  bySubmission(): PendingWorkload[] {
    return this.rawBySubmission()
      .filter((r) => this.live[r] === 1)
      .map((r) => this.w[r]!);
  }

  /**
   * Drops removed rows once they outnumber live ones, renumbering the rest (order kept). Only
   * between cycles: a cycle's visiting order holds row numbers.
   */
  compactIfDue(): void {
    if (this.#dead <= 64 || this.#dead <= this.#size) return;
    const map = new Int32Array(this.rows).fill(-1);
    let to = 0;
    for (let r = 0; r < this.rows; r++) {
      if (this.live[r] !== 1) continue;
      map[r] = to;
      this.w[to] = this.w[r]!;
      this.id[to] = this.id[r]!;
      this.plan[to] = this.plan[r]!;
      this.tier[to] = this.tier[r]!;
      this.at[to] = this.at[r]!;
      this.n[to] = this.n[r]!;
      this.perNode[to] = this.perNode[r]!;
      this.target[to] = this.target[r]!;
      this.limit[to] = this.limit[r]!;
      this.preemptible[to] = this.preemptible[r]!;
      this.qi[to] = this.qi[r]!;
      this.live[to] = 1;
      to++;
    }
    this.w.length = to;
    this.id.length = to;
    this.live.fill(0, to, this.rows);
    this.rows = to;
    const renumber = (list: readonly number[]): number[] => {
      const out: number[] = [];
      for (const r of list) if (map[r]! >= 0) out.push(map[r]!);
      return out;
    };
    if (this.#byId) {
      for (const [id, r] of this.#byId) {
        if (map[r]! >= 0) this.#byId.set(id, map[r]!);
        else this.#byId.delete(id);
      }
    }
    this.#global = this.#global && renumber(this.#global);
    for (const [q, list] of this.#byQueue) {
      const live = renumber(list);
      if (live.length === 0) this.#byQueue.delete(q);
      else this.#byQueue.set(q, live);
    }
    this.#dead = 0;
  }

  #append(w: PendingWorkload, qi: number): number {
    const r = this.rows;
    if (r === this.tier.length) this.#grow(r * 2);
    // The object columns are as long as the rows: writing at r appends.
    this.#write(r, w);
    this.qi[r] = qi;
    this.rows = r + 1;
    this.#size++;
    return r;
  }

  #grow(n: number): void {
    this.tier = grown(this.tier, n);
    this.at = grown(this.at, n);
    this.n = grown(this.n, n);
    this.perNode = grown(this.perNode, n);
    this.qi = grown(this.qi, n);
    this.target = grown(this.target, n);
    this.limit = grown(this.limit, n);
    this.preemptible = grown(this.preemptible, n);
    this.plan = grown(this.plan, n);
    this.live = grown(this.live, n);
  }

  /** The number of a request's target, assigned on first sight. */
  #targetOf(req: AcceleratorRequest): number {
    if (req.kind === "any-gpu") return 0;
    const names = req.kind === "model" ? this.#models : this.#classes;
    let t = names.get(req.name);
    if (t === undefined) names.set(req.name, (t = this.#targets++));
    return t;
  }

  /** The id index, built from the live rows on first use (a duplicate id is refused then). */
  #ids(): Map<string, number> {
    if (this.#byId !== undefined) return this.#byId;
    const ids = new Map<string, number>();
    for (let r = 0; r < this.rows; r++) {
      if (this.live[r] !== 1) continue;
      if (ids.has(this.id[r]!)) throw new Error(`workload ${this.id[r]} is already pending`);
      ids.set(this.id[r]!, r);
    }
    return (this.#byId = ids);
  }
}

function insertSorted<T>(list: T[], item: T, cmp: (a: T, b: T) => number): void {
  const last = list[list.length - 1];
  if (last === undefined || cmp(last, item) <= 0) {
    list.push(item);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(list[mid]!, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}
