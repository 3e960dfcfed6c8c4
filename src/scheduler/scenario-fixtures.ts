/**
 * Fixture builders for scheduler tests (armada's testfixtures in spirit): small fleets, queues,
 * pending and running workloads, and a snapshot whose node free counts subtract the running ones.
 */
import type { FleetFile, NodePool } from "../domain/fleet.js";
import { fleetNodeSnapshots } from "./fleet-nodes.js";
import type { ClassQuota, NodeSnapshot, PendingWorkload, QueueSnapshot, RunningWorkload, SchedulingSnapshot } from "./types.js";

/** A pool in a test fleet: cluster id, model and pool shape. */
export interface TestPool extends Partial<NodePool> {
  readonly cluster: string;
  readonly model?: string;
}

const MODELS = {
  h100: { class: "hopper", vendor: "NVIDIA", kind: "gpu", memoryGiB: 80, bf16DenseTflops: 989, refPriceKrwPerHour: 3500 },
  b200: { class: "blackwell", vendor: "NVIDIA", kind: "gpu", memoryGiB: 180, bf16DenseTflops: 2250, refPriceKrwPerHour: 6500 },
  gb200: { class: "blackwell", vendor: "NVIDIA", kind: "gpu", memoryGiB: 186, bf16DenseTflops: 2500, refPriceKrwPerHour: 8000 },
} as const;

/** A fleet of the given pools, one cluster each (HGX defaults: 8 per node, 4 per rack, 8 racks per pod). */
export function testFleet(...pools: TestPool[]): FleetFile {
  return {
    name: "test",
    acceleratorModels: MODELS,
    sites: [
      {
        id: "site",
        name: "Test site",
        operator: "test",
        region: "KR-30",
        clusters: pools.map((p) => ({
          id: p.cluster,
          pools: [
            {
              model: p.model ?? "h100",
              nodes: p.nodes ?? 4,
              acceleratorsPerNode: p.acceleratorsPerNode ?? 8,
              nvlinkDomainNodes: p.nvlinkDomainNodes ?? 1,
              nodesPerRack: p.nodesPerRack ?? 4,
              racksPerPod: p.racksPerPod ?? 8,
            },
          ],
        })),
      },
    ],
  };
}

/** Nodes of a test fleet. */
export function testNodes(...pools: TestPool[]): NodeSnapshot[] {
  return fleetNodeSnapshots(testFleet(...pools));
}

/** A queue; `quota` gives hopper and blackwell quotas when set. */
export function queue(id: string, opts: Partial<QueueSnapshot> & { hopper?: Partial<ClassQuota>; blackwell?: Partial<ClassQuota> } = {}): QueueSnapshot {
  const quotas: Record<string, ClassQuota> = {};
  for (const cls of ["hopper", "blackwell"] as const) {
    const q = opts[cls];
    if (q) {
      const nominal = q.nominal ?? 0;
      quotas[cls] = { nominal, borrowingLimit: q.borrowingLimit ?? nominal, lendingLimit: q.lendingLimit ?? nominal };
    }
  }
  return {
    id,
    cohort: opts.cohort ?? "c1",
    weight: opts.weight ?? 1,
    decayedUsage: opts.decayedUsage ?? 0,
    usageAsOf: opts.usageAsOf ?? 0,
    ...(opts.quotas ? { quotas: opts.quotas } : Object.keys(quotas).length > 0 ? { quotas } : {}),
  };
}

/** A pending workload asking for `n` accelerators of a model (default h100). */
export function pending(id: string, queueId: string, n: number, opts: Partial<PendingWorkload> = {}): PendingWorkload {
  return {
    id,
    queue: queueId,
    request: opts.request ?? { kind: "model", name: "h100" },
    accelerators: n,
    timeLimitSeconds: opts.timeLimitSeconds ?? 3600,
    priorityTier: opts.priorityTier ?? 0,
    submittedAt: opts.submittedAt ?? 0,
    preemptible: opts.preemptible ?? false,
    ...(opts.acceleratorsPerNode !== undefined ? { acceleratorsPerNode: opts.acceleratorsPerNode } : {}),
  };
}

/** A running workload holding `perNode` accelerators on each named node. */
export function running(id: string, queueId: string, nodes: readonly string[], perNode: number, opts: Partial<RunningWorkload> = {}): RunningWorkload {
  return {
    id,
    queue: queueId,
    acceleratorClass: opts.acceleratorClass ?? "hopper",
    model: opts.model ?? "h100",
    nodes: nodes.map((node) => ({ node, accelerators: perNode })),
    startedAt: opts.startedAt ?? 0,
    timeLimitSeconds: opts.timeLimitSeconds ?? 3600,
    priorityTier: opts.priorityTier ?? 0,
    preemptible: opts.preemptible ?? false,
    ...(opts.terminating ? { terminating: true } : {}),
  };
}

/** A snapshot; node free counts are reduced by the running workloads and by `used`. */
export function snapshot(parts: {
  nodes: readonly NodeSnapshot[];
  queues: readonly QueueSnapshot[];
  pending?: readonly PendingWorkload[];
  running?: readonly RunningWorkload[];
  used?: Readonly<Record<string, number>>;
}): SchedulingSnapshot {
  const taken = new Map<string, number>(Object.entries(parts.used ?? {}));
  for (const r of parts.running ?? []) for (const s of r.nodes) taken.set(s.node, (taken.get(s.node) ?? 0) + s.accelerators);
  return {
    nodes: parts.nodes.map((n) => ({ ...n, free: n.accelerators - (taken.get(n.id) ?? 0) })),
    queues: parts.queues,
    cohorts: [...new Set(parts.queues.map((q) => q.cohort))].map((id) => ({ id })),
    pending: parts.pending ?? [],
    running: parts.running ?? [],
  };
}
