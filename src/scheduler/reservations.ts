/**
 * The reservations in force: for each of the top blocked workloads, holds on the nodes where it
 * will start, each taking the node's free part out of the free-capacity index until then (so
 * only backfill that ends before the start may use it, see cycle.ts). A reservation stays in
 * force across cycles until it is recomputed (the policy's refresh interval, as Slurm's
 * bf_interval) or its workload leaves the queue. `version` changes whenever a hold is added, topped up or
 * dropped, so a cycle can cache what it derived from the holds (as `countStartingFrom`, `wantedIn`,
 * `liftsIn` and `firstToStart` do here). All operations are O(holds).
 */
import type { FleetIndex } from "./fleet-index.js";

/** One node's part of a reservation. */
export interface Hold {
  readonly workload: string;
  readonly node: number;
  /** Accelerators held now. */
  amount: number;
  /** Accelerators the reservation needs on the node. */
  readonly want: number;
  /** When the reservation starts. */
  readonly shadow: number;
  /** When the reservation was computed. */
  readonly madeAt: number;
}

/** What a cycle reads from the holds; see Reservations.#derived. */
interface Derived {
  /** The reservations' distinct starts (a few: one per reservation) and how many holds each has. */
  readonly starts: number[];
  readonly startCounts: number[];
  /** The workloads holding a reservation, in the order their first holds were made. */
  readonly holders: string[];
  /** Per partition, what its reservations want and its holds of any accelerators. */
  readonly byPartition: Map<number, { wanted: number; lifts: Hold[] }>;
  /** The first-made hold of the reservation starting soonest. */
  first: Hold | undefined;
}

/** The holds of every reservation in force; see the module comment. */
export class Reservations {
  readonly #index: FleetIndex;
  #holds: Hold[] = [];
  #version = 0;
  /** What the cycle reads from the holds, derived in one pass as of `derivedVersion` (see #derived). */
  #derivedState: Derived | undefined;
  #derivedVersion = -1;

  constructor(index: FleetIndex) {
    this.#index = index;
  }

  /** The holds, in the order they were made (not to be modified by callers). */
  get holds(): readonly Hold[] {
    return this.#holds;
  }

  get version(): number {
    return this.#version;
  }

  /** Adds a hold, taking its amount from the node's free capacity. */
  hold(h: Hold): void {
    this.#index.allocate(h.node, h.amount);
    this.#holds.push(h);
    this.#version++;
  }

  /** Releases and forgets a workload's reservation; returns its holds. */
  drop(workload: string): Hold[] {
    const own = this.#holds.filter((h) => h.workload === workload);
    if (own.length === 0) return own;
    for (const h of own) this.#index.release(h.node, h.amount);
    this.#holds = this.#holds.filter((h) => h.workload !== workload);
    this.#version++;
    return own;
  }

  /**
   * Tops a kept reservation up with what has been freed on its nodes since (each hold up to what
   * it wants), in place; returns when it starts. The same as dropping and holding it again, without
   * releasing and taking back every node.
   */
  topUp(workload: string): number {
    let start = NaN;
    let changed = false;
    for (const h of this.#holds) {
      if (h.workload !== workload) continue;
      start = h.shadow;
      const more = Math.min(h.want - h.amount, this.#index.free[h.node] ?? 0);
      if (more <= 0) continue;
      this.#index.allocate(h.node, more);
      h.amount += more;
      changed = true;
    }
    if (changed) this.#version++;
    return start;
  }

  /** Releases the holds made `refreshSeconds` or longer before `now`, and those of workloads no longer waiting. */
  releaseStale(now: number, refreshSeconds: number, waiting: (workload: string) => boolean): void {
    const keep: Hold[] = [];
    for (const h of this.#holds) {
      if (waiting(h.workload) && now - h.madeAt < refreshSeconds) keep.push(h);
      else this.#index.release(h.node, h.amount);
    }
    this.#holds = keep;
    this.#version++;
  }

  /** How many holds belong to reservations starting at or after `time` (cached while the holds are unchanged). */
  countStartingFrom(time: number): number {
    const { starts, startCounts } = this.#derived();
    let count = 0;
    for (let j = 0; j < starts.length; j++) if (starts[j]! >= time) count += startCounts[j]!;
    return count;
  }

  /** The workloads holding a reservation, in the order their first holds were made (cached while the holds are unchanged). */
  holders(): readonly string[] {
    return this.#derived().holders;
  }

  /** Accelerators the reservations in force want on a partition (cached while the holds are unchanged). */
  wantedIn(partition: number): number {
    return this.#derived().byPartition.get(partition)?.wanted ?? 0;
  }

  /**
   * The holds on a partition's nodes that hold any accelerators (cached while the version is
   * unchanged; in between, amounts only shrink, so a hold of none counts for nothing). A what-if
   * release counts only these.
   */
  liftsIn(partition: number): readonly Hold[] {
    return this.#derived().byPartition.get(partition)?.lifts ?? [];
  }

  /** The first-made hold of the reservation starting soonest (cached while the holds are unchanged). */
  firstToStart(): Hold | undefined {
    return this.#derived().first;
  }

  /** Everything the readers above derive from the holds, in one pass per change of them: O(holds x reservations). */
  #derived(): Derived {
    if (this.#derivedState !== undefined && this.#derivedVersion === this.#version) return this.#derivedState;
    const d: Derived = { starts: [], startCounts: [], holders: [], byPartition: new Map(), first: undefined };
    const partitionOf = this.#index.partitionOf;
    let last: string | undefined;
    for (const h of this.#holds) {
      const j = d.starts.indexOf(h.shadow);
      if (j < 0) {
        d.starts.push(h.shadow);
        d.startCounts.push(1);
      } else d.startCounts[j]!++;
      if (h.workload !== last && !d.holders.includes(h.workload)) d.holders.push(h.workload);
      last = h.workload;
      if (d.first === undefined || h.shadow < d.first.shadow) d.first = h;
      const p = partitionOf[h.node]!;
      let entry = d.byPartition.get(p);
      if (entry === undefined) d.byPartition.set(p, (entry = { wanted: 0, lifts: [] }));
      entry.wanted += h.want;
      if (h.amount > 0) entry.lifts.push(h);
    }
    this.#derivedState = d;
    this.#derivedVersion = this.#version;
    return d;
  }
}
