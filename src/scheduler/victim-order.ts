/**
 * Preemption candidates of one partition in victim order: preemptible before not, then the newest
 * start first, then by id (a total order), among running workloads past the minimum runtime that
 * are not already terminating. Every preemptor of a cycle walks the same order with its own
 * filter (other queue; cheaper, or borrowing what it is entitled to) and stops once its gang fits,
 * so the order is built once per partition and cycle and materialised only as far as some walk
 * reads it: O(rows) to collect and heapify, O(log rows) per entry taken, where sorting per
 * preemptor cost O(rows log rows) each.
 */
import { ascendingByKey } from "./lazy-sort.js";
import { DONE, PREEMPTIBLE, TERMINATING } from "./running-table.js";
import type { RunningTable } from "./running-table.js";

/** One partition's victims in order; see the module comment. */
export class VictimOrder {
  /** Rows terminating now (preempted earlier, or in this cycle by markTerminating). */
  readonly terminating: number[] = [];
  /** The order read so far. */
  readonly #order: number[] = [];
  readonly #sources: Generator<number>[];

  /**
   * `rows`: the partition's rows; `newestFirst[r]` = -startedAt of row r; `byId` orders rows by
   * workload id; rows that have run less than `minRuntime` at `now` are too young to preempt.
   */
  constructor(runs: RunningTable, rows: readonly number[], now: number, minRuntime: number, newestFirst: Float64Array, byId: (a: number, b: number) => number) {
    // Collected straight into typed arrays (the heaps): Int32Array.from over a list would step an
    // iterator per row, a garbage object each, over every running workload of the partition.
    const cheap = new Int32Array(rows.length);
    const dear = new Int32Array(rows.length);
    let nc = 0;
    let nd = 0;
    for (const r of rows) {
      const fl = runs.flags[r]!;
      if ((fl & DONE) !== 0) continue;
      if ((fl & TERMINATING) !== 0) this.terminating.push(r);
      else if (now - runs.started[r]! >= minRuntime) {
        if ((fl & PREEMPTIBLE) !== 0) cheap[nc++] = r;
        else dear[nd++] = r;
      }
    }
    this.#sources = [ascendingByKey(cheap.subarray(0, nc), newestFirst, byId), ascendingByKey(dear.subarray(0, nd), newestFirst, byId)];
  }

  /** The i-th row of the order, or undefined past its end (rows may since have become terminating). */
  at(i: number): number | undefined {
    while (this.#order.length <= i && this.#sources.length > 0) {
      const next = this.#sources[0]!.next();
      if (next.done === true) this.#sources.shift();
      else this.#order.push(next.value);
    }
    return this.#order[i];
  }
}
