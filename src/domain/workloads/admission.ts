/**
 * Admission: whether a project's allocation and the fleet allow a workload at all, checked at
 * submission with every failing rule named. The balance is not checked here: the service reserves
 * time limit x accelerators against it atomically in the database.
 */
import type { Violation } from "../errors.js";
import { reservationSeconds } from "../metering/reservation.js";
import type { Allocation, Instant } from "../programs/allocation.js";
import type { WorkloadErrorCode } from "./error-codes.js";
import type { WorkloadRequest } from "./workload.js";

/** One partition of the fleet: the nodes of one model in one cluster (a gang never leaves one). */
export interface Partition {
  readonly cluster: string;
  readonly model: string;
  readonly acceleratorClass: string;
  readonly nodes: number;
  readonly acceleratorsPerNode: number;
}

/** What admission settles about a workload. */
export interface Admitted {
  readonly acceleratorClass: string;
  /** The one model asked for, or null for any model of the class. */
  readonly model: string | null;
  readonly accelerators: number;
  readonly priorityTier: number;
  readonly timeLimitSeconds: number;
  /** Time limit x accelerators: what the submission reserves against the balance. */
  readonly reservationSeconds: bigint;
}

export type WorkloadViolation = Violation & { readonly rule: WorkloadErrorCode };

export type AdmissionResult = { readonly ok: true; readonly value: Admitted } | { readonly ok: false; readonly violations: readonly WorkloadViolation[] };

function v(rule: WorkloadErrorCode, field: string, message: string): WorkloadViolation {
  return { rule, field, message };
}

/** Checks a request against the allocation and the fleet's partitions at `now`. */
export function admitWorkload(request: WorkloadRequest, allocation: Allocation, partitions: readonly Partition[], now: Instant): AdmissionResult {
  const problems: WorkloadViolation[] = [];
  const nowMs = Date.parse(now);
  if (allocation.status !== "active" || nowMs < Date.parse(allocation.startsAt) || nowMs >= Date.parse(allocation.endsAt)) {
    problems.push(v("ALLOCATION_NOT_ACTIVE", "projectId", `the allocation runs from ${allocation.startsAt} to ${allocation.endsAt} and is ${allocation.status}`));
  }
  const byModel = partitions.filter((p) => p.model === request.model);
  const byClass = partitions.filter((p) => p.acceleratorClass === request.acceleratorClass);
  const candidates = request.model !== undefined ? byModel : byClass;
  const field = request.model !== undefined ? "model" : "acceleratorClass";
  const acceleratorClass = request.model !== undefined ? byModel[0]?.acceleratorClass : request.acceleratorClass;
  const accelerators = request.acceleratorsPerNode * request.nodes;
  if (candidates.length === 0 || acceleratorClass === undefined) {
    problems.push(v("WORKLOAD_MODEL_UNKNOWN", field, `the fleet has no ${field === "model" ? "model" : "class"} ${request.model ?? request.acceleratorClass} in service`));
  } else {
    const grant = allocation.grants.find((g) => g.acceleratorClass === acceleratorClass);
    if (grant === undefined || grant.releasedHours <= 0n) {
      problems.push(v("WORKLOAD_CLASS_NOT_ALLOWED", field, `the allocation grants no ${acceleratorClass} hours (it grants ${allocation.grants.map((g) => g.acceleratorClass).join(", ") || "none"})`));
    } else if (accelerators > grant.maxConcurrent) {
      problems.push(v("WORKLOAD_EXCEEDS_CONCURRENT", "acceleratorsPerNode", `${request.nodes} node(s) x ${request.acceleratorsPerNode} = ${accelerators} accelerators; the allocation allows ${grant.maxConcurrent} ${acceleratorClass} at once`));
    }
    const wideEnough = candidates.filter((p) => p.acceleratorsPerNode >= request.acceleratorsPerNode);
    if (wideEnough.length === 0) {
      const widest = Math.max(...candidates.map((p) => p.acceleratorsPerNode));
      problems.push(v("WORKLOAD_SHAPE_INVALID", "acceleratorsPerNode", `${request.acceleratorsPerNode} per node asked; the largest ${request.model ?? request.acceleratorClass} node has ${widest}`));
    } else if (!wideEnough.some((p) => p.nodes >= request.nodes)) {
      const most = Math.max(...wideEnough.map((p) => p.nodes));
      problems.push(v("WORKLOAD_NEVER_FITS", "nodes", `${request.nodes} nodes asked; the largest cluster partition of ${request.model ?? request.acceleratorClass} with ${request.acceleratorsPerNode} per node has ${most}`));
    }
  }
  const priorityTier = request.priorityTier ?? allocation.priorityTier;
  if (priorityTier > allocation.priorityTier) {
    problems.push(v("WORKLOAD_PRIORITY_TOO_HIGH", "priorityTier", `tier ${priorityTier} asked; the allocation's tier is ${allocation.priorityTier}`));
  }
  const timeLimitSeconds = request.timeLimitMinutes * 60;
  if (nowMs + timeLimitSeconds * 1000 > Date.parse(allocation.endsAt)) {
    problems.push(v("WORKLOAD_BEYOND_ALLOCATION", "timeLimitMinutes", `a ${request.timeLimitMinutes}-minute limit from now ends after the allocation's end ${allocation.endsAt}`));
  }
  if (problems.length > 0 || acceleratorClass === undefined) return { ok: false, violations: problems };
  return {
    ok: true,
    value: {
      acceleratorClass,
      model: request.model ?? null,
      accelerators,
      priorityTier,
      timeLimitSeconds,
      reservationSeconds: reservationSeconds(accelerators, timeLimitSeconds),
    },
  };
}
