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

function entryOf(w: PendingWorkload): PendingEntry {
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
  };
}

/** Pending workloads by queue and by submission. */
export class PendingBook {
  /**
   * Entries by id. A removed entry stays (marked dead) until the next compaction, so removal by
   * entry costs no lookup; readers check `live`.
   */
  readonly #byId = new Map<string, PendingEntry>();
  readonly #byQueue = new Map<string, PendingEntry[]>();
  /** Built on first use (only FIFO reads it), then kept in order by add(). */
  #global: PendingEntry[] | undefined;
  #size = 0;
  #dead = 0;

  get size(): number {
    return this.#size;
  }

  /** The pending workload of an id. */
  get(id: string): PendingWorkload | undefined {
    const e = this.#byId.get(id);
    return e !== undefined && e.live ? e.w : undefined;
  }

  /** The live entry of an id. */
  entry(id: string): PendingEntry | undefined {
    const e = this.#byId.get(id);
    return e !== undefined && e.live ? e : undefined;
  }

  /** All pending workloads, in insertion order. */
  *workloads(): IterableIterator<PendingWorkload> {
    for (const e of this.#byId.values()) if (e.live) yield e.w;
  }

  /** All live entries, in insertion order. */
  *entries(): IterableIterator<PendingEntry> {
    for (const e of this.#byId.values()) if (e.live) yield e;
  }

  add(w: PendingWorkload): void {
    if (this.#byId.get(w.id)?.live) throw new Error(`workload ${w.id} is already pending`);
    const e = entryOf(w);
    this.#byId.set(w.id, e);
    this.#size++;
    let list = this.#byQueue.get(w.queue);
    if (!list) this.#byQueue.set(w.queue, (list = []));
    insertSorted(list, e, entryInQueue);
    if (this.#global) insertSorted(this.#global, e, entryBySubmission);
  }

  /** Bulk load, sorting once: O(n log n). */
  addAll(ws: readonly PendingWorkload[]): void {
    // Into an empty book (a snapshot) every list is new: sort them all, without tracking.
    const fresh = this.#byId.size === 0;
    const touched = new Set<PendingEntry[]>();
    for (const w of ws) {
      const e = entryOf(w);
      const before = this.#byId.size;
      // Into an empty book one set suffices: a duplicate replaces an entry and leaves the size.
      if (!fresh && this.#byId.get(w.id)?.live) throw new Error(`workload ${w.id} is already pending`);
      this.#byId.set(w.id, e);
      if (fresh && this.#byId.size === before) throw new Error(`workload ${w.id} is already pending`);
      this.#size++;
      let list = this.#byQueue.get(w.queue);
      if (!list) this.#byQueue.set(w.queue, (list = []));
      list.push(e);
      if (!fresh) touched.add(list);
      this.#global?.push(e);
    }
    for (const list of fresh ? this.#byQueue.values() : touched) list.sort(entryInQueue);
    this.#global?.sort(entryBySubmission);
  }

  remove(id: string): void {
    const e = this.#byId.get(id);
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

  #compact(): void {
    for (const [id, e] of this.#byId) if (!e.live) this.#byId.delete(id);
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
