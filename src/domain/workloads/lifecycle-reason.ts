/**
 * Lifecycle reasons: what a workload's row and events say about its life outside the queue
 * (submitted, placed, running, preempting, cancelled, ended, requeued), as clauses (a stable key
 * and its figures) rendered in English and Korean. The English rendering is the `reason` text
 * written beside the clauses, so the English exists once; the API renders Korean from the stored
 * clauses. Waiting reasons are the scheduler's own clauses (scheduler/waiting-reason-text.ts).
 *
 * It lives in domain/ because its facts are the workload's (clusters, jobs, exit codes), not the
 * scheduler's, and services, http and cli all render it. Pure: no I/O, no clock.
 */
import { CLAUSE_SEPARATOR, isClauseList, renderClause, renderClauses, type ClauseTable } from "../clause-text.js";
import { withParticle } from "../korean-particles.js";
import type { Language } from "../language.js";

/** Text a cluster reported (Slurm's reason, the simulator's), kept as it came; null: none given. */
type ClusterSaid = string | null;

/** Why the scheduler preempts a running workload (scheduler/preemption.ts gives it on each preemption). */
export type PreemptionCause =
  /** To reclaim what its project borrowed beyond its nominal quota. */
  | {
      readonly key: "preempting-reclaim";
      readonly params: { readonly project: string; readonly acceleratorClass: string; readonly nominal: number; readonly for: string; readonly forQueue: string };
    }
  /** Being preemptible, for work of a higher tier. */
  | { readonly key: "preempting-tier"; readonly params: { readonly tier: number; readonly for: string; readonly forQueue: string; readonly forTier: number } };

/** One fact of a lifecycle reason: a stable key (never renamed) and its figures. */
export type LifecycleClause =
  /** The submission's event. */
  | { readonly key: "submitted"; readonly params: Readonly<Record<string, never>> }
  /** A new workload's reason until the scheduler writes why it waits. */
  | { readonly key: "queued-for-scheduler"; readonly params: Readonly<Record<string, never>> }
  /** The scheduler placed it: the same count on every node. */
  | {
      readonly key: "placed";
      readonly params: { readonly cluster: string; readonly nodes: number; readonly perNode: number; readonly model: string; readonly backfilled: boolean };
    }
  /** Its run's job was submitted to the cluster, or found there and adopted after a crash. */
  | { readonly key: "job-submitted"; readonly params: { readonly job: string; readonly cluster: string; readonly adopted: boolean } }
  /** The job started (the event). */
  | { readonly key: "job-started"; readonly params: { readonly job: string; readonly nodes: readonly string[] } }
  /** The job runs (the row). */
  | { readonly key: "running"; readonly params: { readonly cluster: string } }
  /** Preempted: the scheduler's cause. */
  | PreemptionCause
  /** How long a preempted run has to checkpoint. */
  | { readonly key: "checkpoint-grace"; readonly params: { readonly seconds: number } }
  | { readonly key: "cancelled-by"; readonly params: { readonly by: string } }
  | { readonly key: "cancelled-while-queued"; readonly params: Readonly<Record<string, never>> }
  | { readonly key: "cancel-requested"; readonly params: Readonly<Record<string, never>> }
  /** A cancel requested before reasons were kept (no earlier reason to repeat). */
  | { readonly key: "cancelled-on-request"; readonly params: Readonly<Record<string, never>> }
  | { readonly key: "cancelled-before-start"; readonly params: Readonly<Record<string, never>> }
  | { readonly key: "cancelled-on-cluster"; readonly params: { readonly clusterReason: ClusterSaid } }
  /** Stopped by the program's policy when the allocation's balance is used up. */
  | { readonly key: "balance-exhausted"; readonly params: Readonly<Record<string, never>> }
  | { readonly key: "time-limit"; readonly params: { readonly minutes: number } }
  | { readonly key: "completed"; readonly params: Readonly<Record<string, never>> }
  /** The run failed: the cluster's words when it gave some, else the exit code. */
  | { readonly key: "failed"; readonly params: { readonly clusterReason: ClusterSaid; readonly exitCode: number | null } }
  | { readonly key: "preempted-requeued"; readonly params: { readonly cluster: string } }
  /** Requeued after its nodes failed (named, or its cluster when the cluster named none). */
  | { readonly key: "node-failure"; readonly params: { readonly nodes: readonly string[]; readonly cluster: string; readonly credited: number } }
  | { readonly key: "job-vanished"; readonly params: { readonly job: string; readonly run: string; readonly cluster: string } }
  /** Withdrawn and requeued: its job stayed pending on its assigned nodes too long. */
  | { readonly key: "withdrawn-pending"; readonly params: { readonly seconds: number; readonly clusterReason: ClusterSaid } }
  /** Follows a requeue's cause when the attempts are used up. */
  | { readonly key: "gave-up"; readonly params: { readonly attempts: number } }
  /** Follows a requeue's cause when the balance cannot reserve another run. */
  | { readonly key: "balance-short"; readonly params: Readonly<Record<string, never>> };

export type LifecycleClauseKey = LifecycleClause["key"];

/** The clauses of one lifecycle reason, in order (one to three). */
export type LifecycleClauses = readonly LifecycleClause[];

/**
 * A reason as written: its English text and, when it is one of ours, its clauses. Clauses are
 * null only for text kept from before clauses were stored.
 */
export interface LifecycleReason {
  readonly reason: string;
  readonly clauses: LifecycleClauses | null;
}

/** A preemption's cause in each language, as the scheduler states it (without "preempting:"). */
const CAUSE: ClauseTable<PreemptionCause> = {
  "preempting-reclaim": {
    en: (p) => `project ${p.project} borrows ${p.acceleratorClass} beyond its nominal ${p.nominal}; reclaimed for ${p.for} of ${p.forQueue}, which is within its nominal quota`,
    ko: (p) => `프로젝트 ${withParticle(p.project, "이/가")} ${p.acceleratorClass} 기본 할당량 ${p.nominal}개를 넘어 빌려 쓰고 있어, 기본 할당량 안에 있는 ${p.forQueue}의 ${p.for}에 돌려줌`,
  },
  "preempting-tier": {
    en: (p) => `preemptible workload (tier ${p.tier}) makes room for ${p.for} of ${p.forQueue} (tier ${p.forTier})`,
    ko: (p) => `선점 가능한 워크로드(등급 ${p.tier})로서 ${p.forQueue}의 ${p.for}(등급 ${p.forTier})에 자리를 내줌`,
  },
};

/** A preemption's cause in words (the scheduler's `Preemption.reason` is its English). */
export function preemptionCauseText(cause: PreemptionCause, lang: Language): string {
  return renderClause(CAUSE, cause, lang);
}

const NO_REASON_EN = "no reason given";
const NO_REASON_KO = "사유 없음";

const RENDER: ClauseTable<LifecycleClause> = {
  submitted: { en: () => "submitted", ko: () => "제출됨" },
  "queued-for-scheduler": { en: () => "waiting for the scheduler", ko: () => "스케줄러 대기 중" },
  placed: {
    en: (p) => `placed on ${p.cluster}: ${p.nodes} x ${p.perNode} ${p.model}${p.backfilled ? " (backfilled)" : ""}`,
    ko: (p) => `${p.cluster}에 배치됨: 노드 ${p.nodes}개 x 노드당 ${p.model} ${p.perNode}개${p.backfilled ? " (백필)" : ""}`,
  },
  "job-submitted": {
    en: (p) => `${p.adopted ? "adopted" : "submitted"} job ${p.job} on ${p.cluster}`,
    ko: (p) => (p.adopted ? `${p.cluster}에 이미 제출된 작업 ${withParticle(p.job, "을/를")} 넘겨받음` : `${p.cluster}에 작업 ${p.job} 제출됨`),
  },
  "job-started": {
    en: (p) => `job ${p.job} started on ${p.nodes.join(",")}`,
    ko: (p) => `작업 ${withParticle(p.job, "이/가")} ${p.nodes.join(",")}에서 시작됨`,
  },
  running: { en: (p) => `running on ${p.cluster}`, ko: (p) => `${p.cluster}에서 실행 중` },
  "preempting-reclaim": { en: (p) => `preempting: ${CAUSE["preempting-reclaim"].en(p)}`, ko: (p) => `선점 중: ${CAUSE["preempting-reclaim"].ko(p)}` },
  "preempting-tier": { en: (p) => `preempting: ${CAUSE["preempting-tier"].en(p)}`, ko: (p) => `선점 중: ${CAUSE["preempting-tier"].ko(p)}` },
  "checkpoint-grace": { en: (p) => `${p.seconds} s to checkpoint`, ko: (p) => `체크포인트까지 ${p.seconds}초` },
  "cancelled-by": { en: (p) => `cancelled by ${p.by}`, ko: (p) => `${p.by}의 요청으로 취소됨` },
  "cancelled-while-queued": { en: () => "cancelled while queued", ko: () => "대기 중에 취소됨" },
  "cancel-requested": { en: () => "cancel requested", ko: () => "취소 요청됨" },
  "cancelled-on-request": { en: () => "cancelled on request", ko: () => "요청에 따라 취소됨" },
  "cancelled-before-start": { en: () => "cancelled before it started", ko: () => "시작하기 전에 취소됨" },
  "cancelled-on-cluster": {
    en: (p) => `cancelled on the cluster: ${p.clusterReason ?? NO_REASON_EN}`,
    ko: (p) => `클러스터에서 취소됨: ${p.clusterReason ?? NO_REASON_KO}`,
  },
  "balance-exhausted": {
    en: () => "stopped: the allocation's balance is used up (program policy: stop at the limit)",
    ko: () => "중지됨: 배정 잔액을 모두 사용함 (프로그램 정책: 한도에서 중지)",
  },
  "time-limit": { en: (p) => `reached its time limit of ${p.minutes} min`, ko: (p) => `시간 제한 ${p.minutes}분에 도달함` },
  completed: { en: () => "completed", ko: () => "완료됨" },
  failed: {
    // The cluster's words say more than the exit code; without them the code is all there is.
    en: (p) => p.clusterReason ?? `exit code ${p.exitCode ?? "unknown"}`,
    ko: (p) => `실패함: ${p.clusterReason ?? `종료 코드 ${p.exitCode ?? "알 수 없음"}`}`,
  },
  "preempted-requeued": { en: (p) => `preempted on ${p.cluster}; requeued`, ko: (p) => `${p.cluster}에서 선점되어 다시 대기열에 들어감` },
  "node-failure": {
    en: (p) => `node failure on ${p.nodes.join(",") || p.cluster} (${p.credited} accelerator-seconds credited back)`,
    ko: (p) => `${p.nodes.join(",") || p.cluster}에서 노드 장애 발생 (가속기-초 ${p.credited} 환급)`,
  },
  "job-vanished": {
    en: (p) => `job ${p.job} of run ${p.run} vanished from cluster ${p.cluster}`,
    ko: (p) => `실행 ${p.run}의 작업 ${withParticle(p.job, "이/가")} 클러스터 ${p.cluster}에서 사라짐`,
  },
  "withdrawn-pending": {
    en: (p) => `withdrawn: pending on its nodes for more than ${p.seconds} s (${p.clusterReason ?? NO_REASON_EN})`,
    ko: (p) => `회수됨: 배정된 노드에서 ${p.seconds}초 넘게 대기함 (${p.clusterReason ?? NO_REASON_KO})`,
  },
  "gave-up": { en: (p) => `gave up after ${p.attempts} attempts`, ko: (p) => `${p.attempts}번 시도한 뒤 포기함` },
  "balance-short": { en: () => "the allocation's balance cannot cover another run", ko: () => "배정 잔액으로 한 번 더 실행할 수 없음" },
};

/** Every lifecycle key, in the order of the table above (for documentation and tests). */
export const LIFECYCLE_CLAUSE_KEYS: readonly LifecycleClauseKey[] = Object.freeze(Object.keys(RENDER) as LifecycleClauseKey[]);

/**
 * Whether a stored value is a clause list this version can render: rows may hold clauses of a
 * newer version with keys added since (keys are never renamed), or none at all.
 */
export function isLifecycleClauses(value: unknown): value is LifecycleClauses {
  return isClauseList(RENDER, value);
}

/** One clause in one language. */
export function lifecycleClauseText(clause: LifecycleClause, lang: Language): string {
  return renderClause(RENDER, clause, lang);
}

/** A whole reason in one language: its clauses, in order. */
export function lifecycleReasonText(clauses: LifecycleClauses, lang: Language): string {
  return renderClauses(RENDER, clauses, lang);
}

/** A reason from its clauses, with the English text to write beside them. */
export function lifecycleReason(...clauses: LifecycleClauses): LifecycleReason {
  return { clauses, reason: lifecycleReasonText(clauses, "en") };
}

/** `reason` followed by one more clause; a reason kept without clauses gains only the English. */
export function lifecycleFollowedBy(reason: LifecycleReason, clause: LifecycleClause): LifecycleReason {
  const more = lifecycleClauseText(clause, "en");
  return { clauses: reason.clauses === null ? null : [...reason.clauses, clause], reason: reason.reason + CLAUSE_SEPARATOR.en + more };
}

/**
 * A reason as a row or event holds it: its stored clauses when this version can render them
 * (re-rendering would only repeat the text written with them), else its text alone; null for none.
 */
export function storedLifecycleReason(reason: string | null, stored: unknown): LifecycleReason | null {
  if (reason === null) return null;
  return { reason, clauses: isLifecycleClauses(stored) ? stored : null };
}
