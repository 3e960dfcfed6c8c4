import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE, HighwayError } from "./errors.js";

/** Rows of the table in docs/errors.md: code -> status. */
function documentedCodes(): Map<string, number> {
  const text = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
  const rows = new Map<string, number>();
  for (const match of text.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \| (.+) \|$/gm)) rows.set(match[1]!, Number(match[2]));
  return rows;
}

describe("error catalogue", () => {
  it("documents every code with its status, and documents no code that does not exist", () => {
    const documented = documentedCodes();
    const catalogue = new Map(Object.entries(ERROR_CATALOGUE).map(([code, spec]) => [code, spec.status]));
    expect(documented).toEqual(catalogue);
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
    expect(error.violations).toEqual([{ field: "body.region", rule: "ORG_REGION_UNKNOWN", message: ERROR_CATALOGUE.ORG_REGION_UNKNOWN.message }]);
  });
});
