import { describe, expect, it } from "vitest";
import { awardAllocation, AwardInput, type AllocationContext } from "./allocation.js";
import { ZERO_AMOUNTS } from "./budget.js";
import { ReclaimPolicyInput } from "./program.js";
import { assessIdleAllocation, reclaimAllocation } from "./reclaim.js";
import { programFixture } from "./testfixtures.js";

const POLICY = ReclaimPolicyInput.parse({}); // 20 % over 30 days, reclaim 50 % of the unused
const PROGRAM = programFixture();

/** 8,640 hopper hours over 90 days (2,160 h): entitled 4 accelerators on average. */
function setup() {
  const context: AllocationContext = { programId: "prog-1", program: PROGRAM, committed: ZERO_AMOUNTS };
  const award = AwardInput.parse({
    grants: [{ acceleratorClass: "hopper", acceleratorHours: 8_640, maxConcurrent: 8 }],
    startsAt: "2026-03-01T00:00:00Z",
    endsAt: "2026-05-30T00:00:00Z",
  });
  const r = awardAllocation(context, award, "sme", { hopper: 4_500n }, "2026-03-01T00:00:00Z");
  if (!r.ok) throw new Error("award failed");
  return { context: { ...context, committed: r.value.committed }, allocation: r.value.allocation };
}

const AT = "2026-04-15T00:00:00Z"; // 45 days in
// Over 30 days the entitled use is 4 accelerators x 720 h = 2,880 h = 10,368,000 accelerator-seconds.
const ENTITLED = 2_880n * 3_600n;
const hours = (h: bigint) => ({ hopper: { acceleratorSeconds: h * 3_600n, krw: 0n } });

describe("assessIdleAllocation", () => {
  it("flags use below 20 % of the entitled use and computes the reduction", () => {
    const { allocation } = setup();
    const a = assessIdleAllocation(allocation, POLICY, hours(575n), hours(640n), AT); // 575 < 576 = 20 % of 2,880
    expect(a.windowStart).toBe("2026-03-16T00:00:00.000Z");
    expect(a.classes[0]).toMatchObject({ entitledSeconds: ENTITLED, idle: true, utilizationBp: 1_996, unusedHours: 8_000n, reductionHours: 4_000n, returnedKrw: 18_000_000n });
    expect(a.idle).toBe(true);
    expect(a.reductions).toEqual({ hopper: 4_000n });
  });

  it("does not flag use at the threshold", () => {
    const { allocation } = setup();
    const a = assessIdleAllocation(allocation, POLICY, hours(576n), hours(640n), AT);
    expect(a.idle).toBe(false);
    expect(a.reductions).toEqual({});
  });

  it("does not judge an allocation younger than the window", () => {
    const { allocation } = setup();
    const a = assessIdleAllocation(allocation, POLICY, {}, {}, "2026-03-30T23:59:59Z");
    expect(a).toMatchObject({ assessable: false, idle: false });
  });
});

describe("reclaimAllocation", () => {
  it("reduces the allocation, lowers the queue weight and returns the hours and KRW to the program", () => {
    const { context, allocation } = setup();
    const a = assessIdleAllocation(allocation, POLICY, hours(0n), hours(640n), AT);
    const r = reclaimAllocation(context, allocation, a, hours(640n));
    if (!r.ok) throw new Error(JSON.stringify(r.violations));
    expect(r.value.budgetDelta).toEqual({ krw: -18_000_000n, acceleratorHours: { hopper: -4_000n } });
    expect(r.value.allocation.grants[0]!.releasedHours).toBe(4_640n);
    expect(r.value.queue.resources[0]!.fairShareWeight).toBeCloseTo(4_640 / 2_160, 10);
  });

  it("refuses to reclaim an allocation in use", () => {
    const { context, allocation } = setup();
    const a = assessIdleAllocation(allocation, POLICY, hours(2_000n), hours(3_000n), AT);
    const r = reclaimAllocation(context, allocation, a, hours(3_000n));
    expect(!r.ok && r.code).toBe("RECLAIM_NOT_ALLOWED");
  });

  it("counts entitled use only up to the allocation's end", () => {
    const { allocation } = setup();
    // Window 2026-05-15 .. 2026-06-14; the allocation ends 2026-05-30: 15 days x 4 x 24 h = 1,440 h.
    const a = assessIdleAllocation(allocation, POLICY, hours(287n), hours(8_000n), "2026-06-14T00:00:00Z");
    expect(a.classes[0]).toMatchObject({ entitledSeconds: 1_440n * 3_600n, idle: true, unusedHours: 640n, reductionHours: 320n });
  });
});
