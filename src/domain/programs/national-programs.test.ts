import { describe, expect, it } from "vitest";
import { NATIONAL_PROGRAMS } from "./national-programs.js";
import { parseProgram } from "./program.js";

const PRICES: Record<string, bigint> = { blackwell: 8_000n, hopper: 4_500n, npu: 1_200n };

describe("NATIONAL_PROGRAMS", () => {
  it.each(NATIONAL_PROGRAMS.map((p) => [p.code, p] as const))("%s parses and its KRW budget covers its hours at reference prices", (_code, input) => {
    const r = parseProgram(input);
    if (!r.ok) throw new Error(JSON.stringify(r.violations));
    const value = Object.entries(r.value.budget.acceleratorHours).reduce((s, [cls, h]) => s + h * PRICES[cls]!, 0n);
    expect(r.value.budget.krw).toBe(value);
  });
  it("has unique codes", () => {
    expect(new Set(NATIONAL_PROGRAMS.map((p) => p.code)).size).toBe(NATIONAL_PROGRAMS.length);
  });
});
