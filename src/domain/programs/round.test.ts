import { describe, expect, it } from "vitest";
import { HighwayError } from "../errors.js";
import { localizeError } from "../localized-error.js";
import { violationsDetail } from "../validation.js";
import { ApplicationInput, requestedHoursByClass } from "./application.js";
import { CallInput, checkRoundOpen, checkRoundSettings, requestLimitViolations, RoundInput, seoulInstant, type RoundSettings } from "./round.js";

const RUBRIC = [
  { key: "impact", label: { ko: "파급효과", en: "Impact" }, weight: 40 },
  { key: "feasibility", label: { ko: "실현가능성", en: "Feasibility" }, weight: 60, maxScore: 5 },
];

function round(overrides: Partial<RoundInput> = {}): RoundSettings {
  return RoundInput.parse({
    name: { ko: "2026년 1차", en: "2026 round 1" },
    opensAt: "2026-03-02T09:00",
    closesAt: "2026-03-31T18:00",
    requestLimits: { maxAcceleratorHours: { hopper: 10_000 }, maxConcurrent: { hopper: 16 }, maxDurationDays: 180 },
    review: { rubric: RUBRIC },
    ...overrides,
  });
}

describe("seoulInstant", () => {
  it.each([
    ["2026-03-02T09:00", "2026-03-02T00:00:00.000Z"],
    ["2026-03-01T00:30:15", "2026-02-28T15:30:15.000Z"],
    ["2026-03-02T09:00:00+09:00", "2026-03-02T00:00:00.000Z"],
    ["2026-03-02T00:00:00Z", "2026-03-02T00:00:00.000Z"],
    ["2026-02-30T09:00", null],
    ["2026-03-02T09:60", null],
    ["2026-03-02 09:00", null],
  ])("%s -> %s", (text, instant) => {
    expect(seoulInstant(text)).toBe(instant);
  });
});

describe("CallInput", () => {
  it("fills defaults and refuses unknown fields", () => {
    expect(CallInput.parse({ code: "ax-2026", name: { ko: "AX 공모", en: "AX call" } })).toEqual({ code: "ax-2026", name: { ko: "AX 공모", en: "AX call" }, description: { ko: "", en: "" }, noticeUrl: null });
    expect(CallInput.safeParse({ code: "ax-2026", name: { ko: "AX", en: "AX" }, budget: 1 }).success).toBe(false);
  });
});

describe("RoundInput", () => {
  it("fills defaults and reads local times as Asia/Seoul", () => {
    const r = round();
    expect(r.opensAt).toBe("2026-03-02T00:00:00.000Z");
    expect(r.decisionMode).toBe("manual");
    expect(r.review.minReviewers).toBe(2);
    expect(r.review.rubric[0]!.maxScore).toBe(10);
    expect(r.requestLimits.maxAcceleratorHours).toEqual({ hopper: 10_000n });
  });
  it("refuses unknown fields", () => {
    expect(RoundInput.safeParse({ ...round(), extra: 1 }).success).toBe(false);
  });
  it("reports inconsistent settings at once", () => {
    const bad = round({ closesAt: "2026-03-01T09:00", review: { rubric: [...RUBRIC, RUBRIC[0]!], reviewDeadline: "2026-02-01T09:00" } });
    const r = checkRoundSettings(bad);
    expect(!r.ok && r.violations.map((v) => v.field)).toEqual(["closesAt", "review.rubric.2.key", "review.reviewDeadline"]);
  });
});

describe("checkRoundOpen", () => {
  const r = round();
  it.each([
    ["2026-03-01T23:59:59Z", "ROUND_NOT_OPEN"], // 08:59:59 in Seoul on 2 March
    ["2026-03-02T00:00:00Z", null],
    ["2026-03-31T08:59:59Z", null],
    ["2026-03-31T09:00:00Z", "ROUND_CLOSED"], // 18:00 in Seoul
  ])("at %s: %s", (at, code) => {
    const result = checkRoundOpen(r, at);
    if (code === null) expect(result.ok).toBe(true);
    else expect(!result.ok && result.code).toBe(code);
  });
  it("names the Seoul closing time", () => {
    const result = checkRoundOpen(r, "2026-04-01T00:00:00Z");
    expect(!result.ok && result.violations[0]!.message).toContain("2026-03-31 18:00");
  });
});

describe("round rules for a Korean reader", () => {
  /** The error a service throws for a failed rule (as `orThrow` does), as a Korean reader sees it. */
  function korean(result: ReturnType<typeof checkRoundSettings> | ReturnType<typeof checkRoundOpen>) {
    if (result.ok) throw new Error("expected a refusal");
    return localizeError(new HighwayError(result.code, { ...violationsDetail(result.violations), violations: result.violations }), "ko");
  }

  it("words a closed round in Korean, with the Seoul time", () => {
    const ko = korean(checkRoundOpen(round(), "2026-04-01T00:00:00Z"));
    expect(ko.title).toBe("이 공모 차수는 접수가 마감되었습니다.");
    expect(ko.violations).toEqual([{ field: "round.closesAt", rule: "ROUND_CLOSED", message: "공모 접수는 2026-03-31 18:00(한국 시간)에 마감되었습니다" }]);
    expect(ko.detail).toBe("round.closesAt: 공모 접수는 2026-03-31 18:00(한국 시간)에 마감되었습니다");
  });

  it("words every inconsistent setting in Korean, the criterion key with the particle it takes", () => {
    const bad = round({ closesAt: "2026-03-01T09:00", review: { rubric: [...RUBRIC, RUBRIC[0]!], reviewDeadline: "2026-02-01T09:00" } });
    expect(korean(checkRoundSettings(bad)).violations.map((v) => v.message)).toEqual([
      "공모 차수의 마감 시각은 접수 시작 시각보다 늦어야 합니다",
      "평가 항목 impact가 중복됩니다",
      "심사 기한은 공모 마감 이후여야 합니다",
    ]);
  });
});

describe("requestLimitViolations", () => {
  const app = (hours: number, concurrent: number, endsAt: string) =>
    ApplicationInput.parse({
      title: "Defect detection for press lines",
      team: [{ email: "pi@example.kr", role: "pi" }],
      request: { grants: [{ acceleratorClass: "hopper", acceleratorHours: hours, maxConcurrent: concurrent }], startsAt: "2026-04-01T00:00", endsAt },
    });
  it("accepts a request at the limits", () => {
    expect(requestLimitViolations(round(), app(10_000, 16, "2026-09-28T00:00").request)).toEqual([]);
  });
  it("names every exceeded limit", () => {
    const found = requestLimitViolations(round(), app(10_001, 17, "2026-09-28T00:01").request);
    expect(found.map((v) => [v.rule, v.field])).toEqual([
      ["APPLICATION_REQUEST_TOO_LARGE", "request.grants.0.acceleratorHours"],
      ["APPLICATION_REQUEST_TOO_LARGE", "request.grants.0.maxConcurrent"],
      ["APPLICATION_DURATION_INVALID", "request.endsAt"],
    ]);
  });
  it("reads requested hours by class", () => {
    expect(requestedHoursByClass(app(500, 2, "2026-05-01T00:00").request)).toEqual({ hopper: 500n });
  });
  it("refuses a team without exactly one pi, and a reversed period", () => {
    const base = { title: "x", request: { grants: [{ acceleratorClass: "hopper", acceleratorHours: 1, maxConcurrent: 1 }], startsAt: "2026-04-01T00:00", endsAt: "2026-05-01T00:00" } };
    expect(ApplicationInput.safeParse({ ...base, team: [{ email: "a@example.kr", role: "member" }] }).success).toBe(false);
    expect(ApplicationInput.safeParse({ ...base, team: [{ email: "a@example.kr", role: "pi" }], request: { ...base.request, endsAt: "2026-03-01T00:00" } }).success).toBe(false);
  });
});
