/**
 * A what-if view of one partition's free capacity: "if these accelerators were released, how many
 * nodes would have k free?" Used by reservations (walking running workloads by the end of their
 * time limits) and by preemption (adding victims). Only touched nodes are stored; counts start
 * from the index, so each addition is O(1).
 */
import type { FleetIndex } from "./fleet-index.js";

/** What-if free capacity for shape (m nodes x k) in one partition. */
export class VirtualFree {
  readonly #index: FleetIndex;
  readonly partition: number;
  readonly k: number;
  readonly #vfree = new Map<number, number>();
  readonly #excluded: ReadonlySet<number>;
  count: number;

  /** `excluded` nodes never count as released (claimed by an earlier reservation). */
  constructor(index: FleetIndex, partition: number, k: number, excluded: ReadonlySet<number> = new Set()) {
    this.#index = index;
    this.#excluded = excluded;
    this.partition = partition;
    this.k = k;
    this.count = index.partitions[partition]!.atLeast[k] ?? 0;
  }

  /** Adds `amount` accelerators released on node `i`. */
  add(i: number, amount: number): void {
    const index = this.#index;
    if (index.partitionOf[i] !== this.partition || index.schedulable[i] === 0 || this.#excluded.has(i)) return;
    const before = this.#vfree.get(i) ?? index.free[i] ?? 0;
    const after = Math.min(index.capacity[i] ?? 0, before + amount);
    this.#vfree.set(i, after);
    if (before < this.k && after >= this.k) this.count++;
  }

  /** m nodes that would have k free: released ones first, then ones free now. */
  nodes(m: number): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    for (const [i, f] of this.#vfree) {
      if (f >= this.k) {
        out.push(i);
        seen.add(i);
        if (out.length === m) return out;
      }
    }
    const part = this.#index.partitions[this.partition]!;
    for (let f = this.k; f <= part.nodeSize; f++) {
      for (const i of part.buckets[f]!) {
        if (seen.has(i) || this.#excluded.has(i)) continue;
        out.push(i);
        if (out.length === m) return out;
      }
    }
    return out;
  }
}
