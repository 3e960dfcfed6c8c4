import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE, HighwayError } from "./errors.js";
import { languageOf } from "./language.js";
import { localizeError } from "./localized-error.js";
import { thrownHighwayError } from "./thrown-error.js";
import { throwViolations } from "./validation.js";

describe("localizeError", () => {
  it("gives the catalogue's English or Korean as title and detail when the thrower wrote nothing", () => {
    const error = new HighwayError("AUTH_REQUIRED");
    expect(localizeError(error, "en")).toEqual({ title: "Authentication is required.", detail: "Authentication is required.", violations: [] });
    expect(localizeError(error, "ko")).toEqual({ title: "인증이 필요합니다.", detail: "인증이 필요합니다.", violations: [] });
  });

  it("uses the thrower's Korean detail, and for a single-field error the violation's message too", () => {
    const error = new HighwayError("MALFORMED_JSON", { field: "body", rule: "MALFORMED_JSON", detail: "the JSON body is empty", detailKo: "JSON 본문이 비어 있습니다" });
    expect(localizeError(error, "ko")).toEqual({
      title: ERROR_CATALOGUE.MALFORMED_JSON.messageKo,
      detail: "JSON 본문이 비어 있습니다",
      violations: [{ field: "body", rule: "MALFORMED_JSON", message: "JSON 본문이 비어 있습니다" }],
    });
    expect(localizeError(error, "en").violations).toEqual([{ field: "body", rule: "MALFORMED_JSON", message: "the JSON body is empty" }]);
  });

  it("gives every violation its own Korean, in the detail and in the messages", () => {
    const error = thrownHighwayError(() =>
      throwViolations([
        { field: "closesAt", rule: "ROUND_CLOSED", message: "the round closed at 2026-03-31T15:00:00Z", messageKo: "공모 접수는 2026-03-31T15:00:00Z에 마감되었습니다" },
        { field: "count", rule: "too_small", message: "Too small: expected number to be >=1", messageKo: "1 이상이어야 합니다" },
      ]),
    );
    const ko = localizeError(error, "ko");
    expect(ko.detail).toBe("body.closesAt: 공모 접수는 2026-03-31T15:00:00Z에 마감되었습니다; body.count: 1 이상이어야 합니다");
    expect(ko.violations.map((v) => v.message)).toEqual(["공모 접수는 2026-03-31T15:00:00Z에 마감되었습니다", "1 이상이어야 합니다"]);
    expect(localizeError(error, "en").detail).toBe("body.closesAt: the round closed at 2026-03-31T15:00:00Z; body.count: Too small: expected number to be >=1");
  });

  it("keeps fields and rules, and never lets messageKo into the English shape", () => {
    const error = thrownHighwayError(() =>
      throwViolations([
        { field: "region", rule: "ORG_REGION_UNKNOWN", message: "must be a current code", messageKo: "현행 코드여야 합니다" },
        { field: "count", rule: "too_small", message: "Too small: expected number to be >=1", messageKo: "1 이상이어야 합니다" },
      ]),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    const en = localizeError(error, "en");
    const ko = localizeError(error, "ko");
    expect(en.violations).toEqual([
      { field: "body.region", rule: "ORG_REGION_UNKNOWN", message: "must be a current code" },
      { field: "body.count", rule: "too_small", message: "Too small: expected number to be >=1" },
    ]);
    expect(ko.violations.map((v) => [v.field, v.rule])).toEqual(en.violations.map((v) => [v.field, v.rule]));
    expect(ko.violations.map((v) => v.message)).toEqual(["현행 코드여야 합니다", "1 이상이어야 합니다"]);
    expect(ko.detail).toBe("body.region: 현행 코드여야 합니다; body.count: 1 이상이어야 합니다");
    expect(en.detail).toBe("body.region: must be a current code; body.count: Too small: expected number to be >=1");
  });

  it("answers a single violation with its own code and its Korean", () => {
    const error = thrownHighwayError(() => throwViolations([{ field: "region", rule: "ORG_REGION_UNKNOWN", message: "must be a current code", messageKo: "현행 코드여야 합니다" }]));
    expect(error.code).toBe("ORG_REGION_UNKNOWN");
    expect(localizeError(error, "ko").detail).toBe("body.region: 현행 코드여야 합니다");
  });
});

describe("languageOf", () => {
  it.each([
    ["ko", "ko"],
    ["ko-KR", "ko"],
    ["ko_KR.UTF-8", "ko"],
    ["KO", "ko"],
    ["en_US.UTF-8", "en"],
    ["C.UTF-8", undefined],
    ["korean", undefined],
    ["", undefined],
  ])("%j -> %s", (tag, expected) => {
    expect(languageOf(tag)).toBe(expected);
  });
});
