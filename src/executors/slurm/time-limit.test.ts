import { describe, expect, it } from "vitest";
import { timeLimitMinutes } from "./time-limit.js";

describe("timeLimitMinutes", () => {
  it.each([
    [1, 1],
    [59, 1],
    [60, 1],
    [61, 2],
    [3600, 60],
    [3600.5, 61],
    [86_400, 1440],
  ])("%i s is %i min", (seconds, minutes) => {
    expect(timeLimitMinutes(seconds)).toBe(minutes);
  });

  it.each([0, -60, Number.NaN, Number.POSITIVE_INFINITY])("refuses %d", (seconds) => {
    expect(() => timeLimitMinutes(seconds)).toThrow(RangeError);
  });
});
