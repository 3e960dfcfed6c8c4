import { describe, expect, it } from "vitest";
import { duration, durationKo } from "./duration.js";
import type { WaitClause, WaitClauseKey, WaitClauses } from "./types.js";
import { clauseText, followedBy, isWaitClauses, WAIT_CLAUSE_KEYS, waitingReasonText, waitText } from "./waiting-reason-text.js";

const HANGUL = /[\uac00-\ud7a3]/;

/** One clause of every key (a key missing here is a compile error). */
const SAMPLES: { readonly [K in WaitClauseKey]: Extract<WaitClause, { key: K }> } = {
  "queue-missing": { key: "queue-missing", params: { queue: "proj-0042" } },
  "quota-none": { key: "quota-none", params: { project: "p1", acceleratorClass: "hopper" } },
  "quota-full": { key: "quota-full", params: { project: "p1", acceleratorClass: "hopper", inUse: 24, asked: 16, nominal: 32, borrowable: 4 } },
  "cohort-lending": { key: "cohort-lending", params: { project: "p1", acceleratorClass: "blackwell", borrow: 12, nominal: 8, cohort: "ax-sprint", idle: 3 } },
  "quota-unavailable": { key: "quota-unavailable", params: {} },
  "unknown-target": { key: "unknown-target", params: { target: "mi300x" } },
  "never-fits": { key: "never-fits", params: { accelerators: 96, target: "h100", perNode: 6 } },
  "invalid-shape": { key: "invalid-shape", params: { accelerators: 12, perNode: 5 } },
  "capacity-node": { key: "capacity-node", params: { accelerators: 8, target: "hopper", model: "h200", bestFree: 5 } },
  "capacity-cluster": { key: "capacity-cluster", params: { accelerators: 16, target: "h100", nodes: 2, perNode: 8, model: null, bestFree: 9 } },
  "topology-pod": { key: "topology-pod", params: { accelerators: 48, target: "blackwell", nodes: 6, perNode: 8, model: "b200", bestFree: 32 } },
  reserved: { key: "reserved", params: { withinSeconds: 7500 } },
  "not-reserved": { key: "not-reserved", params: { wanted: 24, capacity: 64, model: "h100", cluster: "gwangju-a", sharePercent: 50 } },
  "behind-reservation": { key: "behind-reservation", params: { timeLimitSeconds: 4980, workload: "big-gang", startsInSeconds: 900 } },
  preempting: { key: "preempting", params: { workloads: 3, accelerators: 24, withinSeconds: 60 } },
  "preempted-releasing": { key: "preempted-releasing", params: { workloads: 2 } },
  "fifo-order": { key: "fifo-order", params: { workload: "head-17" } },
};

/** How a parameter value must appear in a rendering: durations as that language writes them. */
function shown(name: string, value: string | number, lang: "ko" | "en"): string {
  if (typeof value === "number" && name.endsWith("Seconds")) return lang === "ko" ? durationKo(value) : duration(value);
  return String(value);
}

describe("waiting reason text", () => {
  it("has a sample of every key, and every key renders in both languages", () => {
    expect([...WAIT_CLAUSE_KEYS].sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const key of WAIT_CLAUSE_KEYS) {
      const clause = SAMPLES[key];
      expect(clauseText(clause, "en"), key).not.toBe("");
      expect(clauseText(clause, "ko"), key).not.toBe("");
    }
  });

  it.each(WAIT_CLAUSE_KEYS)("renders %s in Korean with Hangul and every parameter's value, and English with every value", (key) => {
    const clause: WaitClause = SAMPLES[key];
    const ko = clauseText(clause, "ko");
    const en = clauseText(clause, "en");
    expect(ko).toMatch(HANGUL);
    expect(en).not.toMatch(HANGUL);
    for (const [name, value] of Object.entries(clause.params) as [string, string | number | null][]) {
      if (value === null) continue;
      expect(ko, `${key}.${name}`).toContain(shown(name, value, "ko"));
      expect(en, `${key}.${name}`).toContain(shown(name, value, "en"));
    }
    expect(ko).not.toMatch(/undefined|null|NaN/);
  });

  // Representative reasons as a person reads them: English as the scheduler has always written it
  // (docs/scheduler.md), Korean as a Korean engineer would write it.
  const table: readonly { readonly clauses: WaitClauses; readonly en: string; readonly ko: string }[] = [
    {
      clauses: [SAMPLES["quota-full"]],
      en: "project p1 is at its hopper quota: 24 in use + 16 asked > 32 nominal + 4 borrowable",
      ko: "프로젝트 p1의 hopper 할당량이 찼습니다: 사용 중 24개 + 요청 16개 > 기본 할당량 32개 + 차용 한도 4개",
    },
    {
      clauses: [{ key: "quota-none", params: { project: "p1", acceleratorClass: "hopper" } }],
      en: "project p1 has no hopper quota",
      ko: "프로젝트 p1에는 hopper 할당량이 없습니다",
    },
    {
      clauses: [{ key: "cohort-lending", params: { project: "p1", acceleratorClass: "hopper", borrow: 8, nominal: 8, cohort: "c1", idle: 0 } }],
      en: "project p1 would borrow 8 hopper beyond its nominal 8, but cohort c1 and the root have only 0 idle to lend",
      ko: "프로젝트 p1: 기본 할당량 8개를 넘어 hopper 8개를 빌려야 하지만, 코호트 c1 및 루트에서 빌려줄 수 있는 유휴 가속기는 0개뿐입니다",
    },
    {
      clauses: [{ key: "capacity-node", params: { accelerators: 8, target: "h100", model: null, bestFree: 4 } }],
      en: "needs 8 h100 on one node; the best node has 4 free",
      ko: "한 노드에 h100 8개가 필요하지만, 가장 여유 있는 노드의 빈 가속기는 4개입니다",
    },
    {
      clauses: [{ key: "capacity-node", params: { accelerators: 4, target: null, model: "h100", bestFree: 2 } }],
      en: "needs 4 GPUs on one node; the best h100 node has 2 free",
      ko: "한 노드에 GPU 4개가 필요하지만, 가장 여유 있는 h100 노드의 빈 가속기는 2개입니다",
    },
    {
      clauses: [{ key: "topology-pod", params: { accelerators: 48, target: "h100", nodes: 6, perNode: 8, model: null, bestFree: 32 } }],
      en: "needs 48 h100 (6 nodes x 8) within one pod; the best pod has 32 free in that shape",
      ko: "한 포드 안에 h100 48개(노드 6개 x 노드당 8개)가 필요하지만, 가장 여유 있는 포드에서 이 형태로 쓸 수 있는 가속기는 32개입니다",
    },
    {
      clauses: [{ key: "never-fits", params: { accelerators: 64, target: "h100", perNode: null } }],
      en: "needs 64 h100 in one cluster; no cluster has enough such nodes",
      ko: "한 클러스터 안에 h100 64개가 필요하지만, 그만한 노드를 갖춘 클러스터가 없습니다",
    },
    {
      clauses: [{ key: "unknown-target", params: { target: "mi300x" } }],
      en: "asks for mi300x, which the fleet does not have",
      ko: "요청한 가속기(mi300x)를 갖춘 클러스터가 없습니다",
    },
    {
      clauses: [
        { key: "capacity-cluster", params: { accelerators: 16, target: "h100", nodes: 2, perNode: 8, model: null, bestFree: 8 } },
        { key: "reserved", params: { withinSeconds: 900 } },
      ],
      en: "needs 16 h100 (2 nodes x 8) within one cluster; the best cluster has 8 free in that shape; reserved to start within 15 min as running workloads reach their time limits",
      ko: "한 클러스터 안에 h100 16개(노드 2개 x 노드당 8개)가 필요하지만, 가장 여유 있는 클러스터에서 이 형태로 쓸 수 있는 가속기는 8개입니다. 실행 중인 워크로드가 시간 제한에 도달하는 대로 15분 이내에 시작하도록 예약되었습니다",
    },
    {
      clauses: [
        { key: "capacity-cluster", params: { accelerators: 32, target: "h100", nodes: 4, perNode: 8, model: null, bestFree: 0 } },
        { key: "not-reserved", params: { wanted: 8, capacity: 64, model: "h100", cluster: "a", sharePercent: 50 } },
      ],
      en: "needs 32 h100 (4 nodes x 8) within one cluster; the best cluster has 0 free in that shape; not reserved: reservations want 8 of the 64 h100 of cluster a already, and at most 50% may be held for them",
      ko: "한 클러스터 안에 h100 32개(노드 4개 x 노드당 8개)가 필요하지만, 가장 여유 있는 클러스터에서 이 형태로 쓸 수 있는 가속기는 0개입니다. 예약하지 않았습니다: 클러스터 a의 h100 64개 중 8개를 이미 다른 예약이 기다리고 있으며, 예약에는 최대 50%까지만 잡아 둘 수 있습니다",
    },
    {
      clauses: [{ key: "behind-reservation", params: { timeLimitSeconds: 4980, workload: "big", startsInSeconds: 900 } }],
      en: "would fit now, but its time limit (83 min) runs past the reserved start of big in 15 min",
      ko: "지금 실행할 수 있지만, 시간 제한(1시간 23분)이 15분 후 시작하는 big의 예약 시각을 넘깁니다",
    },
    {
      clauses: [{ key: "preempting", params: { workloads: 1, accelerators: 8, withinSeconds: 60 } }],
      en: "preempting 1 workload (8 accelerators); starts when they stop, within 60 s",
      ko: "워크로드 1개(가속기 8개)를 선점하는 중이며, 이들이 멈추면 60초 이내에 시작합니다",
    },
    {
      clauses: [{ key: "preempted-releasing", params: { workloads: 1 } }],
      en: "waiting for 1 preempted workload to release capacity",
      ko: "선점된 워크로드 1개가 가속기를 반환하기를 기다리는 중입니다",
    },
    {
      clauses: [{ key: "fifo-order", params: { workload: "head" } }],
      en: "waits behind head: strict submission order, no backfill",
      ko: "head 뒤에서 대기 중입니다: 엄격한 제출 순서를 따르며 백필하지 않습니다",
    },
    {
      clauses: [{ key: "queue-missing", params: { queue: "p9" } }],
      en: "queue p9 does not exist",
      ko: "존재하지 않는 큐입니다: p9",
    },
    {
      clauses: [{ key: "invalid-shape", params: { accelerators: 12, perNode: 5 } }],
      en: "asks for 12 accelerators at 5 per node, which is not a whole number of nodes",
      ko: "가속기 12개를 노드당 5개씩 요청했으나, 이는 정수 개의 노드가 아닙니다",
    },
    {
      clauses: [{ key: "invalid-shape", params: { accelerators: 0, perNode: null } }],
      en: "asks for 0 accelerators at undefined per node, which is not a whole number of nodes",
      ko: "가속기 0개를 요청했으나, 이는 정수 개의 노드가 아닙니다",
    },
  ];

  it.each(table)("renders $en", ({ clauses, en, ko }) => {
    expect(waitingReasonText(clauses, "en")).toBe(en);
    expect(waitingReasonText(clauses, "ko")).toBe(ko);
  });

  it("keeps a clause list and its English together, appending without rendering the first part again", () => {
    const first = waitText([SAMPLES["capacity-cluster"]]);
    const both = followedBy(first, SAMPLES.reserved);
    expect(both.clauses).toEqual([SAMPLES["capacity-cluster"], SAMPLES.reserved]);
    expect(both.reason).toBe(waitingReasonText(both.clauses, "en"));
    expect(first.clauses).toHaveLength(1);
  });

  it("recognises stored clause lists it can render, and refuses others (e.g. a key from a newer version)", () => {
    expect(isWaitClauses(Object.values(SAMPLES))).toBe(true);
    expect(isWaitClauses(JSON.parse(JSON.stringify([SAMPLES["capacity-node"], SAMPLES.reserved])))).toBe(true);
    for (const stored of [null, "quota", [], [null], [{ key: "quota-none" }], [{ key: "gpu-on-fire", params: {} }], [{ key: "toString", params: {} }], [SAMPLES.reserved, 3]]) {
      expect(isWaitClauses(stored), JSON.stringify(stored)).toBe(false);
    }
  });

  it.each([
    [0, "0초", "0 s"],
    [45.4, "45초", "45 s"],
    [119, "119초", "119 s"],
    [120, "2분", "2 min"],
    [3599, "1시간", "60 min"],
    [3600, "1시간", "60 min"],
    [7500, "2시간 5분", "2 h"],
    [86_400, "24시간", "24 h"],
    [172_800, "2일", "2 d"],
    [190_800, "2일 5시간", "2 d"],
    [-5, "0초", "0 s"],
  ])("writes %s seconds as %s (English %s)", (seconds, ko, en) => {
    expect(durationKo(seconds)).toBe(ko);
    expect(duration(seconds)).toBe(en);
  });
});
