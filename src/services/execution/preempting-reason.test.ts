import { describe, expect, it } from "vitest";
import { lifecycleReasonText } from "../../domain/workloads/index.js";
import { preemptingReason } from "./preempting-reason.js";

describe("preemptingReason", () => {
  it.each([
    [
      "project p-a borrows hopper beyond its nominal 16; reclaimed for w-9 of p-b, which is within its nominal quota",
      "preempting-reclaim",
      "선점 중: 프로젝트 p-a이(가) hopper 기본 할당량 16개를 넘어 빌려 쓰고 있어, 기본 할당량 안에 있는 p-b의 w-9에 돌려줌. 체크포인트까지 30초",
    ],
    ["preemptible workload (tier 2) makes room for w-9 of p-b (tier 0)", "preempting-tier", "선점 중: 선점 가능한 워크로드(등급 2)로서 p-b의 w-9(등급 0)에 자리를 내줌. 체크포인트까지 30초"],
    // Words the scheduler does not write today: kept as they are, in both languages.
    ["a cause added later", "preempting", "선점 중: a cause added later. 체크포인트까지 30초"],
    ["preemptible workload (tier 2) makes room for w-9 of p-b (tier 0) and more", "preempting", "선점 중: preemptible workload (tier 2) makes room for w-9 of p-b (tier 0) and more. 체크포인트까지 30초"],
  ])("reads %j as %s", (cause, key, ko) => {
    const r = preemptingReason({ reason: cause, gracePeriodSeconds: 30 });
    expect(r.reason).toBe(`preempting: ${cause}; 30 s to checkpoint`);
    expect(r.clauses?.map((c) => c.key)).toEqual([key, "checkpoint-grace"]);
    expect(lifecycleReasonText(r.clauses!, "ko")).toBe(ko);
  });
});
