import { describe, expect, it } from "vitest";
import { HighwayError } from "../errors.js";
import { localizeError } from "../localized-error.js";
import { violationsDetail } from "../validation.js";
import type { Allocation } from "../programs/allocation.js";
import { admitWorkload, type Partition } from "./admission.js";
import { WorkloadInput, type WorkloadInput as Input } from "./workload.js";

const allocation: Allocation = {
  programId: "p",
  status: "active",
  startsAt: "2027-01-01T00:00:00Z",
  endsAt: "2027-07-01T00:00:00Z",
  endedAt: null,
  priorityTier: 2,
  coPayBp: 2000,
  grants: [{ acceleratorClass: "hopper", maxConcurrent: 16, referencePriceKrw: 4000n, committedHours: 1000n, releasedHours: 1000n, committedKrw: 4_000_000n }],
  tranches: [],
};

const partitions: Partition[] = [
  { cluster: "a", model: "h100-sxm", acceleratorClass: "hopper", nodes: 2, acceleratorsPerNode: 8 },
  { cluster: "b", model: "h200", acceleratorClass: "hopper", nodes: 4, acceleratorsPerNode: 8 },
  { cluster: "c", model: "b200", acceleratorClass: "blackwell", nodes: 10, acceleratorsPerNode: 8 },
];

const base: Input = { model: "h100-sxm", acceleratorsPerNode: 8, nodes: 2, timeLimitMinutes: 60, script: "#!/bin/bash\necho hi\n" };
const now = "2027-02-01T00:00:00Z";

function admit(overrides: Partial<Input>, alloc: Allocation = allocation) {
  return admitWorkload(WorkloadInput.parse({ ...base, ...overrides }), alloc, partitions, now);
}

describe("admitWorkload", () => {
  it("admits a fitting request and reserves time limit x accelerators", () => {
    expect(admit({})).toEqual({
      ok: true,
      value: { acceleratorClass: "hopper", model: "h100-sxm", accelerators: 16, priorityTier: 2, timeLimitSeconds: 3600, reservationSeconds: 57_600n },
    });
    const byClass = admit({ model: undefined, acceleratorClass: "hopper", nodes: 4, acceleratorsPerNode: 4 });
    expect(byClass.ok && byClass.value).toMatchObject({ acceleratorClass: "hopper", model: null, accelerators: 16 });
  });

  it.each([
    ["an unknown model", { model: "a100" }, "WORKLOAD_MODEL_UNKNOWN", "model"],
    ["a class the allocation does not grant", { model: "b200" }, "WORKLOAD_CLASS_NOT_ALLOWED", "model"],
    ["more than the concurrent maximum", { model: undefined, acceleratorClass: "hopper", nodes: 3 }, "WORKLOAD_EXCEEDS_CONCURRENT", "acceleratorsPerNode"],
    ["more per node than any node has", { acceleratorsPerNode: 9, nodes: 1 }, "WORKLOAD_SHAPE_INVALID", "acceleratorsPerNode"],
    ["more nodes than the model's partition", { nodes: 3, acceleratorsPerNode: 4 }, "WORKLOAD_NEVER_FITS", "nodes"],
    ["a tier above the allocation's", { priorityTier: 3 }, "WORKLOAD_PRIORITY_TOO_HIGH", "priorityTier"],
    ["a time limit past the allocation's end", { timeLimitMinutes: 10 * 24 * 60 }, "WORKLOAD_BEYOND_ALLOCATION", "timeLimitMinutes"],
  ] as const)("refuses %s", (_name, overrides, rule, field) => {
    const late = { ...allocation, endsAt: "2027-02-10T00:00:00Z" };
    const result = admit(overrides as Partial<Input>, rule === "WORKLOAD_BEYOND_ALLOCATION" ? late : allocation);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.violations).toEqual([expect.objectContaining({ rule, field })]);
  });

  it("refuses an allocation that is not active, naming every other problem too", () => {
    const ended: Allocation = { ...allocation, status: "ended" };
    const result = admit({ priorityTier: 5 }, ended);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.violations.map((x) => x.rule)).toEqual(["ALLOCATION_NOT_ACTIVE", "WORKLOAD_PRIORITY_TOO_HIGH"]);
  });
});

describe("admission refusals for a Korean reader", () => {
  it("words every refusal in Korean, with the figures and names as they are", () => {
    const result = admit({ nodes: 3, acceleratorsPerNode: 4, priorityTier: 3 });
    if (result.ok) throw new Error("expected a refusal");
    const ko = localizeError(new HighwayError("VALIDATION_FAILED", { ...violationsDetail(result.violations), violations: result.violations }), "ko");
    expect(ko.violations).toEqual([
      { field: "nodes", rule: "WORKLOAD_NEVER_FITS", message: "노드 3개를 요청했지만 노드당 4개인 h100-sxm 파티션 중 가장 큰 것의 노드는 2개입니다" },
      { field: "priorityTier", rule: "WORKLOAD_PRIORITY_TOO_HIGH", message: "3등급을 요청했지만 할당의 등급은 2등급입니다" },
    ]);
  });

  it("names an unknown model with the particle it takes", () => {
    const result = admit({ model: "a100" });
    expect(!result.ok && result.violations.map((x) => x.messageKo)).toEqual(["운영 중인 플릿에 모델 a100이 없습니다"]);
  });
});

describe("WorkloadInput", () => {
  it("wants exactly one of model and class, a shebang, and no platform variables", () => {
    expect(WorkloadInput.safeParse({ ...base, acceleratorClass: "hopper" }).success).toBe(false);
    expect(WorkloadInput.safeParse({ ...base, model: undefined }).success).toBe(false);
    expect(WorkloadInput.safeParse({ ...base, script: "echo hi" }).success).toBe(false);
    expect(WorkloadInput.safeParse({ ...base, environment: { SLURM_JOB_ID: "1" } }).success).toBe(false);
    expect(WorkloadInput.safeParse({ ...base, environment: { "1X": "1" } }).success).toBe(false);
    expect(WorkloadInput.safeParse({ ...base, environment: { OMP_NUM_THREADS: "8" } }).success).toBe(true);
  });
});
