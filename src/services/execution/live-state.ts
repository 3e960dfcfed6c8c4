/**
 * The scheduler's state kept across the control loop's cycles: a SchedulerState built once from a
 * snapshot (stateFromSnapshot on buildSnapshot's output) and then changed in place. The loop
 * rebuilds it when the fleet, the closed nodes or a queue's parameters change; between those, each
 * cycle hands it every active workload's key (a short text that changes whenever the row does, see
 * control-loop.ts) and it answers which workloads are new, changed or gone. The loop reads the full
 * facts of the new and changed ones, and `apply` takes each of those out of the state (pending:
 * removed with its reservation; running: finished, freeing its accelerators) and puts it back as
 * its facts now say. Because every cycle compares the whole key set, a change the loop did not make
 * cannot be missed; the cost is O(active) string comparisons plus O(changed) state updates.
 *
 * A state kept this way equals one built afresh from the same facts in its pending workloads,
 * running workloads, free accelerators per node, quota and allocation per queue, and decayed usage,
 * except that reservations (holds) a cycle made stay in force for the policy's
 * `reservationRefreshSeconds`, as they would in the simulator, where a fresh state has none, and
 * that a queue with no row (no usage set each cycle) accrues usage from its first change on. Its
 * decisions are then the same but for the reservations and for which of several equally good nodes
 * (same free count in the same topology group) a placement takes: the index takes the first of a
 * bucket, whose order is the order the nodes entered it. No I/O.
 */
import type { SchedulerPolicy } from "../../scheduler/index.js";
import { stateFromSnapshot } from "../../scheduler/schedule.js";
import type { SchedulerState } from "../../scheduler/scheduler-state.js";
import { buildSnapshot, holdingOf, type QueueInput, type SnapshotInput, type WorkloadFacts } from "./snapshot.js";

/** A workload's facts with the key they were read under. */
export interface KeyedFacts extends WorkloadFacts {
  readonly key: string;
}

/** What changed between the keys the state holds and the current ones. */
export interface KeyDiff {
  /** New workloads, and those whose key differs (or that a cycle marked to read again). */
  readonly changed: readonly string[];
  /** Workloads the state holds that are no longer active. */
  readonly gone: readonly string[];
}

/** A key no row ever has: the workload is read again at the next diff. */
const STALE = "";

/** The kept state; see the module comment. */
export class LiveState {
  readonly state: SchedulerState;
  /** The key each active workload's facts were applied under (STALE: read them again). */
  readonly #keys: Map<string, string>;

  private constructor(state: SchedulerState, keys: Map<string, string>) {
    this.state = state;
    this.#keys = keys;
  }

  /** A state built afresh from every active workload's facts. */
  static build(input: Omit<SnapshotInput, "workloads"> & { readonly workloads: readonly KeyedFacts[] }, policy: SchedulerPolicy): LiveState {
    const state = stateFromSnapshot(buildSnapshot(input), policy);
    return new LiveState(state, new Map(input.workloads.map((w) => [w.id, w.key])));
  }

  /** Active workloads the state knows. */
  get size(): number {
    return this.#keys.size;
  }

  /** Compares the current key of every active workload with the one its facts were applied under. */
  diff(current: ReadonlyMap<string, string>): KeyDiff {
    const changed: string[] = [];
    const gone: string[] = [];
    for (const [id, key] of current) if (this.#keys.get(id) !== key) changed.push(id);
    for (const id of this.#keys.keys()) if (!current.has(id)) gone.push(id);
    return { changed, gone };
  }

  /**
   * Applies a diff: every workload in `gone` or `changed` leaves the state, and those with facts
   * (the changed ones still active when read) come back as their facts say. `now` in seconds.
   */
  apply(diff: KeyDiff, facts: readonly KeyedFacts[], now: number): void {
    for (const id of diff.gone) this.#takeOut(id, now);
    for (const id of diff.changed) this.#takeOut(id, now);
    for (const f of facts) this.#putIn(f);
  }

  /** Sets each queue's decayed usage (it changes every cycle); after `apply`, which accrues usage. */
  setUsage(queues: readonly QueueInput[]): void {
    for (const q of queues) this.state.setUsage(q.projectId, q.decayedUsage, q.usageAsOf);
  }

  /**
   * Marks workloads a cycle placed or preempted: their rows change when the decisions commit
   * (attempt, dispatch time, preempting), so the next diff reads them again.
   */
  forget(ids: Iterable<string>): void {
    for (const id of ids) if (this.#keys.has(id)) this.#keys.set(id, STALE);
  }

  /**
   * Takes out placements the store did not commit (the workload was cancelled meanwhile), so that
   * they hold no accelerators; the next diff reads their rows again.
   */
  withdraw(ids: Iterable<string>, now: number): void {
    for (const id of ids) {
      this.#takeOut(id, now);
      this.#keys.set(id, STALE);
    }
  }

  /** Removes whatever the state holds of a workload (it may have moved from pending to running in a cycle). */
  #takeOut(id: string, now: number): void {
    this.#keys.delete(id);
    const state = this.state;
    if (state.pending.get(id) !== undefined) {
      state.pending.remove(id);
      state.reservations.drop(id);
    } else if (state.running(id) !== undefined) {
      state.finish(id, now);
    }
  }

  #putIn(f: KeyedFacts): void {
    this.#keys.set(f.id, f.key);
    const held = holdingOf(f);
    if (held.kind === "pending") this.state.pending.add(held.workload);
    else if (held.kind === "running") {
      const state = this.state;
      const index = state.index;
      // A fresh state counts a closed node as having nothing free, so there is nothing to take
      // there; the accelerators are taken from open nodes only, as buildSnapshot subtracts them.
      for (const share of held.workload.nodes) {
        const i = index.nodeByName.get(share.node);
        if (i === undefined || index.schedulable[i] === 0) continue;
        // Work placed elsewhere (another writer, an adopted job) on capacity a reservation holds
        // voids that reservation; the next cycle makes a new one.
        if (index.free[i]! < share.accelerators) for (const h of [...state.reservations.holds]) if (h.node === i) state.reservations.drop(h.workload);
        index.allocate(i, share.accelerators);
      }
      state.addRunning(held.workload, false);
    }
  }
}
