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

/** A project's queue with its decayed usage (seconds since the epoch for `usageAsOf`). */
export interface QueueInput {
  readonly projectId: string;
  readonly parameters: QueueParameters;
  readonly decayedUsage: number;
  readonly usageAsOf: number;
}

export interface SnapshotInput {
  readonly nodes: readonly FleetNode[];
  readonly kindOfModel: (model: string) => "gpu" | "npu";
  /** Nodes closed to new work now: drained, in (or about to enter) maintenance, down. */
  readonly closed: ReadonlySet<string>;
  readonly queues: readonly QueueInput[];
  readonly workloads: readonly WorkloadFacts[];
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** The snapshot of what the store holds; see the module comment. */
export function buildSnapshot(input: SnapshotInput): SchedulingSnapshot {
  const used = new Map<string, number>();
  const pending: PendingWorkload[] = [];
  const running: RunningWorkload[] = [];
  for (const w of input.workloads) {
    const held = holdingOf(w);
    if (held.kind === "pending") pending.push(held.workload);
    else if (held.kind === "running") {
      for (const node of held.workload.nodes) used.set(node.node, (used.get(node.node) ?? 0) + node.accelerators);
      running.push(held.workload);
    }
  }
  const nodes = nodeSnapshotsOf(input, used);
  const cohorts = new Set<string>();
  const queues = input.queues.map((q) => {
    cohorts.add(q.parameters.cohort);
    return queueSnapshotOf(q);
  });
  return { nodes, queues, cohorts: [...cohorts].map((id) => ({ id })), pending, running };
}

/** What the scheduler holds of a workload: waiting, holding accelerators, or nothing (on no nodes). */
export type Holding =
  | { readonly kind: "pending"; readonly workload: PendingWorkload }
  | { readonly kind: "running"; readonly workload: RunningWorkload }
  | { readonly kind: "none" };

const NOTHING: Holding = { kind: "none" };

/** A workload's facts as the scheduler sees them (the same for a snapshot and for a kept state). */
export function holdingOf(w: WorkloadFacts): Holding {
  if (w.state === "queued") {
    return {
      kind: "pending",
      workload: {
        id: w.id,
        queue: w.projectId,
        request: w.model !== null ? { kind: "model", name: w.model } : { kind: "class", name: w.acceleratorClass },
        accelerators: w.accelerators,
        acceleratorsPerNode: w.acceleratorsPerNode,
        timeLimitSeconds: w.timeLimitSeconds,
        priorityTier: w.priorityTier,
        submittedAt: seconds(w.submittedAt),
        preemptible: w.preemptible,
      },
    };
  }
  if ((w.state === "dispatched" || w.state === "running") && w.nodes !== null) {
    return {
      kind: "running",
      workload: {
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
      },
    };
  }
  return NOTHING;
}

/** The fleet's nodes, less `used` accelerators on each, closed as `input.closed` says. */
export function nodeSnapshotsOf(input: Pick<SnapshotInput, "nodes" | "kindOfModel" | "closed">, used: ReadonlyMap<string, number>): NodeSnapshot[] {
  return input.nodes.map((n) => ({
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
}

/** A project's queue as the scheduler sees it. */
export function queueSnapshotOf(q: QueueInput): QueueSnapshot {
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
}
