/**
 * A preempted run's reason as clauses. The scheduler names a preemption's cause in English only
 * (scheduler/preemption.ts, `Preemption.reason`), in one of two fixed forms; this reads the
 * figures back out of them so the row can say it in Korean too. Whatever is read back is
 * rendered again and must give the scheduler's words exactly, so a change of wording there
 * falls back to the `preempting` clause (its English kept as it is) instead of a wrong fact.
 */
import { lifecycleClauseText, lifecycleReason, type LifecycleClause, type LifecycleReason } from "../../domain/workloads/index.js";
import type { Preemption } from "../../scheduler/index.js";

const RECLAIM = /^project (\S+) borrows (\S+) beyond its nominal (\d+); reclaimed for (\S+) of (\S+), which is within its nominal quota$/;
const TIER = /^preemptible workload \(tier (\d+)\) makes room for (\S+) of (\S+) \(tier (\d+)\)$/;

/** The cause of a preemption as a clause. */
export function preemptionCause(p: Pick<Preemption, "reason">): LifecycleClause {
  const reclaim = RECLAIM.exec(p.reason);
  const tier = TIER.exec(p.reason);
  const read: LifecycleClause | null = reclaim
    ? { key: "preempting-reclaim", params: { project: reclaim[1]!, acceleratorClass: reclaim[2]!, nominal: Number(reclaim[3]), for: reclaim[4]!, forQueue: reclaim[5]! } }
    : tier
      ? { key: "preempting-tier", params: { tier: Number(tier[1]), for: tier[2]!, forQueue: tier[3]!, forTier: Number(tier[4]) } }
      : null;
  const generic: LifecycleClause = { key: "preempting", params: { detail: p.reason } };
  return read !== null && lifecycleClauseText(read, "en") === lifecycleClauseText(generic, "en") ? read : generic;
}

/** What a preempted run's row and event say: its cause, then its grace to checkpoint. */
export function preemptingReason(p: Pick<Preemption, "reason" | "gracePeriodSeconds">): LifecycleReason {
  return lifecycleReason(preemptionCause(p), { key: "checkpoint-grace", params: { seconds: p.gracePeriodSeconds } });
}
