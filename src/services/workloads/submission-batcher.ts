/**
 * Group commit for submissions: while one batch is written, the submissions that arrive queue up
 * and go into the next, so a burst of N submissions costs a statement or a handful and one commit
 * instead of N of each. Each submission still gets its own answer: the writer accepts only the
 * submissions the balances can cover and reports the others refused (submission-writes.ts). A
 * batch that fails as a whole (a deadlock with another replica) is retried.
 */
import { sqlStateOf } from "../../store/sql-state.js";

/** What writing a batch says about each of its items, in order. */
export type ItemResult<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Waiting<I, R> {
  readonly item: I;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

const RETRYABLE = new Set(["40P01", "40001"]);

export class SubmissionBatcher<I, R> {
  #queue: Waiting<I, R>[] = [];
  #draining = false;

  constructor(
    /** Writes a batch all or nothing, answering for each item. */
    private readonly write: (items: readonly I[]) => Promise<readonly ItemResult<R>[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.maxBatch);
        try {
          const results = await this.#writeWithRetry(batch.map((w) => w.item));
          results.forEach((r, i) => (r.ok ? batch[i]!.resolve(r.value) : batch[i]!.reject(r.error)));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  async #writeWithRetry(items: readonly I[]): Promise<readonly ItemResult<R>[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.write(items);
      } catch (error) {
        const code = sqlStateOf(error);
        if (attempt >= 3 || code === undefined || !RETRYABLE.has(code)) throw error;
      }
    }
  }
}
