/**
 * `highway statement` and `highway balance` on a PGlite data directory: JSON, a CSV file with its
 * BOM, the bilingual table, and one-line errors naming the field or the missing record. Each run
 * of the command opens the store afresh, so the tests are few and generously timed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "..", "bin", "highway.js");

function highway(dataDir: string, args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HIGHWAY_DATA: dataDir, HIGHWAY_LOG_LEVEL: "warn" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("highway statement and balance", () => {
  const dir = mkdtempSync(join(tmpdir(), "highway-statements-cli-"));
  const dataDir = join(dir, "data");
  let orgId = "";

  it("prints an organization's month as JSON, as a bilingual table, and writes its CSV", { timeout: 180_000 }, () => {
    const created = highway(dataDir, ["org", "create", "--name", "정산기관", "--type", "sme", "--brn", "124-81-00998", "--region", "KR-30", "--sector", "C", "--founded-on", "2015-03-01", "--json"]);
    expect(created.code, created.stderr).toBe(0);
    orgId = (JSON.parse(created.stdout) as { id: string }).id;
    const json = highway(dataDir, ["statement", "org", orgId, "--month", "2027-01", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ organizationName: "정산기관", businessRegistrationNumber: "124-81-00998", month: "2027-01", from: "2026-12-31T15:00:00.000Z", lines: [], totals: { totalDueKrw: "0" } });
    const table = highway(dataDir, ["statement", "org", orgId, "--month", "2027-01"]);
    expect(table.stdout).toContain("납부 총액 / Total due");
    expect(table.stdout).toContain("0원 (KRW 0)");
    const file = join(dir, "statement.csv");
    const csv = highway(dataDir, ["statement", "org", orgId, "--month", "2027-01", "--csv", file]);
    expect(csv.code, csv.stderr).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("\uFEFF정산 월 / Month,")).toBe(true);
    expect(text).toContain("합계 / Total");
  });

  it("refuses a bad month and an unknown allocation in one line", { timeout: 180_000 }, () => {
    const month = highway(dataDir, ["statement", "org", orgId, "--month", "2027-13"]);
    expect(month.code).toBe(1);
    expect(month.stderr).toMatch(/^error VALIDATION_FAILED: month: /);
    const balance = highway(dataDir, ["balance", "0194f0a0-0000-7000-8000-000000000002"]);
    expect(balance.stderr).toMatch(/^error NOT_FOUND: allocation not found/);
  });
});
