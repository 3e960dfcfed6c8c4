/**
 * The `highway` command as a person runs it: direct on a PGlite data directory, through the API
 * while a server owns that directory, one-line errors with codes, and export/import.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "..", "bin", "highway.js");

function highway(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HIGHWAY_DATA: dataDir, HIGHWAY_LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ORG = ["org", "create", "--name", "명령줄기관", "--type", "university", "--brn", "124-81-00998", "--region", "KR-30", "--sector", "P", "--founded-on", "1990-03-01"];

describe("highway CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "highway-cli-"));
  const dataDir = join(dir, "data");

  it("refuses bad input in one line with the error code and exit 1, writing nothing", () => {
    const bad = highway(dataDir, [...ORG.slice(0, -1), "2999-01-01"].map((a) => (a === "124-81-00998" ? "124-81-00990" : a)));
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error VALIDATION_FAILED: .*businessRegistrationNumber.*foundedOn/);
    const list = highway(dataDir, ["org", "list", "--json"]);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it("words the error in Korean under a Korean locale or --lang ko, keeping the prefix, code and fields", () => {
    const args = [...ORG.slice(0, -1), "2999-01-01"].map((a) => (a === "124-81-00998" ? "124-81-00990" : a));
    const korean = highway(dataDir, args, { LANG: "ko_KR.UTF-8" });
    expect(korean.code).toBe(1);
    expect(korean.stderr.trim().split("\n")).toHaveLength(1);
    expect(korean.stderr.trim()).toMatch(
      /^error VALIDATION_FAILED: body\.businessRegistrationNumber: 마지막 자리가 검증번호인 10자리 숫자여야 합니다\(하이픈 허용\); body\.foundedOn: \d{4}-\d{2}-\d{2} 이후일 수 없습니다 \[body\.businessRegistrationNumber: ORG_BRN_INVALID; body\.foundedOn: ORG_FOUNDED_IN_FUTURE\]$/,
    );
    expect(highway(dataDir, ["--lang", "ko", ...args]).stderr).toBe(korean.stderr);
    const english = highway(dataDir, ["--lang", "en", ...args], { LC_ALL: "ko_KR.UTF-8" });
    expect(english.stderr).toMatch(/^error VALIDATION_FAILED: body\.businessRegistrationNumber: must be 10 digits/);
  });

  it("creates, lists and shows organizations with --json", () => {
    const created = highway(dataDir, [...ORG, "--json"]);
    expect(created.code, created.stderr).toBe(0);
    const org = JSON.parse(created.stdout) as { id: string; businessRegistrationNumber: string };
    expect(org.businessRegistrationNumber).toBe("1248100998");
    const shown = highway(dataDir, ["org", "show", org.id, "--json"]);
    expect(JSON.parse(shown.stdout).name).toBe("명령줄기관");
    const table = highway(dataDir, ["org", "list"]);
    expect(table.stdout).toContain("명령줄기관");
  });

  it("creates an administrator and manages their tokens", () => {
    const admin = highway(dataDir, ["admin", "create", "--email", "ops@example.kr", "--name", "운영자", "--json"]);
    expect(admin.code, admin.stderr).toBe(0);
    const { person } = JSON.parse(admin.stdout) as { person: { id: string } };
    const token = highway(dataDir, ["token", "create", "--name", "ci", "--person", person.id, "--json"]);
    const created = JSON.parse(token.stdout) as { id: string; token: string };
    expect(created.token).toMatch(/^hwy_tok_/);
    const revoked = highway(dataDir, ["token", "revoke", created.id, "--json"]);
    expect(JSON.parse(revoked.stdout).revokedAt).not.toBeNull();
    const listed = JSON.parse(highway(dataDir, ["token", "list", "--person", person.id, "--json"]).stdout) as { id: string }[];
    expect(listed.map((t) => t.id)).toContain(created.id);
    expect(highway(dataDir, ["audit", "verify"]).stdout).toMatch(/^audit log verified: \d+ events in \d+ chains/);
  });

  it("creates and lists programs, and lists people and audit events, with --json", () => {
    const file = join(dir, "program.json");
    writeFileSync(file, JSON.stringify({ code: "cli-program", name: { ko: "명령줄 프로그램", en: "CLI program" }, fiscalYear: 2027, budget: { krw: "1000000", acceleratorHours: { hopper: "100" } } }));
    const created = highway(dataDir, ["program", "create", "--file", file]);
    expect(created.code, created.stderr).toBe(0);
    const programs = JSON.parse(highway(dataDir, ["program", "list", "--json"]).stdout) as { code: string }[];
    expect(programs.map((p) => p.code)).toEqual(["cli-program"]);
    const people = JSON.parse(highway(dataDir, ["people", "list", "--json"]).stdout) as { email: string }[];
    expect(people.map((p) => p.email)).toContain("ops@example.kr");
    const events = JSON.parse(highway(dataDir, ["audit", "events", "--chain", "platform", "--json"]).stdout) as { action: string }[];
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["person.created", "program.created"]));
  });

  it("exports a store and imports it into an empty one", () => {
    const archive = join(dir, "store.highway.gz");
    expect(highway(dataDir, ["export", archive]).code).toBe(0);
    const otherDir = join(dir, "other");
    const imported = highway(otherDir, ["import", archive, "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(highway(otherDir, ["org", "list", "--json"]).stdout)).toEqual(JSON.parse(highway(dataDir, ["org", "list", "--json"]).stdout));
    const again = highway(otherDir, ["import", archive]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error STORE_NOT_EMPTY/);
  });

  it("rejects an unknown command with a usage error (exit 2)", () => {
    const result = highway(dataDir, ["frobnicate"]);
    expect(result.code).toBe(2);
  });

  describe("while a server owns the data directory", () => {
    let server: ReturnType<typeof spawn>;
    let output = "";

    beforeAll(async () => {
      server = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
        env: { PATH: process.env.PATH, HIGHWAY_DATA: dataDir, HIGHWAY_LOG_LEVEL: "warn" },
      });
      server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const deadline = Date.now() + 60_000;
      while (!output.includes("listening on") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain("listening on");
    });
    afterAll(async () => {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    });

    it("talks to the server's API and needs a token for it", () => {
      const anonymous = highway(dataDir, ["org", "list"]);
      expect(anonymous.code).toBe(1);
      expect(anonymous.stderr).toMatch(/^error AUTH_REQUIRED/);
    });

    it("asks the server for Korean under a Korean locale and prints what it answers", () => {
      const anonymous = highway(dataDir, ["org", "list"], { LANG: "ko_KR.UTF-8" });
      expect(anonymous.code).toBe(1);
      expect(anonymous.stderr).toBe("error AUTH_REQUIRED: 인증이 필요합니다.\n");
    });

    it("refuses commands that need the store to itself", () => {
      const result = highway(dataDir, ["import", join(dir, "store.highway.gz")]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error STORE_BUSY: .*server at http/);
    });
  });
});
