/**
 * Waiting reasons in words: each clause of a WaitingReason rendered in English or Korean, and the
 * clauses of one reason joined. The scheduler renders the English `reason` here, so the English
 * text exists once; the API renders Korean from the stored clauses. Pure: no I/O, no clock.
 *
 * It lives in scheduler/ rather than domain/ because the clause types are the scheduler's output
 * (types.ts) and domain/ may not import the scheduler.
 */
import { CLAUSE_SEPARATOR, isClauseList, renderClause, renderClauses, type ClauseTable } from "../domain/clause-text.js";
import type { Language } from "../domain/language.js";
import { duration, durationKo } from "./duration.js";
import type { GangShortfall, TargetName, WaitClause, WaitClauseKey, WaitClauses } from "./types.js";

/** A reason's clauses and its English rendering, made together so they cannot disagree. */
export interface WaitText {
  readonly clauses: WaitClauses;
  readonly reason: string;
}

const enTarget = (t: TargetName): string => t ?? "GPUs";
const koTarget = (t: TargetName): string => t ?? "GPU";
const enOn = (model: string | null): string => (model === null ? "" : ` ${model}`);

function enShape(p: GangShortfall): string {
  return `${p.accelerators} ${enTarget(p.target)} (${p.nodes} nodes x ${p.perNode}${enOn(p.model)})`;
}

function koShape(p: GangShortfall): string {
  return `${koTarget(p.target)} ${p.accelerators}개(노드 ${p.nodes}개 x 노드당 ${p.perNode}개${p.model === null ? "" : `, ${p.model}`})`;
}

const RENDER: ClauseTable<WaitClause> = {
  "queue-missing": {
    en: (p) => `queue ${p.queue} does not exist`,
    ko: (p) => `존재하지 않는 큐입니다: ${p.queue}`,
  },
  "quota-none": {
    en: (p) => `project ${p.project} has no ${p.acceleratorClass} quota`,
    ko: (p) => `프로젝트 ${p.project}에는 ${p.acceleratorClass} 할당량이 없습니다`,
  },
  "quota-full": {
    en: (p) => `project ${p.project} is at its ${p.acceleratorClass} quota: ${p.inUse} in use + ${p.asked} asked > ${p.nominal} nominal + ${p.borrowable} borrowable`,
    ko: (p) =>
      `프로젝트 ${p.project}의 ${p.acceleratorClass} 할당량이 찼습니다: 사용 중 ${p.inUse}개 + 요청 ${p.asked}개 > 기본 할당량 ${p.nominal}개 + 차용 한도 ${p.borrowable}개`,
  },
  "cohort-lending": {
    en: (p) => `project ${p.project} would borrow ${p.borrow} ${p.acceleratorClass} beyond its nominal ${p.nominal}, but cohort ${p.cohort} and the root have only ${p.idle} idle to lend`,
    ko: (p) =>
      `프로젝트 ${p.project}: 기본 할당량 ${p.nominal}개를 넘어 ${p.acceleratorClass} ${p.borrow}개를 빌려야 하지만, 코호트 ${p.cohort} 및 루트에서 빌려줄 수 있는 유휴 가속기는 ${p.idle}개뿐입니다`,
  },
  "quota-unavailable": {
    en: () => "no quota",
    ko: () => "사용할 수 있는 할당량이 없습니다",
  },
  "unknown-target": {
    en: (p) => `asks for ${enTarget(p.target)}, which the fleet does not have`,
    ko: (p) => `요청한 가속기(${koTarget(p.target)})를 갖춘 클러스터가 없습니다`,
  },
  "never-fits": {
    en: (p) => `needs ${p.accelerators} ${enTarget(p.target)}${p.perNode ? ` at ${p.perNode} per node` : ""} in one cluster; no cluster has enough such nodes`,
    ko: (p) => `한 클러스터 안에 ${koTarget(p.target)} ${p.accelerators}개${p.perNode ? `(노드당 ${p.perNode}개)` : ""}가 필요하지만, 그만한 노드를 갖춘 클러스터가 없습니다`,
  },
  "invalid-shape": {
    // "undefined" is what the reason has always said for a request without a per-node count.
    en: (p) => `asks for ${p.accelerators} accelerators at ${p.perNode ?? "undefined"} per node, which is not a whole number of nodes`,
    ko: (p) => `가속기 ${p.accelerators}개를 ${p.perNode === null ? "" : `노드당 ${p.perNode}개씩 `}요청했으나, 이는 정수 개의 노드가 아닙니다`,
  },
  "capacity-node": {
    en: (p) => `needs ${p.accelerators} ${enTarget(p.target)} on one node; the best${enOn(p.model)} node has ${p.bestFree} free`,
    ko: (p) => `한 노드에 ${koTarget(p.target)} ${p.accelerators}개가 필요하지만, 가장 여유 있는 ${p.model === null ? "" : `${p.model} `}노드의 빈 가속기는 ${p.bestFree}개입니다`,
  },
  "capacity-cluster": {
    en: (p) => `needs ${enShape(p)} within one cluster; the best cluster has ${p.bestFree} free in that shape`,
    ko: (p) => `한 클러스터 안에 ${koShape(p)}가 필요하지만, 가장 여유 있는 클러스터에서 이 형태로 쓸 수 있는 가속기는 ${p.bestFree}개입니다`,
  },
  "topology-pod": {
    en: (p) => `needs ${enShape(p)} within one pod; the best pod has ${p.bestFree} free in that shape`,
    ko: (p) => `한 포드 안에 ${koShape(p)}가 필요하지만, 가장 여유 있는 포드에서 이 형태로 쓸 수 있는 가속기는 ${p.bestFree}개입니다`,
  },
  reserved: {
    en: (p) => `reserved to start within ${duration(p.withinSeconds)} as running workloads reach their time limits`,
    ko: (p) => `실행 중인 워크로드가 시간 제한에 도달하는 대로 ${durationKo(p.withinSeconds)} 이내에 시작하도록 예약되었습니다`,
  },
  "not-reserved": {
    en: (p) => `not reserved: reservations want ${p.wanted} of the ${p.capacity} ${p.model} of cluster ${p.cluster} already, and at most ${p.sharePercent}% may be held for them`,
    ko: (p) =>
      `예약하지 않았습니다: 클러스터 ${p.cluster}의 ${p.model} ${p.capacity}개 중 ${p.wanted}개를 이미 다른 예약이 기다리고 있으며, 예약에는 최대 ${p.sharePercent}%까지만 잡아 둘 수 있습니다`,
  },
  "behind-reservation": {
    en: (p) => `would fit now, but its time limit (${duration(p.timeLimitSeconds)}) runs past the reserved start of ${p.workload} in ${duration(p.startsInSeconds)}`,
    ko: (p) => `지금 실행할 수 있지만, 시간 제한(${durationKo(p.timeLimitSeconds)})이 ${durationKo(p.startsInSeconds)} 후 시작하는 ${p.workload}의 예약 시각을 넘깁니다`,
  },
  preempting: {
    en: (p) => `preempting ${p.workloads} workload${p.workloads === 1 ? "" : "s"} (${p.accelerators} accelerators); starts when they stop, within ${duration(p.withinSeconds)}`,
    ko: (p) => `워크로드 ${p.workloads}개(가속기 ${p.accelerators}개)를 선점하는 중이며, 이들이 멈추면 ${durationKo(p.withinSeconds)} 이내에 시작합니다`,
  },
  "preempted-releasing": {
    en: (p) => `waiting for ${p.workloads} preempted workload${p.workloads === 1 ? "" : "s"} to release capacity`,
    ko: (p) => `선점된 워크로드 ${p.workloads}개가 가속기를 반환하기를 기다리는 중입니다`,
  },
  "fifo-order": {
    en: (p) => `waits behind ${p.workload}: strict submission order, no backfill`,
    ko: (p) => `${p.workload} 뒤에서 대기 중입니다: 엄격한 제출 순서를 따르며 백필하지 않습니다`,
  },
};

/** Every clause key, in the order of the table above (for documentation and tests). */
export const WAIT_CLAUSE_KEYS: readonly WaitClauseKey[] = Object.freeze(Object.keys(RENDER) as WaitClauseKey[]);

/**
 * Whether a stored value is a clause list this version can render: clauses read back from the
 * database may come from a newer scheduler with keys added since (keys are never renamed).
 */
export function isWaitClauses(value: unknown): value is WaitClauses {
  return isClauseList(RENDER, value);
}

/** One clause in one language. */
export function clauseText(clause: WaitClause, lang: Language): string {
  return renderClause(RENDER, clause, lang);
}

/** A whole reason in one language: its clauses, in order. */
export function waitingReasonText(clauses: WaitClauses, lang: Language): string {
  return renderClauses(RENDER, clauses, lang);
}

/** Clauses with their English rendering, for the scheduler to keep (and share) as one value. */
export function waitText(clauses: WaitClauses): WaitText {
  return { clauses, reason: waitingReasonText(clauses, "en") };
}

/** `text` followed by one more clause; the English of `text` is reused, not rendered again. */
export function followedBy(text: WaitText, clause: WaitClause): WaitText {
  return { clauses: [...text.clauses, clause], reason: text.reason + CLAUSE_SEPARATOR.en + clauseText(clause, "en") };
}
