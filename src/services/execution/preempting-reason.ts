/** What a preempted run's row and event say: the scheduler's cause, then its grace to checkpoint. */
import { lifecycleReason, type LifecycleReason } from "../../domain/workloads/index.js";
import type { Preemption } from "../../scheduler/index.js";

export function preemptingReason(p: Pick<Preemption, "cause" | "gracePeriodSeconds">): LifecycleReason {
  return lifecycleReason(p.cause, { key: "checkpoint-grace", params: { seconds: p.gracePeriodSeconds } });
}
