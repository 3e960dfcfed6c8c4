/**
 * The scheduler's contract: the snapshot it reads and the decisions it returns. The control loop
 * persists these shapes, so they are plain readonly data. Times are seconds since the Unix epoch
 * (or since the start of a simulation); accelerator counts are whole accelerators.
 */

import type { PreemptionCause } from "../domain/workloads/lifecycle-reason.js";

/** A node as the scheduler sees it; topology ids are unique across the fleet. */
export interface NodeSnapshot {
  readonly id: string;
  readonly site: string;
  readonly cluster: string;
  /** InfiniBand leaf group. */
  readonly pod: string;
  readonly rack: string;
  readonly nvlinkDomain: string;
  readonly model: string;
  readonly acceleratorClass: string;
  readonly kind: "gpu" | "npu";
  /** Accelerators installed. */
  readonly accelerators: number;
  /** Accelerators free now: running workloads are already subtracted. */
  readonly free: number;
  /** False for drained or down nodes: nothing new is placed there. */
  readonly schedulable: boolean;
}

/** A queue's quota for one accelerator class (DESIGN.md, Queue). */
export interface ClassQuota {
  /** Accelerators the queue is entitled to at any time. */
  readonly nominal: number;
  /** How far beyond nominal it may borrow idle quota of its cohort and then of the root. */
  readonly borrowingLimit: number;
  /** How much of its idle nominal quota others may borrow. */
  readonly lendingLimit: number;
}

/** One project's queue. */
export interface QueueSnapshot {
  readonly id: string;
  readonly cohort: string;
  /** Fair-share weight: the entitled average rate in accelerators (H / P of the award); > 0. */
  readonly weight: number;
  /** Accelerator-seconds used, exponentially decayed to `usageAsOf`. */
  readonly decayedUsage: number;
  readonly usageAsOf: number;
  /**
   * Quota per accelerator class. Absent: the queue is not quota-limited (trace replay); present
   * but without an entry for a class: no access to that class.
   */
  readonly quotas?: Readonly<Record<string, ClassQuota>>;
}

/** A cohort (a program); all cohorts lend to and borrow from one national root. */
export interface CohortSnapshot {
  readonly id: string;
}

/** What a workload asks for: one model, a class of interchangeable models, or any GPU. */
export type AcceleratorRequest =
  | { readonly kind: "model"; readonly name: string }
  | { readonly kind: "class"; readonly name: string }
  | { readonly kind: "any-gpu" };

/** A workload waiting to run. */
export interface PendingWorkload {
  readonly id: string;
  readonly queue: string;
  readonly request: AcceleratorRequest;
  /** Total accelerators; a gang: all or nothing. */
  readonly accelerators: number;
  /** Accelerators on every node; absent: the scheduler picks the shape from the model's node size. */
  readonly acceleratorsPerNode?: number;
  /** The only duration a policy ever sees. */
  readonly timeLimitSeconds: number;
  /** Higher runs first among equals in fair share. */
  readonly priorityTier: number;
  readonly submittedAt: number;
  /** May be preempted by non-preemptible work of the same or a higher tier. */
  readonly preemptible: boolean;
}

/** Accelerators a workload holds on one node. */
export interface NodeShare {
  readonly node: string;
  readonly accelerators: number;
}

/** A workload holding accelerators. */
export interface RunningWorkload {
  readonly id: string;
  readonly queue: string;
  readonly acceleratorClass: string;
  readonly model: string;
  readonly nodes: readonly NodeShare[];
  readonly startedAt: number;
  readonly timeLimitSeconds: number;
  readonly priorityTier: number;
  readonly preemptible: boolean;
  /** Preemption was issued; it releases its accelerators within the grace period. */
  readonly terminating?: boolean;
}

/** Everything one scheduling cycle reads. */
export interface SchedulingSnapshot {
  readonly nodes: readonly NodeSnapshot[];
  readonly queues: readonly QueueSnapshot[];
  readonly cohorts: readonly CohortSnapshot[];
  readonly pending: readonly PendingWorkload[];
  readonly running: readonly RunningWorkload[];
}

/** A workload to start now: the same accelerator count on every listed node. */
export interface Placement {
  readonly workload: string;
  readonly cluster: string;
  readonly model: string;
  readonly acceleratorClass: string;
  readonly acceleratorsPerNode: number;
  readonly nodes: readonly string[];
  /** Started out of order, in a gap left before a reservation. */
  readonly backfilled: boolean;
}

/** A running workload to stop: it gets `gracePeriodSeconds` to checkpoint, then is requeued. */
export interface Preemption {
  readonly workload: string;
  /** The waiting workload it makes room for. */
  readonly for: string;
  readonly gracePeriodSeconds: number;
  /** Why, as facts (rendered in English and Korean by domain/workloads/lifecycle-reason.ts). */
  readonly cause: PreemptionCause;
  /** The cause in English. */
  readonly reason: string;
}

/**
 * Why a workload is still waiting, in words a person reads, with a stable code for programs.
 * `reason` is the English rendering of `clauses` (waiting-reason-text.ts renders Korean too).
 */
export interface WaitingReason {
  readonly workload: string;
  readonly code: WaitCode;
  readonly reason: string;
  /** The same reason as facts, in order; shared between workloads that wait for the same reason. */
  readonly clauses: WaitClauses;
  /** For a workload holding a reservation: when it is expected to start at the latest. */
  readonly reservedStart?: number;
}

/** Stable codes of waiting reasons. */
export type WaitCode =
  | "quota"
  | "cohort-lending"
  | "never-fits"
  | "capacity"
  | "topology"
  | "reserved"
  | "behind-reservation"
  | "fifo-order"
  | "preempting"
  | "invalid";

/**
 * How a reason names the accelerators asked for: a model or class name, or null for "any GPU"
 * (each language has its own word for that).
 */
export type TargetName = string | null;

/** A multi-node gang that does not fit: its shape, and the most the best cluster or pod has free in it. */
export interface GangShortfall {
  readonly accelerators: number;
  readonly target: TargetName;
  readonly nodes: number;
  readonly perNode: number;
  /** Named when it differs from the target. */
  readonly model: string | null;
  readonly bestFree: number;
}

/**
 * One fact of a waiting reason: a stable key and its figures (counts of accelerators, names,
 * durations in whole seconds). A reason is one to three clauses, e.g. a capacity clause followed
 * by a reservation clause. Keys and parameter names are part of the API: add, never rename.
 */
export type WaitClause =
  /** The workload's queue is unknown to the scheduler. */
  | { readonly key: "queue-missing"; readonly params: { readonly queue: string } }
  /** The project has no quota for the class. */
  | { readonly key: "quota-none"; readonly params: { readonly project: string; readonly acceleratorClass: string } }
  /** The request would take the project past nominal + borrowing limit. */
  | {
      readonly key: "quota-full";
      readonly params: {
        readonly project: string;
        readonly acceleratorClass: string;
        readonly inUse: number;
        readonly asked: number;
        readonly nominal: number;
        readonly borrowable: number;
      };
    }
  /** The project may borrow, but its cohort and the root have too little idle quota to lend. */
  | {
      readonly key: "cohort-lending";
      readonly params: {
        readonly project: string;
        readonly acceleratorClass: string;
        readonly borrow: number;
        readonly nominal: number;
        readonly cohort: string;
        readonly idle: number;
      };
    }
  /** No class the request could use admits it (a request naming no class at all). */
  | { readonly key: "quota-unavailable"; readonly params: Readonly<Record<string, never>> }
  /** The fleet has no accelerator of the kind asked for. */
  | { readonly key: "unknown-target"; readonly params: { readonly target: TargetName } }
  /** No cluster has enough nodes of the size the shape needs. */
  | { readonly key: "never-fits"; readonly params: { readonly accelerators: number; readonly target: TargetName; readonly perNode: number | null } }
  /** The total is not a whole number of nodes (or not a positive whole number). */
  | { readonly key: "invalid-shape"; readonly params: { readonly accelerators: number; readonly perNode: number | null } }
  /**
   * Not enough free capacity now: on one node, within one cluster, or (topology) within one pod.
   * `model` is named when it differs from the target (a class or any-GPU request).
   */
  | {
      readonly key: "capacity-node";
      readonly params: { readonly accelerators: number; readonly target: TargetName; readonly model: string | null; readonly bestFree: number };
    }
  | { readonly key: "capacity-cluster"; readonly params: GangShortfall }
  | { readonly key: "topology-pod"; readonly params: GangShortfall }
  /** Holds a reservation: starts at the latest when running workloads reach their time limits. */
  | { readonly key: "reserved"; readonly params: { readonly withinSeconds: number } }
  /** Not reserved: the partition's reservations already want the policy's share of it. */
  | {
      readonly key: "not-reserved";
      readonly params: { readonly wanted: number; readonly capacity: number; readonly model: string; readonly cluster: string; readonly sharePercent: number };
    }
  /** Would fit now, but would still run when a reservation on that capacity starts. */
  | { readonly key: "behind-reservation"; readonly params: { readonly timeLimitSeconds: number; readonly workload: string; readonly startsInSeconds: number } }
  /** Running workloads are being preempted for it. */
  | { readonly key: "preempting"; readonly params: { readonly workloads: number; readonly accelerators: number; readonly withinSeconds: number } }
  /** Workloads preempted earlier have not released their accelerators yet. */
  | { readonly key: "preempted-releasing"; readonly params: { readonly workloads: number } }
  /** Strict submission order: it waits behind a blocked workload. */
  | { readonly key: "fifo-order"; readonly params: { readonly workload: string } };

/** The stable keys of waiting-reason clauses. */
export type WaitClauseKey = WaitClause["key"];

/** The clauses of one waiting reason, in order (one to three). */
export type WaitClauses = readonly WaitClause[];

/** The output of one cycle. */
export interface Decisions {
  readonly placements: readonly Placement[];
  readonly preemptions: readonly Preemption[];
  readonly waiting: readonly WaitingReason[];
}
