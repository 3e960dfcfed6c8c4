/**
 * Admission: whether a project's allocation and the fleet allow a workload at all, checked at
 * submission with every failing rule named. The balance is not checked here: the service reserves
 * time limit x accelerators against it atomically in the database.
 */
import type { Violation } from "../errors.js";
import { withParticle } from "../korean-particles.js";
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

function v(rule: WorkloadErrorCode, field: string, message: string, messageKo: string): WorkloadViolation {
  return { rule, field, message, messageKo };
}

/** Checks a request against the allocation and the fleet's partitions at `now`. */
export function admitWorkload(request: WorkloadRequest, allocation: Allocation, partitions: readonly Partition[], now: Instant): AdmissionResult {
  const problems: WorkloadViolation[] = [];
  const nowMs = Date.parse(now);
  if (allocation.status !== "active" || nowMs < Date.parse(allocation.startsAt) || nowMs >= Date.parse(allocation.endsAt)) {
    problems.push(v("ALLOCATION_NOT_ACTIVE", "projectId", `the allocation runs from ${allocation.startsAt} to ${allocation.endsAt} and is ${allocation.status}`,
      `할당 기간은 ${allocation.startsAt}부터 ${allocation.endsAt}까지이고 상태는 ${allocation.status}입니다`,
    ));
  }
  const byModel = partitions.filter((p) => p.model === request.model);
  const byClass = partitions.filter((p) => p.acceleratorClass === request.acceleratorClass);
  const candidates = request.model !== undefined ? byModel : byClass;
  const field = request.model !== undefined ? "model" : "acceleratorClass";
  const acceleratorClass = request.model !== undefined ? byModel[0]?.acceleratorClass : request.acceleratorClass;
  const accelerators = request.acceleratorsPerNode * request.nodes;
  if (candidates.length === 0 || acceleratorClass === undefined) {
    problems.push(v("WORKLOAD_MODEL_UNKNOWN", field, `the fleet has no ${field === "model" ? "model" : "class"} ${request.model ?? request.acceleratorClass} in service`,
      `운영 중인 플릿에 ${field === "model" ? "모델" : "클래스"} ${withParticle(request.model ?? request.acceleratorClass ?? "", "이/가")} 없습니다`,
    ));
  } else {
    const grant = allocation.grants.find((g) => g.acceleratorClass === acceleratorClass);
    if (grant === undefined || grant.releasedHours <= 0n) {
      problems.push(v("WORKLOAD_CLASS_NOT_ALLOWED", field, `the allocation grants no ${acceleratorClass} hours (it grants ${allocation.grants.map((g) => g.acceleratorClass).join(", ") || "none"})`,
        `할당에 ${acceleratorClass} 시간이 없습니다(할당된 클래스: ${allocation.grants.map((g) => g.acceleratorClass).join(", ") || "없음"})`,
      ));
    } else if (accelerators > grant.maxConcurrent) {
      problems.push(v("WORKLOAD_EXCEEDS_CONCURRENT", "acceleratorsPerNode", `${request.nodes} node(s) x ${request.acceleratorsPerNode} = ${accelerators} accelerators; the allocation allows ${grant.maxConcurrent} ${acceleratorClass} at once`,
        `노드 ${request.nodes}개 × ${request.acceleratorsPerNode} = 가속기 ${accelerators}개이지만 할당은 ${withParticle(acceleratorClass, "을/를")} 동시에 ${grant.maxConcurrent}개까지 허용합니다`,
      ));
    }
    const wideEnough = candidates.filter((p) => p.acceleratorsPerNode >= request.acceleratorsPerNode);
    if (wideEnough.length === 0) {
      const widest = Math.max(...candidates.map((p) => p.acceleratorsPerNode));
      problems.push(v("WORKLOAD_SHAPE_INVALID", "acceleratorsPerNode", `${request.acceleratorsPerNode} per node asked; the largest ${request.model ?? request.acceleratorClass} node has ${widest}`,
        `노드당 ${request.acceleratorsPerNode}개를 요청했지만 가장 큰 ${request.model ?? request.acceleratorClass} 노드의 가속기는 ${widest}개입니다`,
      ));
    } else if (!wideEnough.some((p) => p.nodes >= request.nodes)) {
      const most = Math.max(...wideEnough.map((p) => p.nodes));
      problems.push(v("WORKLOAD_NEVER_FITS", "nodes", `${request.nodes} nodes asked; the largest cluster partition of ${request.model ?? request.acceleratorClass} with ${request.acceleratorsPerNode} per node has ${most}`,
        `노드 ${request.nodes}개를 요청했지만 노드당 ${request.acceleratorsPerNode}개인 ${request.model ?? request.acceleratorClass} 파티션 중 가장 큰 것의 노드는 ${most}개입니다`,
      ));
    }
  }
  const priorityTier = request.priorityTier ?? allocation.priorityTier;
  if (priorityTier > allocation.priorityTier) {
    problems.push(v("WORKLOAD_PRIORITY_TOO_HIGH", "priorityTier", `tier ${priorityTier} asked; the allocation's tier is ${allocation.priorityTier}`,
      `${priorityTier}등급을 요청했지만 할당의 등급은 ${allocation.priorityTier}등급입니다`,
    ));
  }
  const timeLimitSeconds = request.timeLimitMinutes * 60;
  if (nowMs + timeLimitSeconds * 1000 > Date.parse(allocation.endsAt)) {
    problems.push(v("WORKLOAD_BEYOND_ALLOCATION", "timeLimitMinutes", `a ${request.timeLimitMinutes}-minute limit from now ends after the allocation's end ${allocation.endsAt}`,
      `지금부터 ${request.timeLimitMinutes}분의 제한 시간은 할당이 끝나는 ${allocation.endsAt} 뒤에 끝납니다`,
    ));
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
