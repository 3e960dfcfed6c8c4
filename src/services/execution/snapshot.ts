/**
 * The scheduler's snapshot from what the store holds: the fleet's nodes less what runs on them and
 * less what operators and clusters closed (drains, maintenance windows, nodes a cluster reports
 * drained or down), each project's queue with its decayed usage, and the workloads waiting and
 * running. A plain function of its inputs, so the control loop's view can be tested without I/O.
 */
import type { FleetNode } from "../../domain/fleet.js";
import type { QueueParameters } from "../../domain/programs/queue-from-allocation.js";
import type { ClassQuota, NodeSnapshot, PendingWorkload, QueueSnapshot, RunningWorkload, SchedulingSnapshot } from "../../scheduler/index.js";

/** A workload row as the snapshot needs it. */
export interface WorkloadFacts {
  readonly id: string;
  readonly projectId: string;
  readonly state: string;
  readonly acceleratorClass: string;
  readonly model: string | null;
  readonly placedModel: string | null;
  readonly acceleratorsPerNode: number;
  readonly accelerators: number;
  readonly nodes: readonly string[] | null;
  readonly timeLimitSeconds: number;
  readonly priorityTier: number;
  readonly preemptible: boolean;
  readonly submittedAt: Date;
  readonly dispatchedAt: Date | null;
  readonly startedAt: Date | null;
  readonly terminating: boolean;
}

export interface SnapshotInput {
  readonly nodes: readonly FleetNode[];
  readonly kindOfModel: (model: string) => "gpu" | "npu";
  /** Nodes closed to new work now: drained, in (or about to enter) maintenance, down. */
  readonly closed: ReadonlySet<string>;
  readonly queues: readonly { readonly projectId: string; readonly parameters: QueueParameters; readonly decayedUsage: number; readonly usageAsOf: number }[];
  readonly workloads: readonly WorkloadFacts[];
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function buildSnapshot(input: SnapshotInput): SchedulingSnapshot {
  const used = new Map<string, number>();
  const pending: PendingWorkload[] = [];
  const running: RunningWorkload[] = [];
  for (const w of input.workloads) {
    if (w.state === "queued") {
      pending.push({
        id: w.id,
        queue: w.projectId,
        request: w.model !== null ? { kind: "model", name: w.model } : { kind: "class", name: w.acceleratorClass },
        accelerators: w.accelerators,
        acceleratorsPerNode: w.acceleratorsPerNode,
        timeLimitSeconds: w.timeLimitSeconds,
        priorityTier: w.priorityTier,
        submittedAt: seconds(w.submittedAt),
        preemptible: w.preemptible,
      });
    } else if ((w.state === "dispatched" || w.state === "running") && w.nodes !== null) {
      for (const node of w.nodes) used.set(node, (used.get(node) ?? 0) + w.acceleratorsPerNode);
      running.push({
        id: w.id,
        queue: w.projectId,
        acceleratorClass: w.acceleratorClass,
        model: w.placedModel ?? w.model ?? "",
        nodes: w.nodes.map((node) => ({ node, accelerators: w.acceleratorsPerNode })),
        startedAt: seconds(w.startedAt ?? w.dispatchedAt ?? w.submittedAt),
        timeLimitSeconds: w.timeLimitSeconds,
        priorityTier: w.priorityTier,
        preemptible: w.preemptible,
        ...(w.terminating ? { terminating: true } : {}),
      });
    }
  }
  const nodes: NodeSnapshot[] = input.nodes.map((n) => ({
    id: n.id,
    site: n.site,
    cluster: n.cluster,
    pod: n.pod,
    rack: n.rack,
    nvlinkDomain: n.nvlinkDomain,
    model: n.model,
    acceleratorClass: n.acceleratorClass,
    kind: input.kindOfModel(n.model),
    accelerators: n.accelerators,
    free: Math.max(0, n.accelerators - (used.get(n.id) ?? 0)),
    schedulable: !input.closed.has(n.id),
  }));
  const cohorts = new Set<string>();
  const queues: QueueSnapshot[] = input.queues.map((q) => {
    cohorts.add(q.parameters.cohort);
    const quotas: Record<string, ClassQuota> = {};
    let weight = 0;
    if (q.parameters.active) {
      for (const r of q.parameters.resources) {
        quotas[r.acceleratorClass] = { nominal: r.nominalQuota, borrowingLimit: r.borrowingLimit, lendingLimit: r.lendingLimit };
        weight += r.fairShareWeight;
      }
    }
    // The scheduler wants a positive weight; an inactive queue has no quota, so its weight never matters.
    return { id: q.projectId, cohort: q.parameters.cohort, weight: weight > 0 ? weight : 1e-9, decayedUsage: q.decayedUsage, usageAsOf: q.usageAsOf, quotas };
  });
  return { nodes, queues, cohorts: [...cohorts].map((id) => ({ id })), pending, running };
}
