import { describe, expect, it } from "vitest";
import { z } from "zod";
import { zodIssueKorean } from "./zod-korean.js";

/** The Korean of the first issue of `schema` on `value`. */
function korean(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected a failure");
  return zodIssueKorean(result.error.issues[0]!);
}

describe("zodIssueKorean", () => {
  it.each<[string, z.ZodType, unknown, string]>([
    ["a type", z.number(), "3", "숫자 형식이어야 합니다"],
    ["an integer", z.number().int(), 1.5, "정수 형식이어야 합니다"],
    ["a minimum", z.number().min(3), 1, "3 이상이어야 합니다"],
    ["a strict minimum", z.number().positive(), 0, "0 초과여야 합니다"],
    ["a maximum", z.number().max(10), 11, "10 이하여야 합니다"],
    ["a strict maximum", z.number().lt(10), 10, "10 미만이어야 합니다"],
    ["a string's length", z.string().max(2), "abc", "2자 이하여야 합니다"],
    ["an array's length", z.array(z.number()).min(1), [], "항목이 1개 이상이어야 합니다"],
    ["an e-mail address", z.string().email(), "nope", "올바른 이메일 주소가 아닙니다"],
    ["a UUID", z.string().uuid(), "nope", "올바른 UUID가 아닙니다"],
    ["a pattern", z.string().regex(/^a+$/), "b", "허용된 형식이 아닙니다"],
    ["one of several values", z.enum(["gpu", "npu"]), "tpu", '다음 중 하나여야 합니다: "gpu", "npu"'],
    ["one value", z.literal("x"), "y", '다음 값이어야 합니다: "x"'],
    ["a multiple", z.number().multipleOf(5), 7, "5의 배수여야 합니다"],
  ])("words %s", (_what, schema, value, expected) => {
    expect(korean(schema, value)).toBe(expected);
  });

  it("leaves a check with our own English message without Korean", () => {
    expect(korean(z.string().refine((s) => s.startsWith("a"), "must start with a"), "b")).toBeUndefined();
  });
});
