/**
 * Error codes of workloads and their execution, in the catalogue's shape. Admission names each
 * failing rule with one of these codes as `Violation.rule`; one failure answers with its own code,
 * several with VALIDATION_FAILED listing them all.
 */
import type { ErrorSpec } from "../errors.js";

export const WORKLOAD_ERROR_CODES = {
  /** The allocation has no hours of the requested accelerator class. */
  WORKLOAD_CLASS_NOT_ALLOWED: { status: 422, message: "The project's allocation grants no hours of this accelerator class." },
  /** The requested model is not in the fleet, or not in service. */
  WORKLOAD_MODEL_UNKNOWN: { status: 422, message: "The fleet has no accelerator model or class of this name." },
  /** Accelerators per node exceed the largest node of the requested model or class. */
  WORKLOAD_SHAPE_INVALID: { status: 422, message: "No node of the requested model or class holds this many accelerators." },
  /** No cluster has enough nodes of the model or class to ever run the workload. */
  WORKLOAD_NEVER_FITS: { status: 422, message: "No cluster of the fleet has enough nodes of this model or class for the workload." },
  /** The workload asks for more accelerators at once than the allocation's maximum. */
  WORKLOAD_EXCEEDS_CONCURRENT: { status: 422, message: "The workload asks for more accelerators than the allocation lets the project use at once." },
  /** The priority tier is higher than the allocation's. */
  WORKLOAD_PRIORITY_TOO_HIGH: { status: 422, message: "The priority tier is higher than the allocation's." },
  /** The time limit runs past the end of the allocation's period. */
  WORKLOAD_BEYOND_ALLOCATION: { status: 422, message: "The time limit runs past the end of the allocation." },
  /** The allocation has not started, has ended, or was ended early. */
  ALLOCATION_NOT_ACTIVE: { status: 409, message: "The project's allocation is not active." },
  /** The unreserved balance cannot cover time limit x accelerators. */
  ALLOCATION_BALANCE_INSUFFICIENT: { status: 409, message: "The allocation's unreserved balance cannot cover the workload's time limit times its accelerators." },
  /** Nothing of the balance is left. */
  ALLOCATION_BALANCE_EXHAUSTED: { status: 409, message: "The allocation's balance of this accelerator class is used up." },
  /** The submitting person has no Linux user to run jobs as. */
  WORKLOAD_NO_LINUX_USER: { status: 422, message: "The submitting person has no mapped Linux user to run jobs as." },
  /** The workload has ended; it cannot be cancelled. */
  WORKLOAD_ENDED: { status: 409, message: "The workload has already ended." },
  /** A deposed scheduler leader tried to write a decision. */
  SCHEDULER_FENCED: { status: 409, message: "This scheduler is no longer the leader; its decision was refused." },
  /** A node named by an operator is not in the fleet. */
  NODE_UNKNOWN: { status: 404, message: "The fleet has no node of this name." },
  /** A maintenance window ends before it starts, or lies in the past. */
  MAINTENANCE_WINDOW_INVALID: { status: 422, message: "A maintenance window must end after it starts, and not in the past." },
  /** A cluster named by an operator is not in the fleet. */
  CLUSTER_UNKNOWN: { status: 404, message: "The fleet has no cluster of this name." },
  /** The maintenance window is over; it can no longer be cancelled. */
  MAINTENANCE_WINDOW_ENDED: { status: 409, message: "The maintenance window has already ended." },
} as const satisfies Record<string, ErrorSpec>;

export type WorkloadErrorCode = keyof typeof WORKLOAD_ERROR_CODES;
