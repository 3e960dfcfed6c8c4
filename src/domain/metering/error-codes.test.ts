import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE } from "../errors.js";
import { METERING_ERROR_CODES } from "./error-codes.js";

describe("METERING_ERROR_CODES", () => {
  const entries = Object.entries(METERING_ERROR_CODES);
  it("is part of the catalogue, unchanged", () => {
    for (const [code, spec] of entries) expect(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE]).toEqual(spec);
  });
  it.each(entries)("%s is a client error with a sentence for a message", (code, spec) => {
    expect(code).toMatch(/^METERING_[A-Z0-9_]+$/);
    expect(spec.status).toBeGreaterThanOrEqual(400);
    expect(spec.status).toBeLessThan(500);
    expect(spec.message).toMatch(/^[A-Z].*\.$/);
  });
});
