import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE } from "../errors.js";
import { PROGRAM_ERROR_CODES } from "./error-codes.js";

describe("PROGRAM_ERROR_CODES", () => {
  const entries = Object.entries(PROGRAM_ERROR_CODES);
  it("adds codes the catalogue does not have yet", () => {
    expect(entries.filter(([code]) => Object.hasOwn(ERROR_CATALOGUE, code)).map(([code]) => code)).toEqual([]);
  });
  it.each(entries)("%s is a client error with a sentence for a message", (code, spec) => {
    expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(spec.status).toBeGreaterThanOrEqual(400);
    expect(spec.status).toBeLessThan(500);
    expect(spec.message).toMatch(/^[A-Z].*\.$/);
  });
});
