import { describe, expect, it } from "vitest";
import {
  isLifecycleClauses,
  LIFECYCLE_CLAUSE_KEYS,
  lifecycleClauseText,
  lifecycleFollowedBy,
  lifecycleReason,
  lifecycleReasonText,
  type LifecycleClause,
  type LifecycleClauseKey,
  type LifecycleClauses,
} from "./lifecycle-reason.js";

const HANGUL = /[\uac00-\ud7a3]/;

/** One clause of every key, every optional figure given (a key missing here is a compile error). */
const SAMPLES: { readonly [K in LifecycleClauseKey]: Extract<LifecycleClause, { key: K }> } = {
  submitted: { key: "submitted", params: {} },
  "queued-for-scheduler": { key: "queued-for-scheduler", params: {} },
  placed: { key: "placed", params: { cluster: "samsung-gyeonggi-a", nodes: 2, perNode: 8, model: "h100-sxm", backfilled: true } },
  "job-submitted": { key: "job-submitted", params: { job: "4711", cluster: "ta", adopted: false } },
  "job-started": { key: "job-started", params: { job: "4711", nodes: ["ta-n00001", "ta-n00002"] } },
  running: { key: "running", params: { cluster: "samsung-gyeonggi-a" } },
  "preempting-reclaim": { key: "preempting-reclaim", params: { project: "p-borrower", acceleratorClass: "hopper", nominal: 16, for: "w-owner", forQueue: "p-owner" } },
  "preempting-tier": { key: "preempting-tier", params: { tier: 3, for: "w-urgent", forQueue: "p-hospital", forTier: 1 } },
  "checkpoint-grace": { key: "checkpoint-grace", params: { seconds: 300 } },
  "cancelled-by": { key: "cancelled-by", params: { by: "person:kim@example.kr" } },
  "cancelled-while-queued": { key: "cancelled-while-queued", params: {} },
  "cancel-requested": { key: "cancel-requested", params: {} },
  "cancelled-on-request": { key: "cancelled-on-request", params: {} },
  "cancelled-before-start": { key: "cancelled-before-start", params: {} },
  "cancelled-on-cluster": { key: "cancelled-on-cluster", params: { clusterReason: "scancel by root" } },
  "balance-exhausted": { key: "balance-exhausted", params: {} },
  "time-limit": { key: "time-limit", params: { minutes: 90 } },
  completed: { key: "completed", params: {} },
  // The exit code is shown only when the cluster gave no words (see the table below).
  failed: { key: "failed", params: { clusterReason: null, exitCode: 137 } },
  "preempted-requeued": { key: "preempted-requeued", params: { cluster: "kt-daejeon-b" } },
  "node-failure": { key: "node-failure", params: { nodes: ["ta-n00003"], cluster: "ta", credited: 4800 } },
  "job-vanished": { key: "job-vanished", params: { job: "4711", run: "0193-2", cluster: "tb" } },
  "withdrawn-pending": { key: "withdrawn-pending", params: { seconds: 600, clusterReason: "Resources" } },
  "gave-up": { key: "gave-up", params: { attempts: 5 } },
  "balance-short": { key: "balance-short", params: {} },
};

/** Every figure of a clause as a renderer writes it: lists are written item by item. */
function figures(clause: LifecycleClause): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(clause.params) as [string, unknown][]) {
    if (value === null || typeof value === "boolean") continue;
    if (Array.isArray(value)) for (const item of value) out.push([name, String(item)]);
    else out.push([name, String(value)]);
  }
  return out;
}

describe("lifecycle reason text", () => {
  it("has a sample of every key, and every key renders in both languages", () => {
    expect([...LIFECYCLE_CLAUSE_KEYS].sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(LIFECYCLE_CLAUSE_KEYS)("renders %s in Korean with Hangul and every figure, and English with every figure", (key) => {
    const clause: LifecycleClause = SAMPLES[key];
    const ko = lifecycleClauseText(clause, "ko");
    const en = lifecycleClauseText(clause, "en");
    expect(ko).toMatch(HANGUL);
    expect(en).not.toMatch(HANGUL);
    for (const [name, value] of figures(clause)) {
      expect(ko, `${key}.${name}`).toContain(value);
      expect(en, `${key}.${name}`).toContain(value);
    }
    expect(`${ko} ${en}`).not.toMatch(/undefined|null|NaN|\[object/);
  });

  // Every reason as the control loop and the workload service have always written it in English
  // (the tests under test/ match these), and as a Korean engineer would write it.
  const table: readonly { readonly clauses: LifecycleClauses; readonly en: string; readonly ko: string }[] = [
    { clauses: [SAMPLES.submitted], en: "submitted", ko: "제출됨" },
    { clauses: [SAMPLES["queued-for-scheduler"]], en: "waiting for the scheduler", ko: "스케줄러 대기 중" },
    {
      clauses: [SAMPLES.placed],
      en: "placed on samsung-gyeonggi-a: 2 x 8 h100-sxm (backfilled)",
      ko: "samsung-gyeonggi-a에 배치됨: 노드 2개 x 노드당 h100-sxm 8개 (백필)",
    },
    {
      clauses: [{ key: "placed", params: { cluster: "ta", nodes: 1, perNode: 4, model: "h100-sxm", backfilled: false } }],
      en: "placed on ta: 1 x 4 h100-sxm",
      ko: "ta에 배치됨: 노드 1개 x 노드당 h100-sxm 4개",
    },
    { clauses: [SAMPLES["job-submitted"]], en: "submitted job 4711 on ta", ko: "ta에 작업 4711 제출됨" },
    { clauses: [{ key: "job-submitted", params: { job: "4711", cluster: "ta", adopted: true } }], en: "adopted job 4711 on ta", ko: "ta에 이미 제출된 작업 4711을 넘겨받음" },
    { clauses: [SAMPLES["job-started"]], en: "job 4711 started on ta-n00001,ta-n00002", ko: "작업 4711이 ta-n00001,ta-n00002에서 시작됨" },
    { clauses: [SAMPLES.running], en: "running on samsung-gyeonggi-a", ko: "samsung-gyeonggi-a에서 실행 중" },
    {
      clauses: [SAMPLES["preempting-reclaim"], SAMPLES["checkpoint-grace"]],
      en: "preempting: project p-borrower borrows hopper beyond its nominal 16; reclaimed for w-owner of p-owner, which is within its nominal quota; 300 s to checkpoint",
      ko: "선점 중: 프로젝트 p-borrower가 hopper 기본 할당량 16개를 넘어 빌려 쓰고 있어, 기본 할당량 안에 있는 p-owner의 w-owner에 돌려줌. 체크포인트까지 300초",
    },
    {
      clauses: [SAMPLES["preempting-tier"], { key: "checkpoint-grace", params: { seconds: 30 } }],
      en: "preempting: preemptible workload (tier 3) makes room for w-urgent of p-hospital (tier 1); 30 s to checkpoint",
      ko: "선점 중: 선점 가능한 워크로드(등급 3)로서 p-hospital의 w-urgent(등급 1)에 자리를 내줌. 체크포인트까지 30초",
    },
    { clauses: [SAMPLES["cancelled-by"]], en: "cancelled by person:kim@example.kr", ko: "person:kim@example.kr의 요청으로 취소됨" },
    { clauses: [SAMPLES["cancelled-while-queued"]], en: "cancelled while queued", ko: "대기 중에 취소됨" },
    { clauses: [SAMPLES["cancel-requested"]], en: "cancel requested", ko: "취소 요청됨" },
    { clauses: [SAMPLES["cancelled-on-request"]], en: "cancelled on request", ko: "요청에 따라 취소됨" },
    { clauses: [SAMPLES["cancelled-before-start"]], en: "cancelled before it started", ko: "시작하기 전에 취소됨" },
    { clauses: [SAMPLES["cancelled-on-cluster"]], en: "cancelled on the cluster: scancel by root", ko: "클러스터에서 취소됨: scancel by root" },
    { clauses: [{ key: "cancelled-on-cluster", params: { clusterReason: null } }], en: "cancelled on the cluster: no reason given", ko: "클러스터에서 취소됨: 사유 없음" },
    {
      clauses: [SAMPLES["balance-exhausted"]],
      en: "stopped: the allocation's balance is used up (program policy: stop at the limit)",
      ko: "중지됨: 배정 잔액을 모두 사용함 (프로그램 정책: 한도에서 중지)",
    },
    { clauses: [SAMPLES["time-limit"]], en: "reached its time limit of 90 min", ko: "시간 제한 90분에 도달함" },
    { clauses: [SAMPLES.completed], en: "completed", ko: "완료됨" },
    { clauses: [SAMPLES.failed], en: "exit code 137", ko: "실패함: 종료 코드 137" },
    { clauses: [{ key: "failed", params: { clusterReason: null, exitCode: null } }], en: "exit code unknown", ko: "실패함: 종료 코드 알 수 없음" },
    { clauses: [{ key: "failed", params: { clusterReason: "killed by signal 9", exitCode: 0 } }], en: "killed by signal 9", ko: "실패함: killed by signal 9" },
    { clauses: [SAMPLES["preempted-requeued"]], en: "preempted on kt-daejeon-b; requeued", ko: "kt-daejeon-b에서 선점되어 다시 대기열에 들어감" },
    { clauses: [SAMPLES["node-failure"]], en: "node failure on ta-n00003 (4800 accelerator-seconds credited back)", ko: "ta-n00003에서 노드 장애 발생 (가속기-초 4800 환급)" },
    { clauses: [{ key: "node-failure", params: { nodes: [], cluster: "ta", credited: 0 } }], en: "node failure on ta (0 accelerator-seconds credited back)", ko: "ta에서 노드 장애 발생 (가속기-초 0 환급)" },
    { clauses: [SAMPLES["job-vanished"]], en: "job 4711 of run 0193-2 vanished from cluster tb", ko: "실행 0193-2의 작업 4711이 클러스터 tb에서 사라짐" },
    {
      clauses: [{ key: "withdrawn-pending", params: { seconds: 600, clusterReason: null } }],
      en: "withdrawn: pending on its nodes for more than 600 s (no reason given)",
      ko: "회수됨: 배정된 노드에서 600초 넘게 대기함 (사유 없음)",
    },
    {
      clauses: [SAMPLES["preempted-requeued"], SAMPLES["gave-up"]],
      en: "preempted on kt-daejeon-b; requeued; gave up after 5 attempts",
      ko: "kt-daejeon-b에서 선점되어 다시 대기열에 들어감. 5번 시도한 뒤 포기함",
    },
    {
      clauses: [SAMPLES["job-vanished"], SAMPLES["balance-short"]],
      en: "job 4711 of run 0193-2 vanished from cluster tb; the allocation's balance cannot cover another run",
      ko: "실행 0193-2의 작업 4711이 클러스터 tb에서 사라짐. 배정 잔액으로 한 번 더 실행할 수 없음",
    },
  ];

  it.each(table)("renders $en", ({ clauses, en, ko }) => {
    expect(lifecycleReasonText(clauses, "en")).toBe(en);
    expect(lifecycleReasonText(clauses, "ko")).toBe(ko);
  });

  it("keeps clauses and their English together, and appends to a reason kept without clauses in English only", () => {
    const requeued = lifecycleReason(SAMPLES["preempted-requeued"]);
    const failed = lifecycleFollowedBy(requeued, SAMPLES["gave-up"]);
    expect(failed).toEqual({ clauses: [SAMPLES["preempted-requeued"], SAMPLES["gave-up"]], reason: lifecycleReasonText([SAMPLES["preempted-requeued"], SAMPLES["gave-up"]], "en") });
    expect(lifecycleFollowedBy({ reason: "an old reason", clauses: null }, SAMPLES["balance-short"])).toEqual({
      reason: "an old reason; the allocation's balance cannot cover another run",
      clauses: null,
    });
  });

  it("recognises stored clause lists it can render, and refuses others (e.g. a key from a newer version)", () => {
    expect(isLifecycleClauses(Object.values(SAMPLES))).toBe(true);
    expect(isLifecycleClauses(JSON.parse(JSON.stringify([SAMPLES.placed, SAMPLES.running])))).toBe(true);
    for (const stored of [null, "running", [], [null], [{ key: "running" }], [{ key: "on-fire", params: {} }], [{ key: "toString", params: {} }], [SAMPLES.running, 3]]) {
      expect(isLifecycleClauses(stored), JSON.stringify(stored)).toBe(false);
    }
  });
});
