/**
 * The order a cycle visits pending workloads in, by policy: fair share (a heap of queues,
 * fair-share-order.ts), Slurm's multifactor priority (one sort) or submission order (FIFO). An
 * incremental cycle orders only the workloads it was given.
 */
import type { VisitOrder } from "./cycle.js";
import { FairShareOrder } from "./fair-share-order.js";
import type { SchedulerState } from "./scheduler-state.js";
import type { PendingWorkload } from "./types.js";

/** The order of a full cycle: every pending workload, by the policy's ordering. */
export function fullOrder(state: SchedulerState, now: number): VisitOrder {
  const policy = state.policy;
  const book = state.pending;
  if (policy.ordering === "fifo") {
    return (function* () {
      for (const r of book.rawBySubmission()) if (book.live[r] === 1) yield r;
    })();
  }
  if (policy.ordering === "slurm-multifactor") {
    const list = book.liveRows();
    const prio = slurmPriorities(state, list, now);
    list.sort((a, b) => prio[b]! - prio[a]! || book.compareBySubmission(a, b));
    return list;
  }
  return new FairShareOrder(state, book, book.rawByQueue(), now);
}

/** The order of an incremental cycle over `only` (rows no longer pending are left out). */
export function subsetOrder(state: SchedulerState, only: readonly PendingWorkload[], now: number): VisitOrder {
  const book = state.pending;
  const live: number[] = [];
  for (const w of only) {
    const r = book.row(w.id);
    if (r !== undefined && book.w[r] === w) live.push(r);
  }
  if (state.policy.ordering === "fifo") {
    // Nothing passes an older waiting workload.
    const older = book.size > live.length;
    return older ? [] : live.sort(book.compareBySubmission);
  }
  if (state.policy.ordering === "slurm-multifactor") {
    const prio = slurmPriorities(state, live, now);
    return live.sort((a, b) => prio[b]! - prio[a]! || book.compareBySubmission(a, b));
  }
  const byQueue = new Map<string, number[]>();
  for (const r of live) {
    const q = book.w[r]!.queue;
    const list = byQueue.get(q);
    if (list) list.push(r);
    else byQueue.set(q, [r]);
  }
  return new FairShareOrder(state, book, byQueue, now);
}

/** Slurm multifactor: age + fair share 2^(-U/S) + job size favouring small jobs, by pending row. */
function slurmPriorities(state: SchedulerState, list: readonly number[], now: number): Float64Array {
  const { age, maxAgeSeconds, fairShare, jobSize } = state.policy.slurm;
  let totalUsage = 0;
  let totalWeight = 0;
  const decayed = new Map<string, number>();
  for (const [id, q] of state.queues) {
    const d = state.usageAt(id, now);
    decayed.set(id, d);
    totalUsage += d;
    totalWeight += q.weight;
  }
  const factor = new Map<string, number>();
  for (const [id, q] of state.queues) {
    const uNorm = totalUsage > 0 ? (decayed.get(id) ?? 0) / totalUsage : 0;
    const sNorm = totalWeight > 0 ? q.weight / totalWeight : 1;
    factor.set(id, Math.pow(2, -uNorm / sNorm));
  }
  const cap = Math.max(1, state.index.totalCapacity);
  // By pending row.
  const out = new Float64Array(state.pending.rows);
  for (const r of list) {
    const w = state.pending.w[r]!;
    const a = Math.min(1, Math.max(0, now - w.submittedAt) / maxAgeSeconds);
    const size = 1 - Math.min(1, w.accelerators / cap);
    out[r] = age * a + fairShare * (factor.get(w.queue) ?? 1) + jobSize * size;
  }
  return out;
}
