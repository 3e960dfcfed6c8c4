import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from "./backoff.js";

describe("backoffDelayMs", () => {
  const policy = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 10_000 };

  it("doubles the step with each failure, half of it jittered", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(policy, n, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(policy, n, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffDelayMs(policy, 2, () => 0.5)).toBe(1_500);
  });

  it("caps the step and clamps a random source outside [0, 1]", () => {
    expect(backoffDelayMs(policy, 20, () => 1)).toBe(10_000);
    expect(backoffDelayMs(policy, 1, () => 7)).toBe(1_000);
    expect(backoffDelayMs(policy, 1, () => -3)).toBe(500);
  });

  it("spreads the default schedule over about an hour and a half", () => {
    let total = 0;
    for (let n = 1; n < DEFAULT_RETRY_POLICY.maxAttempts; n++) total += backoffDelayMs(DEFAULT_RETRY_POLICY, n, () => 1);
    expect(total).toBe(30_000 * (2 ** 7 - 1));
  });
});
