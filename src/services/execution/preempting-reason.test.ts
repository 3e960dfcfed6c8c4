import { describe, expect, it } from "vitest";
import { lifecycleReasonText, type PreemptionCause } from "../../domain/workloads/index.js";
import { preemptingReason } from "./preempting-reason.js";

describe("preemptingReason", () => {
  it.each<[PreemptionCause, string, string]>([
    [
      { key: "preempting-reclaim", params: { project: "p-a", acceleratorClass: "hopper", nominal: 16, for: "w-9", forQueue: "p-b" } },
      "preempting: project p-a borrows hopper beyond its nominal 16; reclaimed for w-9 of p-b, which is within its nominal quota; 30 s to checkpoint",
      "선점 중: 프로젝트 p-a가 hopper 기본 할당량 16개를 넘어 빌려 쓰고 있어, 기본 할당량 안에 있는 p-b의 w-9에 돌려줌. 체크포인트까지 30초",
    ],
    [
      { key: "preempting-tier", params: { tier: 2, for: "w-9", forQueue: "p-b", forTier: 0 } },
      "preempting: preemptible workload (tier 2) makes room for w-9 of p-b (tier 0); 30 s to checkpoint",
      "선점 중: 선점 가능한 워크로드(등급 2)로서 p-b의 w-9(등급 0)에 자리를 내줌. 체크포인트까지 30초",
    ],
  ])("says %j, then the grace, in both languages", (cause, en, ko) => {
    const r = preemptingReason({ cause, gracePeriodSeconds: 30 });
    expect(r.reason).toBe(en);
    expect(r.clauses?.map((c) => c.key)).toEqual([cause.key, "checkpoint-grace"]);
    expect(lifecycleReasonText(r.clauses!, "ko")).toBe(ko);
  });
});
