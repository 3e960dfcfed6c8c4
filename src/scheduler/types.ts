/**
 * The scheduler's contract: the snapshot it reads and the decisions it returns. The control loop
 * persists these shapes, so they are plain readonly data. Times are seconds since the Unix epoch
 * (or since the start of a simulation); accelerator counts are whole accelerators.
 */

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
  readonly reason: string;
}

/** Why a workload is still waiting, in words a person reads, with a stable code for programs. */
export interface WaitingReason {
  readonly workload: string;
  readonly code: WaitCode;
  readonly reason: string;
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

/** The output of one cycle. */
export interface Decisions {
  readonly placements: readonly Placement[];
  readonly preemptions: readonly Preemption[];
  readonly waiting: readonly WaitingReason[];
}
