/**
 * The fair-share visiting order: a binary min-heap of queues keyed by their fair-share rate
 * ((decayed usage as a rate + accelerators held) / weight), ties by the head workload's priority
 * tier, then age, then queue id. Each visit yields the head of the lowest queue and re-sifts it:
 * O(log queues) per visit. A placement raises the queue's key (`placed`), so accelerators spread
 * across queues within one cycle.
 */
import type { PendingBook } from "./pending-book.js";
import type { SchedulerState } from "./scheduler-state.js";
import type { QueueSnapshot } from "./types.js";

/** Visits queues lowest share first; a queue's share grows as it is given accelerators. */
export class FairShareOrder implements Iterable<number> {
  readonly #state: SchedulerState;
  readonly #book: PendingBook;
  readonly #lists: (readonly number[])[] = [];
  readonly #pos: number[] = [];
  readonly #key: number[] = [];
  /** The head workload's priority tier and submission time, kept beside the key for #less. */
  readonly #headTier: number[] = [];
  readonly #headAt: number[] = [];
  readonly #heap: number[] = [];
  readonly #queueIds: string[] = [];
  /** Each queue's number in the quota ledger and its snapshot. */
  readonly #qi: number[] = [];
  readonly #snap: (QueueSnapshot | undefined)[] = [];
  readonly #now: number;
  #current = -1;

  /** `byQueue`: each queue's rows of `book` in queue order; rows no longer live are skipped. */
  constructor(state: SchedulerState, book: PendingBook, byQueue: ReadonlyMap<string, readonly number[]>, now: number) {
    this.#state = state;
    this.#book = book;
    this.#now = now;
    const live = book.live;
    for (const [q, list] of byQueue) {
      let pos = 0;
      while (pos < list.length && live[list[pos]!] !== 1) pos++;
      if (pos >= list.length) continue;
      const i = this.#lists.length;
      const head = list[pos]!;
      this.#lists.push(list);
      this.#queueIds.push(q);
      this.#pos.push(pos);
      this.#headTier.push(book.tier[head]!);
      this.#headAt.push(book.at[head]!);
      const qi = book.qi[head]!;
      const snap = state.queueSnapshot(q);
      this.#qi.push(qi);
      this.#snap.push(snap);
      this.#key.push(state.shareAt(qi, snap, now, 0));
      this.#heap.push(i);
    }
    this.#heap.sort((a, b) => this.#less(a, b));
  }

  /** Called by the cycle after a placement so the queue's share grows. */
  placed(): void {
    const i = this.#current;
    if (i < 0) return;
    this.#key[i] = this.#state.shareAt(this.#qi[i]!, this.#snap[i], this.#now, 0);
  }

  [Symbol.iterator](): Iterator<number> {
    // One result object, reused: a visit per pending workload should not allocate.
    const result = { done: false, value: -1 };
    let yielded = false;
    const book = this.#book;
    return {
      next: (): IteratorResult<number> => {
        const heap = this.#heap;
        if (yielded) {
          // Advance the queue just visited (its key may have grown through placed()).
          const i = this.#current;
          const list = this.#lists[i]!;
          let pos = this.#pos[i]! + 1;
          while (pos < list.length && book.live[list[pos]!] !== 1) pos++;
          this.#pos[i] = pos;
          if (pos < list.length) {
            this.#headTier[i] = book.tier[list[pos]!]!;
            this.#headAt[i] = book.at[list[pos]!]!;
          }
          if (pos >= list.length) {
            const last = heap.pop()!;
            if (heap.length > 0) {
              heap[0] = last;
              this.#down(0);
            }
          } else this.#down(0);
          yielded = false;
        }
        if (heap.length === 0) {
          result.done = true;
          result.value = -1;
          return result as IteratorResult<number>;
        }
        const i = heap[0]!;
        this.#current = i;
        result.value = this.#lists[i]![this.#pos[i]!]!;
        yielded = true;
        return result as IteratorResult<number>;
      },
    };
  }

  #less(a: number, b: number): number {
    const d = this.#key[a]! - this.#key[b]!;
    if (d !== 0) return d;
    return this.#headTier[b]! - this.#headTier[a]! || this.#headAt[a]! - this.#headAt[b]! || (this.#queueIds[a]! < this.#queueIds[b]! ? -1 : 1);
  }

  #down(at: number): void {
    const heap = this.#heap;
    const n = heap.length;
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.#less(heap[l]!, heap[m]!) < 0) m = l;
      if (r < n && this.#less(heap[r]!, heap[m]!) < 0) m = r;
      if (m === i) return;
      const t = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = t;
      i = m;
    }
  }
}
