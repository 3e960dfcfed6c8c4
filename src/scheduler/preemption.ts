/**
 * Preemption at the end of a cycle: for the first `maxPreemptorsPerCycle` workloads blocked by
 * capacity, the fewest running workloads past the minimum runtime (in another queue; preemptible
 * and not of a higher tier, or borrowing quota the blocked workload's project is entitled to)
 * whose release lets its gang fit, preemptible first, then the newest. A blocked workload waits
 * for workloads already terminating instead of preempting more. Victims are read from one
 * VictimOrder per partition and cycle, so a preemptor costs O(terminating + victims read) per
 * candidate partition after an O(running) build.
 */
import { preemptionCauseText, type PreemptionCause } from "../domain/workloads/lifecycle-reason.js";
import type { Candidate } from "./request-plan.js";
import { waitText } from "./waiting-reason-text.js";
import { DONE, PREEMPTIBLE, TERMINATING } from "./running-table.js";
import type { SchedulerState } from "./scheduler-state.js";
import type { Preemption, WaitingReason } from "./types.js";
import { VictimOrder } from "./victim-order.js";
import { VirtualFree } from "./virtual-free.js";

/** Workloads blocked by capacity or topology in visit order: pending row, candidates, position of its reason. */
export interface Blocked {
  readonly rows: readonly number[];
  readonly candidates: readonly (readonly Candidate[])[];
  readonly at: readonly number[];
}

/** Reclaims borrowed or preemptible capacity for the first blocked workloads of a cycle. */
export function preempt(s: SchedulerState, now: number, blocked: Blocked, waiting: WaitingReason[], preemptions: Preemption[]): void {
  const runs = s.runs;
  const policy = s.policy.preemption;
  let preemptors = 0;
  const usageLeft = new Map<string, number>();
  // Usage after the victims chosen so far; most lookups happen before any are chosen.
  const left = (queue: string, cls: string): number =>
    (usageLeft.size === 0 ? undefined : usageLeft.get(`${queue}\u0000${cls}`)) ?? s.ledger.usage(queue, cls);
  // Victim orders per partition, built when a preemptor first looks there.
  const orders = new Map<number, VictimOrder>();
  let newestFirst: Float64Array | undefined;
  const orderOf = (p: number): VictimOrder => {
    let o = orders.get(p);
    if (o === undefined) {
      if (newestFirst === undefined) {
        newestFirst = new Float64Array(runs.rows);
        for (let r = 0; r < runs.rows; r++) newestFirst[r] = -runs.started[r]!;
      }
      orders.set(p, (o = new VictimOrder(runs, s.lists.inPartition(p), now, policy.minRuntimeSeconds, newestFirst, s.lists.compareIds)));
    }
    return o;
  };
  for (let b = 0; b < blocked.rows.length; b++) {
    if (preemptors >= policy.maxPreemptorsPerCycle) break;
    const row = blocked.rows[b]!;
    // Placed later in the cycle (its own reservation, or a later visit of an order with repeats).
    if (s.pending.live[row] !== 1) continue;
    const w = s.pending.w[row]!;
    const candidates = blocked.candidates[b]!;
    const at = blocked.at[b]!;
    const entitled = (cls: string): boolean => {
      const q = s.ledger.quota(w.queue, cls);
      return q !== undefined && s.ledger.usage(w.queue, cls) + w.accelerators <= q.nominal;
    };
    if (s.lists.preemptible === 0 && !candidates.some((c) => entitled(c.part.acceleratorClass))) continue;
    preemptors++;
    let best: { victims: number[]; total: number } | undefined;
    let terminating = 0;
    for (const { part, shape } of candidates) {
      const vf = new VirtualFree(s.index, part.index, shape.perNode);
      const order = orderOf(part.index);
      // Workloads already terminating (victims chosen earlier in this cycle too) release first.
      for (const r of order.terminating) {
        const f = runs.first[r]!;
        for (let j = f; j < f + runs.count[r]!; j++) vf.add(runs.nodes[j]!, runs.perNode[j]!);
      }
      if (vf.count >= shape.nodes) {
        terminating = order.terminating.length;
        best = undefined;
        break;
      }
      const cls = part.acceleratorClass;
      // Fixed for this candidate: the ledger does not change while victims are looked for.
      const isEntitled = entitled(cls);
      // Whether a queue borrows this class, per queue: fixed during the walk, like the ledger.
      const borrows = new Map<string, boolean>();
      const picked: number[] = [];
      let total = 0;
      // Victims in order (preemptible first, then the newest, then by id); usually a few suffice.
      for (let i = 0; vf.count < shape.nodes; i++) {
        const r = order.at(i);
        if (r === undefined) break;
        if ((runs.flags[r]! & (TERMINATING | DONE)) !== 0) continue;
        const queue = runs.queueOf(r);
        if (queue === w.queue) continue;
        let victim = (runs.flags[r]! & PREEMPTIBLE) !== 0 && !w.preemptible && runs.tier[r]! <= w.priorityTier;
        if (!victim && isEntitled) {
          let borrowed = borrows.get(queue);
          if (borrowed === undefined) {
            const q = s.ledger.quota(queue, cls);
            borrowed = q !== undefined && left(queue, cls) > q.nominal;
            borrows.set(queue, borrowed);
          }
          victim = borrowed;
        }
        if (!victim) continue;
        picked.push(r);
        total += runs.total[r]!;
        const f = runs.first[r]!;
        for (let j = f; j < f + runs.count[r]!; j++) vf.add(runs.nodes[j]!, runs.perNode[j]!);
      }
      if (vf.count >= shape.nodes && (!best || total < best.total)) best = { victims: picked, total };
    }
    if (terminating > 0) {
      const t = waitText([{ key: "preempted-releasing", params: { workloads: terminating } }]);
      waiting[at] = { workload: w.id, code: "preempting", reason: t.reason, clauses: t.clauses };
      continue;
    }
    if (!best) continue;
    for (const r of best.victims) {
      const v = s.workload(r);
      s.markTerminating(r);
      orders.get(runs.partition[r]!)?.terminating.push(r);
      const cls = v.acceleratorClass;
      const q = s.ledger.quota(v.queue, cls);
      const wasBorrowing = q !== undefined && left(v.queue, cls) > q.nominal && entitled(cls);
      usageLeft.set(`${v.queue}\u0000${cls}`, left(v.queue, cls) - runs.total[r]!);
      const cause: PreemptionCause = wasBorrowing
        ? { key: "preempting-reclaim", params: { project: v.queue, acceleratorClass: cls, nominal: q.nominal, for: w.id, forQueue: w.queue } }
        : { key: "preempting-tier", params: { tier: v.priorityTier, for: w.id, forQueue: w.queue, forTier: w.priorityTier } };
      preemptions.push({ workload: v.id, for: w.id, gracePeriodSeconds: policy.gracePeriodSeconds, cause, reason: preemptionCauseText(cause, "en") });
    }
    const t = waitText([{ key: "preempting", params: { workloads: best.victims.length, accelerators: best.total, withinSeconds: policy.gracePeriodSeconds } }]);
    waiting[at] = { workload: w.id, code: "preempting", reason: t.reason, clauses: t.clauses };
  }
}
