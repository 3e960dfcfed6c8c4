/**
 * The pure scheduler: `schedule(snapshot, policy, now)` -> placements, preemptions and a reason
 * for every workload left waiting. Algorithms: quota admission with cohort borrowing and lending
 * (O(1) per check over incrementally kept cohort and root sums); ordering by weighted fair share
 * with exponentially decayed usage (a min-heap of queues, O(log queues) per visit), then priority
 * tier, then age; gang placement (all or nothing) with one accelerator count per node; topology
 * (fewest NVLink domains, one pod where possible, never across clusters) with best-fit packing over
 * per-partition, per-pod and per-domain "nodes with >= k free" counters, updated in O(node size)
 * per change; EASY-style reservations for the top blocked workloads (a walk over running workloads
 * by time-limit end, O(running), ordered lazily) with backfill into the gaps they leave; and
 * preemption of borrowed or preemptible capacity past a minimum runtime, with a grace period.
 * Building the indexes costs O(nodes + running + pending log pending), in typed arrays with dense
 * numbers for queues, classes and topology groups; the cycle O(pending x log queues) plus
 * O(pod size) per placement, since a failed request shape is remembered for the rest of the cycle.
 * No I/O, no clock, no randomness: the same snapshot, policy and `now` give the same decisions.
 */
import type { SchedulerPolicy } from "./policy.js";
import { SchedulerState } from "./scheduler-state.js";
import type { Decisions, SchedulingSnapshot } from "./types.js";

/** One full scheduling cycle over a snapshot; `now` in seconds. The snapshot is not modified. */
export function schedule(snapshot: SchedulingSnapshot, policy: SchedulerPolicy, now: number): Decisions {
  return stateFromSnapshot(snapshot, policy).cycle(now);
}

/** Builds the working state of a snapshot (for callers that go on to apply changes incrementally). */
export function stateFromSnapshot(snapshot: SchedulingSnapshot, policy: SchedulerPolicy): SchedulerState {
  const state = new SchedulerState(snapshot.nodes, snapshot.queues, snapshot.cohorts, policy);
  state.addSnapshotRunning(snapshot.running);
  state.pending.addAll(snapshot.pending);
  return state;
}
