/**
 * DESIGN.md's Queue rule, the one place it is computed: an allocation of H accelerator-hours of
 * class K over a period of P hours with at most C concurrent accelerators gives nominal quota C for
 * K, fair-share weight H / P (its entitled average rate, in accelerators), a borrowing limit of
 * floor(C x the program's borrow factor), and lends all of its idle nominal quota (lending limit C).
 * The cohort is the program. H is the hours released so far (a pending tranche is committed against
 * the budget but not yet the project's to use). An ended allocation's queue keeps its cohort but has
 * no quota, weight or borrowing.
 */
import type { Allocation } from "./allocation.js";
import { borrowingLimit } from "./program.js";

/** One class's scheduling parameters. */
export interface QueueResource {
  readonly acceleratorClass: string;
  /** C: accelerators of the class the queue is guaranteed. */
  readonly nominalQuota: number;
  /** H / P: the entitled average number of accelerators in use. */
  readonly fairShareWeight: number;
  /** Accelerators it may borrow beyond its quota from idle capacity of its cohort, then the root. */
  readonly borrowingLimit: number;
  /** Idle nominal quota it lends to others: all of it. */
  readonly lendingLimit: number;
  /** H, the released accelerator-hours the weight is computed from. */
  readonly acceleratorHours: bigint;
}

/** The queue of a project, as the scheduler reads it. */
export interface QueueParameters {
  /** The cohort: the program's id. All cohorts sit under one national root. */
  readonly cohort: string;
  readonly active: boolean;
  readonly priorityTier: number;
  /** Sorted by class. */
  readonly resources: readonly QueueResource[];
}

/** The period P in hours (fractional when the ends are not whole hours apart). */
export function periodHours(startsAt: string, endsAt: string): number {
  return (Date.parse(endsAt) - Date.parse(startsAt)) / 3_600_000;
}

/** The queue parameters an allocation implies, under the program's borrow factor. */
export function queueFromAllocation(allocation: Allocation, borrowFactor: number): QueueParameters {
  const active = allocation.status === "active";
  const p = periodHours(allocation.startsAt, allocation.endsAt);
  return {
    cohort: allocation.programId,
    active,
    priorityTier: allocation.priorityTier,
    resources: allocation.grants.map((g) => {
      const c = active ? g.maxConcurrent : 0;
      return {
        acceleratorClass: g.acceleratorClass,
        nominalQuota: c,
        fairShareWeight: active && p > 0 ? Number(g.releasedHours) / p : 0,
        borrowingLimit: borrowingLimit(c, borrowFactor),
        lendingLimit: c,
        acceleratorHours: active ? g.releasedHours : 0n,
      };
    }),
  };
}
