import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE, HighwayError } from "./errors.js";

interface DocumentedCode {
  readonly status: number;
  readonly message: string;
  readonly messageKo: string;
}

/** Rows of the table in docs/errors.md: code -> status, English meaning, Korean meaning. */
function documentedCodes(): Map<string, DocumentedCode> {
  const text = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
  const rows = new Map<string, DocumentedCode>();
  for (const match of text.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \| (.+?) \| (.+?) \|$/gm)) {
    rows.set(match[1]!, { status: Number(match[2]), message: match[3]!, messageKo: match[4]! });
  }
  return rows;
}

const HANGUL = /[\uac00-\ud7a3]/;

describe("error catalogue", () => {
  it("documents every code with its status, and documents no code that does not exist", () => {
    const statuses = (entries: Iterable<[string, { status: number }]>) => new Map([...entries].map(([code, spec]) => [code, spec.status]));
    expect(statuses(documentedCodes())).toEqual(statuses(Object.entries(ERROR_CATALOGUE)));
  });

  it("documents every code's English and Korean message as the catalogue words them", () => {
    const documented = documentedCodes();
    for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
      expect(documented.get(code), code).toEqual({ status: spec.status, message: spec.message, messageKo: spec.messageKo });
    }
  });

  it("gives every code an English message and a Korean one written in Hangul", () => {
    for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
      expect(spec.message.trim(), code).not.toBe("");
      expect(spec.message, code).not.toMatch(HANGUL);
      expect(spec.messageKo, code).toMatch(HANGUL);
      expect(spec.messageKo, code).not.toBe(spec.message);
    }
  });

  it("uses client and server statuses only", () => {
    for (const spec of Object.values(ERROR_CATALOGUE)) {
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.status).toBeLessThan(600);
    }
  });

  it("carries the status, the field and the rule", () => {
    const error = new HighwayError("ORG_REGION_UNKNOWN", { field: "body.region", rule: "ORG_REGION_UNKNOWN" });
    expect(error.status).toBe(400);
    expect(error.violations).toEqual([{ field: "body.region", rule: "ORG_REGION_UNKNOWN", message: ERROR_CATALOGUE.ORG_REGION_UNKNOWN.message, messageKo: ERROR_CATALOGUE.ORG_REGION_UNKNOWN.messageKo }]);
  });

  it("keeps the catalogue's Korean as the Korean detail when the thrower gave no detail, and the thrower's when it gave one", () => {
    expect(new HighwayError("NOT_FOUND").detailKo).toBe(ERROR_CATALOGUE.NOT_FOUND.messageKo);
    expect(new HighwayError("NOT_FOUND", { detail: "round not found", detailKo: "공모 차수가 없습니다" }).detailKo).toBe("공모 차수가 없습니다");
  });

  it("does not compile a detail without its Korean, nor Korean without its detail (tsc checks these lines)", () => {
    // @ts-expect-error a detail needs its Korean
    expect(() => new HighwayError("NOT_FOUND", { detail: "round not found" })).not.toThrow();
    // @ts-expect-error Korean needs the detail it translates
    expect(() => new HighwayError("NOT_FOUND", { detailKo: "공모 차수가 없습니다" })).not.toThrow();
  });
});
