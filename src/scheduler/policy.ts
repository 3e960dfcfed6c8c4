/**
 * Scheduling policies: `highway` (this design) and the two baselines it is measured against,
 * `fifo` and `slurm`. A policy is frozen configuration; the algorithms live in scheduler-state.ts.
 */

/** How pending workloads are ordered. */
export type Ordering =
  /** Queue with the lowest (decayed usage rate + allocation) / weight first, then tier, then age. */
  | "fair-share"
  /** Slurm's multifactor priority: age, fair share (2^-U/S) and job size. */
  | "slurm-multifactor"
  /** Submission order, and nothing passes a blocked workload. */
  | "fifo";

/** Slurm multifactor weights (PriorityWeight*), used by `slurm-multifactor`. */
export interface SlurmWeights {
  readonly age: number;
  readonly maxAgeSeconds: number;
  readonly fairShare: number;
  readonly jobSize: number;
}

/** Frozen scheduling policy. */
export interface SchedulerPolicy {
  readonly name: string;
  readonly ordering: Ordering;
  /** Half-life of the usage decay in fair share. */
  readonly fairShareHalfLifeSeconds: number;
  /** Whether a queue's fair-share key counts what it holds now besides its decayed usage. */
  readonly fairShareCountsAllocation: boolean;
  /** How many of the top blocked workloads get a reservation (Slurm EASY: 1). */
  readonly reservations: number;
  /**
   * The most of a partition's capacity its reservations may want together; a partition's first
   * reservation is made whatever its size. 1: only `reservations` limits them.
   */
  readonly reservationShare: number;
  /**
   * A reservation is recomputed (a walk over running workloads) at most this often; in between it
   * stays in force with its nodes and start time (Slurm's bf_interval). 0: every full cycle.
   */
  readonly reservationRefreshSeconds: number;
  /** Whether later workloads may start in gaps that do not delay a reservation. */
  readonly backfill: boolean;
  /**
   * A multi-node workload that fits in one pod waits this long (since submission) for one pod
   * before it may span pods of its cluster; Slurm's `--switches=N@time` in spirit.
   */
  readonly podWaitSeconds: number;
  readonly preemption: {
    readonly enabled: boolean;
    readonly gracePeriodSeconds: number;
    /** A workload is never preempted before it has run this long. */
    readonly minRuntimeSeconds: number;
    /** Blocked workloads per cycle that may preempt, bounding the cost of the search. */
    readonly maxPreemptorsPerCycle: number;
  };
  readonly slurm: SlurmWeights;
}

const DAY = 86_400;

const SLURM_WEIGHTS: SlurmWeights = Object.freeze({ age: 1000, maxAgeSeconds: 7 * DAY, fairShare: 10_000, jobSize: 1000 });

/**
 * AI Highway's policy: fair share (allocation plus usage with a one-day half-life), up to three
 * reservations wanting at most half of a partition beyond its first, with backfill, topology with a
 * 10-minute wait for one pod, and preemption (60 s grace, 10 min minimum runtime).
 * docs/scheduler-history.md shows how these were chosen (the fifth and sixth sessions).
 */
export function highwayPolicy(overrides: Partial<SchedulerPolicy> = {}): SchedulerPolicy {
  return Object.freeze({
    name: "highway",
    ordering: "fair-share",
    // What a queue holds now plus what it used over about the last day: fairness is judged on
    // daily shares, and a one-hour memory forgot by the afternoon who ran all morning.
    fairShareHalfLifeSeconds: 86_400,
    fairShareCountsAllocation: true,
    // Fair share puts the blocked head of the least-served queue first, and each reservation
    // serves one queue: with one, large jobs of the other queues wait their turn for it while
    // small jobs take every freed accelerator (docs/scheduler-history.md, "Policies compared").
    reservations: 3,
    // Each reservation drains capacity that smaller work could use until its start: beyond a
    // partition's first, they may want at most half of it together, so three large gangs do not
    // hold most of a cluster while small ones (each wanting little) still get theirs.
    reservationShare: 0.5,
    reservationRefreshSeconds: 60,
    backfill: true,
    podWaitSeconds: 600,
    preemption: Object.freeze({ enabled: true, gracePeriodSeconds: 60, minRuntimeSeconds: 600, maxPreemptorsPerCycle: 8 }),
    slurm: SLURM_WEIGHTS,
    ...overrides,
  });
}

/**
 * The Slurm baseline: multifactor priority (age 1000 over 7 days, fair share 10000 with a 7-day
 * half-life, job size 1000 favouring small jobs) and EASY backfill (one reservation).
 */
export function slurmPolicy(overrides: Partial<SchedulerPolicy> = {}): SchedulerPolicy {
  return Object.freeze({
    name: "slurm",
    ordering: "slurm-multifactor",
    fairShareHalfLifeSeconds: 7 * DAY,
    fairShareCountsAllocation: false,
    reservations: 1,
    reservationShare: 1,
    reservationRefreshSeconds: 30,
    backfill: true,
    podWaitSeconds: 0,
    preemption: Object.freeze({ enabled: false, gracePeriodSeconds: 0, minRuntimeSeconds: 0, maxPreemptorsPerCycle: 0 }),
    slurm: SLURM_WEIGHTS,
    ...overrides,
  });
}

/** Strict first-in first-out: no backfill, no reservations, no preemption. */
export function fifoPolicy(overrides: Partial<SchedulerPolicy> = {}): SchedulerPolicy {
  return Object.freeze({
    name: "fifo",
    ordering: "fifo",
    fairShareHalfLifeSeconds: 7 * DAY,
    fairShareCountsAllocation: false,
    reservations: 0,
    reservationShare: 1,
    reservationRefreshSeconds: 0,
    backfill: false,
    podWaitSeconds: 0,
    preemption: Object.freeze({ enabled: false, gracePeriodSeconds: 0, minRuntimeSeconds: 0, maxPreemptorsPerCycle: 0 }),
    slurm: SLURM_WEIGHTS,
    ...overrides,
  });
}

/** The policy of a name used on the command line. */
export function policyByName(name: string): SchedulerPolicy {
  switch (name) {
    case "highway":
      return highwayPolicy();
    case "slurm":
      return slurmPolicy();
    case "fifo":
      return fifoPolicy();
    default:
      throw new Error(`unknown policy ${name}; expected highway, slurm or fifo`);
  }
}
