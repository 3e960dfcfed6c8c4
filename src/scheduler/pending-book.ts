/**
 * Pending workloads kept in the two orders the policies read: per queue by (priority tier desc,
 * submission, id) for fair share, and fleet-wide by (submission, id) for FIFO. Insertion is a
 * binary search (appending in the common in-order case); removal is lazy (a dead mark, compacted
 * when dead entries outnumber live ones), so both are amortised O(log n) plus the move. The lists
 * hold entries with a `live` flag, so a visit tests liveness without a hash lookup.
 */
import type { PendingWorkload } from "./types.js";

/** A pending workload in the book's lists; `live` turns false when it is removed. */
export interface PendingEntry {
  readonly w: PendingWorkload;
  live: boolean;
}

/** Orders workloads inside one queue: higher tier, then older, then id. */
export function compareInQueue(a: PendingWorkload, b: PendingWorkload): number {
  return b.priorityTier - a.priorityTier || a.submittedAt - b.submittedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Orders workloads by submission, then id. */
export function compareBySubmission(a: PendingWorkload, b: PendingWorkload): number {
  return a.submittedAt - b.submittedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const entryInQueue = (a: PendingEntry, b: PendingEntry): number =>
  b.w.priorityTier - a.w.priorityTier || a.w.submittedAt - b.w.submittedAt || (a.w.id < b.w.id ? -1 : a.w.id > b.w.id ? 1 : 0);
const entryBySubmission = (a: PendingEntry, b: PendingEntry): number => compareBySubmission(a.w, b.w);

/** Pending workloads by queue and by submission. */
export class PendingBook {
  readonly #live = new Map<string, PendingEntry>();
  readonly #byQueue = new Map<string, PendingEntry[]>();
  /** Built on first use (only FIFO reads it), then kept in order by add(). */
  #global: PendingEntry[] | undefined;
  #dead = 0;

  get size(): number {
    return this.#live.size;
  }

  /** The pending workload of an id. */
  get(id: string): PendingWorkload | undefined {
    return this.#live.get(id)?.w;
  }

  /** All pending workloads, in insertion order. */
  *workloads(): IterableIterator<PendingWorkload> {
    for (const e of this.#live.values()) yield e.w;
  }

  add(w: PendingWorkload): void {
    if (this.#live.has(w.id)) throw new Error(`workload ${w.id} is already pending`);
    const e: PendingEntry = { w, live: true };
    this.#live.set(w.id, e);
    let list = this.#byQueue.get(w.queue);
    if (!list) this.#byQueue.set(w.queue, (list = []));
    insertSorted(list, e, entryInQueue);
    if (this.#global) insertSorted(this.#global, e, entryBySubmission);
  }

  /** Bulk load, sorting once: O(n log n). */
  addAll(ws: readonly PendingWorkload[]): void {
    // Into an empty book (a snapshot) every list is new: sort them all, without tracking.
    const fresh = this.#live.size === 0;
    const touched = new Set<PendingEntry[]>();
    for (const w of ws) {
      if (this.#live.has(w.id)) throw new Error(`workload ${w.id} is already pending`);
      const e: PendingEntry = { w, live: true };
      this.#live.set(w.id, e);
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
    const e = this.#live.get(id);
    if (!e) return;
    this.#live.delete(id);
    e.live = false;
    this.#dead++;
    if (this.#dead > 64 && this.#dead > this.#live.size) this.#compact();
  }

  /** Each queue's list in queue order, possibly holding removed entries: skip those not live. */
  rawByQueue(): ReadonlyMap<string, readonly PendingEntry[]> {
    return this.#byQueue;
  }

  /** The fleet-wide list by submission, possibly holding removed entries (see rawByQueue). */
  rawBySubmission(): readonly PendingEntry[] {
    this.#global ??= [...this.#live.values()].sort(entryBySubmission);
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
