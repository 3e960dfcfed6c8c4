/**
 * Problems in Korean or English on a listening server: Accept-Language picks the language (with
 * q-values), Content-Language names it, and the code, fields and rules are the same in both.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ERROR_CATALOGUE } from "../src/domain/errors.js";
import { describeEachStore } from "./support/stores.js";
import { makePerson, openHarness, type Harness } from "./support/harness.js";

const BAD_ORG = {
  name: "가온소프트",
  type: "startup",
  businessRegistrationNumber: "124-81-00999",
  region: "KR-42",
  sector: "J",
  foundedOn: "2024-03-01",
};

const BROWSER_KOREAN = "ko-KR,ko;q=0.9,en;q=0.8";

interface Problem {
  readonly title: string;
  readonly detail: string;
  readonly code: string;
  readonly status: number;
  readonly errors?: readonly { field: string; rule: string; message: string }[];
}

describeEachStore("problems in Korean and English", (kind) => {
  let h: Harness;
  let base: string;
  let token: string;

  beforeAll(async () => {
    h = await openHarness(kind);
    token = (await makePerson(h)).token;
    await h.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => h.close());

  async function send(method: string, path: string, options: { language?: string; body?: unknown; token?: string } = {}) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.language === undefined ? {} : { "accept-language": options.language }),
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return { status: response.status, headers: response.headers, problem: (await response.json()) as Problem };
  }

  it("answers a browser that prefers Korean in Korean, naming the language in Content-Language", async () => {
    const { status, headers, problem } = await send("POST", "/api/v1/organizations", { language: BROWSER_KOREAN, token, body: BAD_ORG });
    expect(status).toBe(400);
    expect(headers.get("content-type")).toContain("application/problem+json");
    expect(headers.get("content-language")).toBe("ko");
    expect(headers.get("vary")).toMatch(/accept-language/i);
    expect(problem.code).toBe("VALIDATION_FAILED");
    expect(problem.title).toBe(ERROR_CATALOGUE.VALIDATION_FAILED.messageKo);
    expect(problem.errors).toEqual([
      { field: "body.businessRegistrationNumber", rule: "ORG_BRN_INVALID", message: "마지막 자리가 검증번호인 10자리 숫자여야 합니다(하이픈 허용)" },
      { field: "body.region", rule: "ORG_REGION_UNKNOWN", message: "KR-11처럼 현행 ISO 3166-2:KR 코드여야 합니다" },
    ]);
    expect(problem.detail).toBe(
      "body.businessRegistrationNumber: 마지막 자리가 검증번호인 10자리 숫자여야 합니다(하이픈 허용); body.region: KR-11처럼 현행 ISO 3166-2:KR 코드여야 합니다",
    );
  });

  it("answers in English without Accept-Language, with the same code, fields and rules", async () => {
    const korean = await send("POST", "/api/v1/organizations", { language: BROWSER_KOREAN, token, body: BAD_ORG });
    const { status, headers, problem } = await send("POST", "/api/v1/organizations", { token, body: BAD_ORG });
    expect(status).toBe(400);
    expect(headers.get("content-language")).toBe("en");
    expect(problem.title).toBe(ERROR_CATALOGUE.VALIDATION_FAILED.message);
    expect(problem.errors).toEqual([
      { field: "body.businessRegistrationNumber", rule: "ORG_BRN_INVALID", message: "must be 10 digits (hyphens allowed) whose last digit is the check digit" },
      { field: "body.region", rule: "ORG_REGION_UNKNOWN", message: "must be a current ISO 3166-2:KR code such as KR-11" },
    ]);
    const shape = (p: Problem) => ({ code: p.code, status: p.status, errors: p.errors?.map((e) => [e.field, e.rule]), keys: Object.keys(p).sort() });
    expect(shape(korean.problem)).toEqual(shape(problem));
  });

  it("follows q-values rather than the order written", async () => {
    const preferred = await send("GET", "/api/v1/me", { language: "en;q=0.5, ko;q=0.8" });
    expect(preferred.status).toBe(401);
    expect(preferred.headers.get("content-language")).toBe("ko");
    expect(preferred.problem).toMatchObject({ code: "AUTH_REQUIRED", title: "인증이 필요합니다.", detail: "인증이 필요합니다." });
    const reversed = await send("GET", "/api/v1/me", { language: "ko;q=0.5, en;q=0.8" });
    expect(reversed.headers.get("content-language")).toBe("en");
    expect(reversed.problem).toMatchObject({ code: "AUTH_REQUIRED", title: "Authentication is required." });
  });

  it("answers in English when asked only for languages it does not speak", async () => {
    const { headers, problem } = await send("GET", "/api/v1/me", { language: "fr-FR, de;q=0.9" });
    expect(headers.get("content-language")).toBe("en");
    expect(problem.title).toBe("Authentication is required.");
  });

  it("words its own particulars and zod's checks in Korean, and names required fields in Korean", async () => {
    const route = await send("GET", "/api/v1/nowhere", { language: "ko" });
    expect(route.problem).toMatchObject({ code: "ROUTE_NOT_FOUND", title: "해당 경로가 없습니다.", detail: "GET /api/v1/nowhere 경로가 없습니다" });
    const { region: _region, ...withoutRegion } = BAD_ORG;
    const shape = await send("POST", "/api/v1/organizations", { language: "ko", token, body: { ...withoutRegion, name: 42 } });
    expect(shape.problem.code).toBe("VALIDATION_FAILED");
    const byField = new Map(shape.problem.errors?.map((e) => [e.field, e]));
    expect(byField.get("body.region")).toEqual({ field: "body.region", rule: "required", message: "필수 항목입니다" });
    expect(byField.get("body.name")?.rule).toBe("invalid_type");
    expect(byField.get("body.name")?.message).toBe("문자열 형식이어야 합니다");
    // In English the same violation keeps zod's words.
    const english = await send("POST", "/api/v1/organizations", { language: "en", token, body: { ...withoutRegion, name: 42 } });
    expect(new Map(english.problem.errors?.map((e) => [e.field, e])).get("body.name")?.message).toMatch(/^Invalid input/);
  });

  it("gives a service's own detail in Korean, naming the id it was given with the particle it takes", async () => {
    const admin = (await makePerson(h, { platformRoles: ["platform_admin"] })).token;
    const korean = await send("GET", "/api/v1/nodes?cluster=nowhere-7", { language: "ko", token: admin });
    expect(korean.status).toBe(404);
    expect(korean.headers.get("content-language")).toBe("ko");
    expect(korean.problem).toMatchObject({ code: "CLUSTER_UNKNOWN", title: ERROR_CATALOGUE.CLUSTER_UNKNOWN.messageKo, detail: "플릿에 클러스터 nowhere-7이 없습니다" });
    expect(korean.problem.errors).toEqual([{ field: "query.cluster", rule: "CLUSTER_UNKNOWN", message: "플릿에 클러스터 nowhere-7이 없습니다" }]);
    const english = await send("GET", "/api/v1/nodes?cluster=nowhere-7", { language: "en", token: admin });
    expect(english.problem).toMatchObject({ code: "CLUSTER_UNKNOWN", detail: "the fleet has no cluster nowhere-7" });
  });

  it("words a programs rule in Korean: a round that closes before it opens and repeats a criterion", async () => {
    const pm = (await makePerson(h, { platformRoles: ["program_manager"] })).token;
    const name = { ko: "언어 시험", en: "Language test" };
    // `send` reads every answer as a problem; these two are the created rows.
    const idOf = (created: { status: number; problem: unknown }): string => {
      expect(created.status).toBe(201);
      return (created.problem as { id: string }).id;
    };
    const programId = idOf(await send("POST", "/api/v1/programs", { token: pm, body: { code: "language-test", name, fiscalYear: 2027, budget: { krw: "1000000", acceleratorHours: { hopper: "100" } } } }));
    const callId = idOf(await send("POST", `/api/v1/programs/${programId}/calls`, { token: pm, body: { code: "first", name } }));
    const rubric = [{ key: "impact", label: { ko: "파급효과", en: "Impact" }, weight: 1 }];
    const body = { name, opensAt: "2026-11-01T09:00", closesAt: "2026-10-01T09:00", review: { rubric: [...rubric, ...rubric] } };
    const roundsPath = `/api/v1/calls/${callId}/rounds`;
    const korean = await send("POST", roundsPath, { language: "ko", token: pm, body });
    expect(korean.status).toBe(400);
    expect(korean.headers.get("content-language")).toBe("ko");
    expect(korean.problem).toMatchObject({ code: "ROUND_SETTINGS_INVALID", title: ERROR_CATALOGUE.ROUND_SETTINGS_INVALID.messageKo });
    expect(korean.problem.errors).toEqual([
      { field: "body.closesAt", rule: "ROUND_SETTINGS_INVALID", message: "공모 차수의 마감 시각은 접수 시작 시각보다 늦어야 합니다" },
      { field: "body.review.rubric.1.key", rule: "ROUND_SETTINGS_INVALID", message: "평가 항목 impact가 중복됩니다" },
    ]);
    expect(korean.problem.detail).toBe("body.closesAt: 공모 차수의 마감 시각은 접수 시작 시각보다 늦어야 합니다; body.review.rubric.1.key: 평가 항목 impact가 중복됩니다");
    const english = await send("POST", roundsPath, { language: "en", token: pm, body });
    expect(english.problem.errors?.map((e) => e.message)).toEqual(["the round must close after it opens", "duplicate criterion impact"]);
  });

  it("words a pattern check with our own message in Korean: a program code that is not a slug", async () => {
    const pm = (await makePerson(h, { platformRoles: ["program_manager"] })).token;
    const body = { code: "AX Sprint", name: { ko: "AX 스프린트", en: "AX Sprint" }, fiscalYear: 2027, budget: { krw: "1000000", acceleratorHours: { hopper: "100" } } };
    const korean = await send("POST", "/api/v1/programs", { language: "ko", token: pm, body });
    expect(korean.status).toBe(400);
    expect(korean.problem.errors).toEqual([{ field: "body.code", rule: "PROGRAM_SETTINGS_INVALID", message: "소문자, 숫자, 하이픈으로 된 슬러그여야 합니다" }]);
    const english = await send("POST", "/api/v1/programs", { language: "en", token: pm, body });
    expect(english.problem.errors?.[0]?.message).toBe("must be a lower-case slug");
  });

  it("words our own zod check in Korean: a usage query that names neither an allocation nor a project", async () => {
    const korean = await send("GET", "/api/v1/usage", { language: "ko", token });
    expect(korean.problem.code).toBe("VALIDATION_FAILED");
    expect(korean.problem.errors).toEqual([{ field: "query.allocationId", rule: "custom", message: "allocationId 또는 projectId를 지정하십시오" }]);
    const english = await send("GET", "/api/v1/usage", { language: "en", token });
    expect(english.problem.errors?.[0]?.message).toBe("give allocationId or projectId");
  });
});
