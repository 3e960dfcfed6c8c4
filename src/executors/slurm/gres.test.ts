import { describe, expect, it } from "vitest";
import { formatGpuGres, parseGpuGres } from "./gres.js";

describe("parseGpuGres", () => {
  it.each([
    ["gpu:h100:8", { type: "h100", count: 8 }],
    ["gpu:h200:8(S:0-1)", { type: "h200", count: 8 }],
    ["gpu:4", { type: null, count: 4 }],
    ["gpu:a100", { type: "a100", count: 1 }],
    ["gpu", { type: null, count: 1 }],
    ["shard:16,gpu:h100:8", { type: "h100", count: 8 }],
    ["gpu:h100:4,gpu:h100:4", { type: "h100", count: 8 }],
    ["gpu:a100:2(S:0),gpu:l40s:2(S:1)", { type: "a100", count: 4 }],
  ])("%s is %o", (gres, expected) => {
    expect(parseGpuGres(gres)).toEqual(expected);
  });

  it.each(["", "(null)", "shard:8", null, undefined])("%s declares no GPU", (gres) => {
    expect(parseGpuGres(gres)).toBeNull();
  });
});

describe("formatGpuGres", () => {
  it("asks for typed GPUs per node", () => {
    expect(formatGpuGres("h100", 2)).toBe("gpu:h100:2");
  });

  it("refuses what Slurm would misread", () => {
    expect(() => formatGpuGres("h100:2", 1)).toThrow(RangeError);
    expect(() => formatGpuGres("h100", 0)).toThrow(RangeError);
    expect(() => formatGpuGres("h100", 1.5)).toThrow(RangeError);
  });
});
