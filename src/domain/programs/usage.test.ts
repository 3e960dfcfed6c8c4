import { describe, expect, it } from "vitest";
import { meterUsage, usageByClass, type UsageLedgerEntry } from "./usage.js";

const entry = (startedAt: string, endedAt: string, seconds: bigint, cls = "hopper"): UsageLedgerEntry => ({
  workloadId: "w",
  allocationId: "a",
  acceleratorClass: cls,
  model: "h100-sxm",
  startedAt,
  endedAt,
  acceleratorSeconds: seconds,
  krw: seconds, // 1 won a second keeps the arithmetic visible
  governmentKrw: 0n,
  coPayKrw: 0n,
});

describe("meterUsage", () => {
  it("values seconds at the model's hourly price and splits by co-pay", () => {
    expect(meterUsage(3_600n * 8n, 3_500n, 2_000)).toEqual({ krw: 28_000n, coPayKrw: 5_600n, governmentKrw: 22_400n });
    expect(meterUsage(1n, 1_800n, 0)).toEqual({ krw: 1n, coPayKrw: 0n, governmentKrw: 1n }); // 0.5 won rounds up
    expect(meterUsage(1n, 1_799n, 0).krw).toBe(0n);
  });
});

describe("usageByClass", () => {
  const entries = [
    entry("2026-04-01T00:00:00Z", "2026-04-01T10:00:00Z", 36_000n),
    entry("2026-04-01T08:00:00Z", "2026-04-01T12:00:00Z", 14_400n, "npu"),
    entry("2026-04-02T00:00:00Z", "2026-04-02T01:00:00Z", 3_600n),
  ];
  it("sums whole entries without a window", () => {
    expect(usageByClass(entries)).toEqual({ hopper: { acceleratorSeconds: 39_600n, krw: 39_600n }, npu: { acceleratorSeconds: 14_400n, krw: 14_400n } });
  });
  it("prorates entries at the window's edges", () => {
    const u = usageByClass(entries, { from: "2026-04-01T05:00:00Z", to: "2026-04-01T09:00:00Z" });
    expect(u).toEqual({ hopper: { acceleratorSeconds: 14_400n, krw: 14_400n }, npu: { acceleratorSeconds: 3_600n, krw: 3_600n } });
  });
});
