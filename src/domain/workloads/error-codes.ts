/**
 * Error codes of workloads and their execution, in the catalogue's shape. Admission names each
 * failing rule with one of these codes as `Violation.rule`; one failure answers with its own code,
 * several with VALIDATION_FAILED listing them all.
 */
import type { ErrorSpec } from "../errors.js";

export const WORKLOAD_ERROR_CODES = {
  /** The allocation has no hours of the requested accelerator class. */
  WORKLOAD_CLASS_NOT_ALLOWED: {
    status: 422,
    message: "The project's allocation grants no hours of this accelerator class.",
    messageKo: "프로젝트 할당에 이 가속기 클래스의 시간이 없습니다.",
  },
  /** The requested model is not in the fleet, or not in service. */
  WORKLOAD_MODEL_UNKNOWN: {
    status: 422,
    message: "The fleet has no accelerator model or class of this name.",
    messageKo: "플릿에 이 이름의 가속기 모델이나 클래스가 없습니다.",
  },
  /** Accelerators per node exceed the largest node of the requested model or class. */
  WORKLOAD_SHAPE_INVALID: {
    status: 422,
    message: "No node of the requested model or class holds this many accelerators.",
    messageKo: "요청한 모델이나 클래스의 노드 가운데 이만큼의 가속기를 가진 노드가 없습니다.",
  },
  /** No cluster has enough nodes of the model or class to ever run the workload. */
  WORKLOAD_NEVER_FITS: {
    status: 422,
    message: "No cluster of the fleet has enough nodes of this model or class for the workload.",
    messageKo: "플릿의 어느 클러스터에도 이 워크로드를 실행할 만큼 해당 모델이나 클래스의 노드가 없습니다.",
  },
  /** The workload asks for more accelerators at once than the allocation's maximum. */
  WORKLOAD_EXCEEDS_CONCURRENT: {
    status: 422,
    message: "The workload asks for more accelerators than the allocation lets the project use at once.",
    messageKo: "워크로드가 요청한 가속기 수가 할당에서 프로젝트가 동시에 쓸 수 있는 수를 넘습니다.",
  },
  /** The priority tier is higher than the allocation's. */
  WORKLOAD_PRIORITY_TOO_HIGH: {
    status: 422,
    message: "The priority tier is higher than the allocation's.",
    messageKo: "우선순위 등급이 할당의 등급보다 높습니다.",
  },
  /** The time limit runs past the end of the allocation's period. */
  WORKLOAD_BEYOND_ALLOCATION: {
    status: 422,
    message: "The time limit runs past the end of the allocation.",
    messageKo: "제한 시간이 할당 기간이 끝난 뒤까지 이어집니다.",
  },
  /** The allocation has not started, has ended, or was ended early. */
  ALLOCATION_NOT_ACTIVE: {
    status: 409,
    message: "The project's allocation is not active.",
    messageKo: "프로젝트의 할당이 활성 상태가 아닙니다.",
  },
  /** The unreserved balance cannot cover time limit x accelerators. */
  ALLOCATION_BALANCE_INSUFFICIENT: {
    status: 409,
    message: "The allocation's unreserved balance cannot cover the workload's time limit times its accelerators.",
    messageKo: "할당의 예약되지 않은 잔여량으로는 워크로드의 제한 시간 × 가속기 수를 감당할 수 없습니다.",
  },
  /** Nothing of the balance is left. */
  ALLOCATION_BALANCE_EXHAUSTED: {
    status: 409,
    message: "The allocation's balance of this accelerator class is used up.",
    messageKo: "이 가속기 클래스의 할당 잔여량을 모두 사용했습니다.",
  },
  /** The submitting person has no Linux user to run jobs as. */
  WORKLOAD_NO_LINUX_USER: {
    status: 422,
    message: "The submitting person has no mapped Linux user to run jobs as.",
    messageKo: "제출한 사용자에게 작업을 실행할 Linux 계정이 연결되어 있지 않습니다.",
  },
  /** The workload has ended; it cannot be cancelled. */
  WORKLOAD_ENDED: {
    status: 409,
    message: "The workload has already ended.",
    messageKo: "워크로드가 이미 종료되었습니다.",
  },
  /** A deposed scheduler leader tried to write a decision. */
  SCHEDULER_FENCED: {
    status: 409,
    message: "This scheduler is no longer the leader; its decision was refused.",
    messageKo: "이 스케줄러는 더 이상 리더가 아니므로 결정이 거부되었습니다.",
  },
  /** A node named by an operator is not in the fleet. */
  NODE_UNKNOWN: {
    status: 404,
    message: "The fleet has no node of this name.",
    messageKo: "플릿에 이 이름의 노드가 없습니다.",
  },
  /** A maintenance window ends before it starts, or lies in the past. */
  MAINTENANCE_WINDOW_INVALID: {
    status: 422,
    message: "A maintenance window must end after it starts, and not in the past.",
    messageKo: "점검 기간은 시작 시각보다 뒤에 끝나야 하며 이미 지난 기간일 수 없습니다.",
  },
  /** A cluster named by an operator is not in the fleet. */
  CLUSTER_UNKNOWN: {
    status: 404,
    message: "The fleet has no cluster of this name.",
    messageKo: "플릿에 이 이름의 클러스터가 없습니다.",
  },
  /** The maintenance window is over; it can no longer be cancelled. */
  MAINTENANCE_WINDOW_ENDED: {
    status: 409,
    message: "The maintenance window has already ended.",
    messageKo: "점검 기간이 이미 끝났습니다.",
  },
} as const satisfies Record<string, ErrorSpec>;

export type WorkloadErrorCode = keyof typeof WORKLOAD_ERROR_CODES;
