import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HighwayError } from "./errors.js";
import { localizeError } from "./localized-error.js";
import { parseOrThrow } from "./validation.js";
import { WorkloadInput } from "./workloads/workload.js";
import { checkMessage, patternCheck, zodIssueKorean } from "./zod-korean.js";

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
    ["a union", z.union([z.string(), z.number()]), true, "허용된 형식 중 어느 것에도 맞지 않습니다"],
    ["a record's key", z.record(z.string().regex(/^a/), z.number()), { b: 1 }, "올바른 키가 아닙니다"],
    ["a map's element under an object key", z.map(z.object({}), z.number()), new Map([[{}, "x"]]), "올바른 항목이 아닙니다"],
  ])("words %s", (_what, schema, value, expected) => {
    expect(korean(schema, value)).toBe(expected);
  });

  it("leaves a check with our own English message without Korean", () => {
    expect(korean(z.string().refine((s) => s.startsWith("a"), "must start with a"), "b")).toBeUndefined();
  });

  it("is framed in Korean around the English by the validation error, the one place that words such a check", () => {
    let error: unknown;
    try {
      parseOrThrow(z.object({ a: z.string().refine((s) => s.startsWith("a"), "must start with a") }), { a: "b" });
    } catch (e) {
      error = e;
    }
    expect(localizeError(error as HighwayError, "ko").violations).toEqual([{ field: "body.a", rule: "custom", message: "올바른 값이 아닙니다 (must start with a)" }]);
  });
});

describe("our own checks written with checkMessage", () => {
  it("carry their Korean on the issue, from refine and from superRefine", () => {
    expect(korean(z.string().refine((s) => s.startsWith("a"), checkMessage("must start with a", "a로 시작해야 합니다")), "b")).toBe("a로 시작해야 합니다");
    const whole = z.object({ a: z.string() }).superRefine((_value, ctx) => ctx.addIssue({ code: "custom", path: ["a"], ...checkMessage("is refused", "거부되었습니다") }));
    expect(korean(whole, { a: "x" })).toBe("거부되었습니다");
  });

  it("carry their Korean from a pattern check, which keeps zod's English, format and JSON schema pattern", () => {
    const slug = z.string().check(patternCheck(/^[a-z][a-z0-9-]*$/, "must be a lower-case slug", "소문자 슬러그여야 합니다"));
    expect(korean(slug, "Not a slug")).toBe("소문자 슬러그여야 합니다");
    const result = slug.safeParse("Not a slug");
    expect(!result.success && result.error.issues[0]).toMatchObject({ code: "invalid_format", format: "regex", pattern: "/^[a-z][a-z0-9-]*$/", message: "must be a lower-case slug" });
    expect(slug.safeParse("a-slug").success).toBe(true);
    expect(z.toJSONSchema(z.object({ code: slug }))).toMatchObject({ properties: { code: { type: "string", pattern: "^[a-z][a-z0-9-]*$" } } });
    // Beside other checks on the same string, only the pattern's issue takes its Korean.
    const short = z.string().max(3).check(patternCheck(/^a/, "must start with a", "a로 시작해야 합니다"));
    const both = short.safeParse("bcde");
    expect(!both.success && both.error.issues.map(zodIssueKorean)).toEqual(["3자 이하여야 합니다", "a로 시작해야 합니다"]);
  });

  it("reach a Korean reader of a validation error, and an English reader keeps the English", () => {
    let error: unknown;
    try {
      parseOrThrow(WorkloadInput, { model: "h100-sxm", acceleratorClass: "hopper", acceleratorsPerNode: 1, timeLimitMinutes: 10, script: "echo hi" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HighwayError);
    const ko = localizeError(error as HighwayError, "ko");
    expect(ko.violations).toEqual([
      { field: "body.script", rule: "custom", message: "#!(셔뱅 줄)로 시작해야 합니다" },
      { field: "body.model", rule: "custom", message: "model과 acceleratorClass 중 정확히 하나를 지정하십시오" },
    ]);
    expect(ko.detail).toBe("body.script: #!(셔뱅 줄)로 시작해야 합니다; body.model: model과 acceleratorClass 중 정확히 하나를 지정하십시오");
    expect(localizeError(error as HighwayError, "en").violations.map((v) => v.message)).toEqual(["must start with #! (a shebang line)", "give exactly one of model and acceleratorClass"]);
  });
});
