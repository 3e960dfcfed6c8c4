/**
 * Pending workloads kept in the two orders the policies read: per queue by (priority tier desc,
 * submission, id) for fair share, and fleet-wide by (submission, id) for FIFO. Insertion is a
 * binary search (appending in the common in-order case); removal is lazy (a dead mark, compacted
 * when dead entries outnumber live ones), so both are amortised O(log n) plus the move. The lists
 * hold entries with a `live` flag and copies of the fields the orders compare, so visiting a queue
 * reads its entries only: a cycle touches a workload's own object when it looks at its request.
 */
import type { RequestPlan } from "./cycle.js";
import type { AcceleratorRequest, PendingWorkload } from "./types.js";

/**
 * A pending workload in the book's lists; `live` turns false when it is removed. The fields the
 * orders compare and a cycle reads for every visit are copied from the workload when it is added
 * (reading it once, in input order), so a visit that ends in a wait touches the entry only.
 */
export interface PendingEntry {
  readonly w: PendingWorkload;
  /** Copies of w.id, w.priorityTier, w.submittedAt, w.queue, w.accelerators, w.acceleratorsPerNode. */
  readonly id: string;
  readonly tier: number;
  readonly at: number;
  readonly queue: string;
  readonly n: number;
  readonly perNode: number | undefined;
  /** w.request's kind and name ("" for any GPU). */
  readonly kind: AcceleratorRequest["kind"];
  readonly name: string;
  live: boolean;
  /** The scheduler's plan of the request, cached on first use. */
  plan: RequestPlan | undefined;
  /** The queue's number in the quota ledger. */
  readonly qi: number;
}

/** Orders workloads inside one queue: higher tier, then older, then id. */
export function compareInQueue(a: PendingWorkload, b: PendingWorkload): number {
  return b.priorityTier - a.priorityTier || a.submittedAt - b.submittedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Orders workloads by submission, then id. */
export function compareBySubmission(a: PendingWorkload, b: PendingWorkload): number {
  return a.submittedAt - b.submittedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** compareInQueue over entries. */
const entryInQueue = (a: PendingEntry, b: PendingEntry): number => b.tier - a.tier || a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** compareBySubmission over entries. */
export const entryBySubmission = (a: PendingEntry, b: PendingEntry): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function entryOf(w: PendingWorkload, qi: number): PendingEntry {
  const r = w.request;
  return {
    w,
    id: w.id,
    tier: w.priorityTier,
    at: w.submittedAt,
    queue: w.queue,
    n: w.accelerators,
    perNode: w.acceleratorsPerNode,
    kind: r.kind,
    name: r.kind === "any-gpu" ? "" : r.name,
    live: true,
    plan: undefined,
    qi,
  };
}

/** Pending workloads by queue and by submission. */
export class PendingBook {
  /** Entries in insertion order; a removed entry stays (marked dead) until the next compaction. */
  #all: PendingEntry[] = [];
  /**
   * Live entries by id, built when first needed (a lookup by id, or an add that must refuse a
   * duplicate) and kept from then on. A snapshot loaded with addAll and scheduled once never
   * builds it: its ids are the control loop's primary keys, unique by construction, and hashing
   * 100,000 of them costs more than the rest of the load.
   */
  #byId: Map<string, PendingEntry> | undefined;
  readonly #byQueue = new Map<string, PendingEntry[]>();
  /** Built on first use (only FIFO reads it), then kept in order by add(). */
  #global: PendingEntry[] | undefined;
  #size = 0;
  #dead = 0;
  readonly #queueIndex: (queue: string) => number;

  /** `queueIndex` numbers queues densely (the quota ledger's numbers); entries carry theirs. */
  constructor(queueIndex: (queue: string) => number) {
    this.#queueIndex = queueIndex;
  }

  get size(): number {
    return this.#size;
  }

  /** The pending workload of an id. */
  get(id: string): PendingWorkload | undefined {
    return this.entry(id)?.w;
  }

  /** The live entry of an id. */
  entry(id: string): PendingEntry | undefined {
    const e = this.#ids().get(id);
    return e !== undefined && e.live ? e : undefined;
  }

  /** All pending workloads, in insertion order. */
  *workloads(): IterableIterator<PendingWorkload> {
    for (const e of this.#all) if (e.live) yield e.w;
  }

  /** All live entries, in insertion order. */
  *entries(): IterableIterator<PendingEntry> {
    for (const e of this.#all) if (e.live) yield e;
  }

  add(w: PendingWorkload): void {
    const ids = this.#ids();
    if (ids.get(w.id)?.live) throw new Error(`workload ${w.id} is already pending`);
    const e = entryOf(w, this.#queueIndex(w.queue));
    ids.set(w.id, e);
    this.#all.push(e);
    this.#size++;
    let list = this.#byQueue.get(w.queue);
    if (!list) this.#byQueue.set(w.queue, (list = []));
    insertSorted(list, e, entryInQueue);
    if (this.#global) insertSorted(this.#global, e, entryBySubmission);
  }

  /** Bulk load, sorting once: O(n log n). Into an empty book, ids are not checked (see #byId). */
  addAll(ws: readonly PendingWorkload[]): void {
    // Into an empty book every list is new: sort them all, without tracking.
    const fresh = this.#all.length === 0;
    const ids = fresh ? undefined : this.#ids();
    const touched = new Set<PendingEntry[]>();
    let lastQueue: string | undefined;
    let list: PendingEntry[] | undefined;
    let qi = -1;
    for (const w of ws) {
      if (w.queue !== lastQueue) qi = this.#queueIndex(w.queue);
      const e = entryOf(w, qi);
      if (ids !== undefined) {
        if (ids.get(w.id)?.live) throw new Error(`workload ${w.id} is already pending`);
        ids.set(w.id, e);
      }
      this.#all.push(e);
      this.#size++;
      if (w.queue !== lastQueue || list === undefined) {
        lastQueue = w.queue;
        list = this.#byQueue.get(w.queue);
        if (!list) this.#byQueue.set(w.queue, (list = []));
        if (!fresh) touched.add(list);
      }
      list.push(e);
      this.#global?.push(e);
    }
    for (const l of fresh ? this.#byQueue.values() : touched) l.sort(entryInQueue);
    this.#global?.sort(entryBySubmission);
  }

  remove(id: string): void {
    const e = this.#ids().get(id);
    if (e !== undefined && e.live) this.removeEntry(e);
  }

  /** Removes a live entry of this book (as remove(entry.id), without the lookup). */
  removeEntry(e: PendingEntry): void {
    e.live = false;
    this.#size--;
    this.#dead++;
    if (this.#dead > 64 && this.#dead > this.#size) this.#compact();
  }

  /** Each queue's list in queue order, possibly holding removed entries: skip those not live. */
  rawByQueue(): ReadonlyMap<string, readonly PendingEntry[]> {
    return this.#byQueue;
  }

  /** The fleet-wide list by submission, possibly holding removed entries (see rawByQueue). */
  rawBySubmission(): readonly PendingEntry[] {
    this.#global ??= [...this.entries()].sort(entryBySubmission);
    return this.#global;
  }

  /** The live workloads of each queue in queue order (a fresh array per queue). */
  queues(): Map<string, PendingWorkload[]> {
    const out = new Map<string, PendingWorkload[]>();
    for (const [q, list] of this.#byQueue) {
      const live = list.filter((e) => e.live).map((e) => e.w);
      if (live.length > 0) out.set(q, live);
    }
    return out;
  }

  /** Live workloads by submission. */
  bySubmission(): PendingWorkload[] {
    return this.rawBySubmission()
      .filter((e) => e.live)
      .map((e) => e.w);
  }

  /** The id index, built from the live entries on first use (a duplicate id is refused then). */
  #ids(): Map<string, PendingEntry> {
    if (this.#byId !== undefined) return this.#byId;
    const ids = new Map<string, PendingEntry>();
    for (const e of this.#all) {
      if (!e.live) continue;
      if (ids.has(e.id)) throw new Error(`workload ${e.id} is already pending`);
      ids.set(e.id, e);
    }
    return (this.#byId = ids);
  }

  #compact(): void {
    this.#all = this.#all.filter((e) => e.live);
    if (this.#byId) for (const [id, e] of this.#byId) if (!e.live) this.#byId.delete(id);
    this.#global = this.#global?.filter((e) => e.live);
    for (const [q, list] of this.#byQueue) {
      const live = list.filter((e) => e.live);
      if (live.length === 0) this.#byQueue.delete(q);
      else this.#byQueue.set(q, live);
    }
    this.#dead = 0;
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
