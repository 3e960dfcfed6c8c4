import { afterEach, describe, expect, it, vi } from "vitest";
import { HighwayError } from "../domain/errors.js";
import { localizeError } from "../domain/localized-error.js";
import { ApiClient } from "./api-client.js";

/** The HighwayError the client throws for one canned answer. */
async function refusal(status: number, body: unknown, language?: string): Promise<HighwayError> {
  const headers = { "content-type": "application/problem+json", ...(language === undefined ? {} : { "content-language": language }) };
  vi.stubGlobal("fetch", vi.fn(async () => new Response(body === undefined ? "" : JSON.stringify(body), { status, headers })));
  try {
    await new ApiClient("http://127.0.0.1:1", undefined, "ko").request("GET", "/api/v1/me");
  } catch (error) {
    if (error instanceof HighwayError) return error;
  }
  throw new Error("expected a HighwayError");
}

describe("ApiClient problems", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("passes a Korean answer through as the Korean detail and messages", async () => {
    const error = await refusal(404, { code: "NODE_UNKNOWN", detail: "플릿에 노드 g1이 없습니다", errors: [{ field: "path.node", rule: "NODE_UNKNOWN", message: "플릿에 노드 g1이 없습니다" }] }, "ko");
    expect(error.code).toBe("NODE_UNKNOWN");
    expect(localizeError(error, "ko")).toMatchObject({ detail: "플릿에 노드 g1이 없습니다", violations: [{ message: "플릿에 노드 g1이 없습니다" }] });
  });

  it("has no Korean for an English answer, so it puts the English after the catalogue's Korean", async () => {
    const error = await refusal(404, { code: "NODE_UNKNOWN", detail: "the fleet has no node g1" }, "en");
    expect(localizeError(error, "ko").detail).toBe("플릿에 이 이름의 노드가 없습니다 (the fleet has no node g1)");
    expect(localizeError(error, "en").detail).toBe("the fleet has no node g1");
  });

  it("says in Korean which status came back when the answer has no detail", async () => {
    const error = await refusal(502, undefined);
    expect(error.code).toBe("INTERNAL");
    expect(localizeError(error, "ko").detail).toBe("서버가 HTTP 502 상태로 응답했습니다");
    expect(localizeError(error, "en").detail).toBe("HTTP 502");
  });
});
