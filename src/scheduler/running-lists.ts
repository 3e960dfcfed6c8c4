/**
 * The lists a cycle walks over running workloads' rows (running-table.ts): by partition (for
 * preemption's victim orders), by the end of their time limits (for reservation walks), and by id
 * (for finish and lookups, built only when first needed: schedule() on a snapshot never needs it).
 * Removals are lazy: finished rows are marked done in the table and skipped by readers until the
 * table compacts, when every list is renumbered. Appending is O(1) amortised; the by-end list is
 * sorted when next read after a row arrived out of order, which TimSort merges in near-linear time
 * for a state built up in start order (the simulator's).
 */
import { ascendingByKey } from "./lazy-sort.js";
import { DONE, PREEMPTIBLE } from "./running-table.js";
import type { RunningTable } from "./running-table.js";

/** Running rows by partition, by time-limit end and by id; see the module comment. */
export class RunningLists {
  readonly #runs: RunningTable;
  /** Each running workload's row by id, once built (see #rowOf). */
  #byId: Map<string, number> | undefined;
  /** Rows by the end of their time limits (once sorted); finished rows stay until compaction. */
  #byEnd: number[] = [];
  #byEndUnsorted = false;
  /** Rows by partition index; finished rows are skipped, and dropped at compaction. */
  readonly #byPartition: (number[] | undefined)[] = [];
  #preemptible = 0;
  /**
   * Set while a state loaded from a snapshot has not finished its first cycle: its list is in no
   * useful order, and a reservation walk usually stops after a few entries, so each walk orders
   * only the running workloads of its partitions, lazily (a heap, O(n) to build and O(log n) per
   * entry taken) instead of sorting the whole list.
   */
  lazyWalks = false;

  constructor(runs: RunningTable) {
    this.#runs = runs;
  }

  /** Whether nothing has been listed and no id index exists: listAll() may fill the lists at once. */
  get untouched(): boolean {
    return this.#runs.rows === 0 && this.#byId === undefined;
  }

  /** Running workloads that may be preempted. */
  get preemptible(): number {
    return this.#preemptible;
  }

  /**
   * Lists every row of a table that had none listed (a snapshot's running workloads): what list()
   * does row by row, with each partition's list and the by-end list allocated at their final size
   * instead of grown by 44,000 pushes. The by-end list is sorted when first read.
   */
  listAll(partitions: number): void {
    const runs = this.#runs;
    const n = runs.rows;
    const counts = new Int32Array(partitions + 1);
    for (let r = 0; r < n; r++) counts[runs.partition[r]!]!++;
    const fill = new Int32Array(counts.length);
    for (let p = 0; p < counts.length; p++) if (counts[p]! > 0) this.#byPartition[p] = new Array<number>(counts[p]!);
    const byEnd = new Array<number>(n);
    for (let r = 0; r < n; r++) {
      const p = runs.partition[r]!;
      this.#byPartition[p]![fill[p]!++] = r;
      byEnd[r] = r;
      if ((runs.flags[r]! & PREEMPTIBLE) !== 0) this.#preemptible++;
    }
    this.#byEnd = byEnd;
    this.#byEndUnsorted = n > 1;
  }

  /** Enters a new row in the id index (if built), its partition's list and the by-end list. */
  list(r: number, id: string): void {
    const runs = this.#runs;
    const ids = this.#byId;
    if (ids !== undefined) {
      const before = ids.size;
      // One hash operation: a workload already running would replace its row and leave the size.
      ids.set(id, r);
      if (ids.size === before) throw new Error(`workload ${id} is already running`);
    }
    const partition = runs.partition[r]!;
    if ((runs.flags[r]! & PREEMPTIBLE) !== 0) this.#preemptible++;
    let inPartition = this.#byPartition[partition];
    if (!inPartition) this.#byPartition[partition] = inPartition = [];
    inPartition.push(r);
    // Appended, and sorted when a reservation next reads it: TimSort merges the sorted prefix with
    // the appended run in O(n + k log k).
    if (!this.#byEndUnsorted) {
      const last = this.#byEnd[this.#byEnd.length - 1];
      // A finished last row has no id to break a tie with: sort (which drops it) when next read.
      if (last !== undefined && (runs.src[last] === undefined || this.#compareEnd(last, r) > 0)) this.#byEndUnsorted = true;
    }
    this.#byEnd.push(r);
  }

  /** The row of a running workload's id. */
  row(id: string): number | undefined {
    return this.#rowOf().get(id);
  }

  /**
   * Forgets a finished workload's id before its row is killed (the other lists skip dead rows);
   * throws if it is not running.
   */
  unlist(id: string): number {
    const ids = this.#rowOf();
    const r = ids.get(id);
    if (r === undefined) throw new Error(`workload ${id} is not running`);
    ids.delete(id);
    if ((this.#runs.flags[r]! & PREEMPTIBLE) !== 0) this.#preemptible--;
    return r;
  }

  /** The row of each running workload by id, built on first use (a duplicate id is refused then). */
  #rowOf(): Map<string, number> {
    if (this.#byId !== undefined) return this.#byId;
    const ids = new Map<string, number>();
    const runs = this.#runs;
    for (let r = 0; r < runs.rows; r++) {
      const w = runs.src[r];
      if (w === undefined) continue;
      if (ids.has(w.id)) throw new Error(`workload ${w.id} is already running`);
      ids.set(w.id, r);
    }
    return (this.#byId = ids);
  }

  /** Renumbers every list after the table's compaction (`map[r]`: the new row, or -1). */
  renumber(map: Int32Array): void {
    const ids = this.#byId;
    if (ids !== undefined) for (const [id, r] of ids) ids.set(id, map[r]!);
    const renumber = (list: readonly number[]): number[] => {
      const out: number[] = [];
      for (const r of list) if (map[r]! >= 0) out.push(map[r]!);
      return out;
    };
    this.#byEnd = renumber(this.#byEnd);
    for (let p = 0; p < this.#byPartition.length; p++) {
      const list = this.#byPartition[p];
      if (list) this.#byPartition[p] = renumber(list);
    }
  }

  /**
   * Rows by the end of their time limits, ties by id, at least those on `partitions` (others may
   * be included: skip them, and rows marked done). See lazyWalks.
   */
  byEndIn(partitions: readonly number[]): Iterable<number> {
    if (!this.lazyWalks) return this.byEnd();
    const seen = new Set(partitions);
    let n = 0;
    for (const p of seen) n += this.#byPartition[p]?.length ?? 0;
    const some = new Int32Array(n);
    let k = 0;
    const flags = this.#runs.flags;
    for (const p of seen) for (const r of this.#byPartition[p] ?? []) if ((flags[r]! & DONE) === 0) some[k++] = r;
    return ascendingByKey(some.subarray(0, k), this.#runs.end, this.compareIds);
  }

  /** Rows by the end of their time limits; skip rows marked done. */
  byEnd(): readonly number[] {
    if (this.#byEndUnsorted) {
      const flags = this.#runs.flags;
      const live = this.#byEnd.filter((r) => (flags[r]! & DONE) === 0);
      this.#byEnd = live.sort((a, b) => this.#compareEnd(a, b));
      this.#byEndUnsorted = false;
    }
    return this.#byEnd;
  }

  /** Rows on one partition; skip rows marked done. */
  inPartition(partition: number): readonly number[] {
    return this.#byPartition[partition] ?? [];
  }

  /** Order of rows by time-limit end, then id (a total order). */
  #compareEnd(a: number, b: number): number {
    return this.#runs.end[a]! - this.#runs.end[b]! || this.compareIds(a, b);
  }

  /** Order of rows by workload id. */
  readonly compareIds = (a: number, b: number): number => {
    const x = this.#runs.src[a]!.id;
    const y = this.#runs.src[b]!.id;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
