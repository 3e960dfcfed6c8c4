/**
 * Pending workloads kept in the two orders the policies read: per queue by (priority tier desc,
 * submission, id) for fair share, and fleet-wide by (submission, id) for FIFO. Insertion is a
 * binary search (appending in the common in-order case); removal is lazy (a dead mark, compacted
 * when dead entries outnumber live ones), so both are amortised O(log n) plus the move.
 */
import type { PendingWorkload } from "./types.js";

/** Orders workloads inside one queue: higher tier, then older, then id. */
export function compareInQueue(a: PendingWorkload, b: PendingWorkload): number {
  return b.priorityTier - a.priorityTier || a.submittedAt - b.submittedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Orders workloads by submission, then id. */
export function compareBySubmission(a: PendingWorkload, b: PendingWorkload): number {
  return a.submittedAt - b.submittedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Pending workloads by queue and by submission. */
export class PendingBook {
  readonly live = new Map<string, PendingWorkload>();
  /** The same workloads by identity: a cheaper liveness check than a lookup by id. */
  readonly #liveSet = new Set<PendingWorkload>();
  readonly #byQueue = new Map<string, PendingWorkload[]>();
  #global: PendingWorkload[] = [];
  #dead = 0;

  get size(): number {
    return this.live.size;
  }

  add(w: PendingWorkload): void {
    if (this.live.has(w.id)) throw new Error(`workload ${w.id} is already pending`);
    this.live.set(w.id, w);
    this.#liveSet.add(w);
    let list = this.#byQueue.get(w.queue);
    if (!list) this.#byQueue.set(w.queue, (list = []));
    insertSorted(list, w, compareInQueue);
    insertSorted(this.#global, w, compareBySubmission);
  }

  /** Bulk load, sorting once: O(n log n). */
  addAll(ws: readonly PendingWorkload[]): void {
    const touched = new Set<PendingWorkload[]>();
    for (const w of ws) {
      if (this.live.has(w.id)) throw new Error(`workload ${w.id} is already pending`);
      this.live.set(w.id, w);
      this.#liveSet.add(w);
      let list = this.#byQueue.get(w.queue);
      if (!list) this.#byQueue.set(w.queue, (list = []));
      list.push(w);
      touched.add(list);
      this.#global.push(w);
    }
    for (const list of touched) list.sort(compareInQueue);
    this.#global.sort(compareBySubmission);
  }

  remove(id: string): void {
    const w = this.live.get(id);
    if (!w) return;
    this.live.delete(id);
    this.#liveSet.delete(w);
    this.#dead++;
    if (this.#dead > 64 && this.#dead > this.live.size) this.#compact();
  }

  /** Whether this exact workload is still pending. */
  isLive(w: PendingWorkload): boolean {
    return this.#liveSet.has(w);
  }

  /** Each queue's list in queue order, possibly holding removed entries: skip those with isLive. */
  rawByQueue(): ReadonlyMap<string, readonly PendingWorkload[]> {
    return this.#byQueue;
  }

  /** The fleet-wide list by submission, possibly holding removed entries (see rawByQueue). */
  rawBySubmission(): readonly PendingWorkload[] {
    return this.#global;
  }

  /** The live workloads of each queue in queue order (a fresh array per queue). */
  queues(): Map<string, PendingWorkload[]> {
    const out = new Map<string, PendingWorkload[]>();
    for (const [q, list] of this.#byQueue) {
      const live = list.filter((w) => this.#liveSet.has(w));
      if (live.length > 0) out.set(q, live);
    }
    return out;
  }

  /** Live workloads by submission. */
  bySubmission(): PendingWorkload[] {
    return this.#global.filter((w) => this.#liveSet.has(w));
  }

  #compact(): void {
    this.#global = this.#global.filter((w) => this.#liveSet.has(w));
    for (const [q, list] of this.#byQueue) {
      const live = list.filter((w) => this.#liveSet.has(w));
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
