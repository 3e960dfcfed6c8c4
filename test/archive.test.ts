/**
 * Export and import: the whole store moves through a portable archive, from PGlite to a fresh
 * PGlite and (when DATABASE_URL is set) onto PostgreSQL, with every row and a verifying audit log.
 */
import { gzipSync, gunzipSync } from "node:zlib";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getTableName } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isHighwayError } from "../src/domain/errors.js";
import { verifyAudit } from "../src/services/audit/audit-log.js";
import { exportArchive, importArchive, tablesInDependencyOrder } from "../src/store/archive.js";
import type { Store } from "../src/store/store.js";
import { call, makeOrganization, makePerson, openHarness, rowCounts, TEST_AUDIT_KEY, type Harness } from "./support/harness.js";
import { openTestStore, storeKinds } from "./support/stores.js";

async function dumpAll(store: Store): Promise<string> {
  const out: Record<string, unknown[]> = {};
  const text = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x));
  for (const table of tablesInDependencyOrder()) {
    const rows = (await store.db.select().from(table as never)) as unknown[];
    out[getTableName(table)] = rows.map(text).sort();
  }
  return text(out);
}

describe("store archive", () => {
  let source: Harness;
  let dir: string;
  let n = 0;
  const nextFile = () => join(dir, `store-${++n}.highway.gz`);

  beforeAll(async () => {
    source = await openHarness("pglite");
    const org = await makeOrganization(source, { name: "이관 테스트 기관" });
    const { token } = await makePerson(source, { organizationId: org.id, role: "org_admin", password: "archive-password-1" });
    await call(source, "POST", "/api/v1/tokens", { token, body: { name: "k" }, headers: { "idempotency-key": "archived-key" } });
    await source.services.sessions.login({ email: (await source.services.people.me((await source.services.tokens.authenticate(token)))).email, password: "archive-password-1" }, "127.0.0.1");
    dir = mkdtempSync(join(tmpdir(), "highway-archive-"));
  });
  afterAll(() => source.close());

  it("lists every table of the schema, parents before children", () => {
    const names = tablesInDependencyOrder().map(getTableName);
    expect(names.indexOf("organizations")).toBeLessThan(names.indexOf("memberships"));
    expect(names.indexOf("people")).toBeLessThan(names.indexOf("api_tokens"));
    expect(names).toContain("audit_events");
  });

  for (const kind of storeKinds()) {
    it(`moves a PGlite store onto ${kind} with every row, and the audit log still verifies`, async () => {
      const file = nextFile();
      const counts = await exportArchive(source.store, file, "test");
      expect(counts.organizations).toBeGreaterThan(0);
      const target = await openTestStore(kind);
      try {
        const imported = await importArchive(target, file);
        expect(imported).toEqual(Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)));
        expect(await rowCounts(target)).toEqual(await rowCounts(source.store));
        expect(await dumpAll(target)).toEqual(await dumpAll(source.store));
        expect(await verifyAudit(target, TEST_AUDIT_KEY)).toMatchObject({ ok: true });
      } finally {
        await target.close();
      }
    });
  }

  it("refuses to import into a store that has data, and changes nothing", async () => {
    const file = nextFile();
    await exportArchive(source.store, file, "test");
    const before = await rowCounts(source.store);
    const error = await importArchive(source.store, file).catch((e: unknown) => e);
    expect(isHighwayError(error, "STORE_NOT_EMPTY")).toBe(true);
    expect(await rowCounts(source.store)).toEqual(before);
  });

  it("refuses a cut archive and leaves the target empty", async () => {
    const file = nextFile();
    await exportArchive(source.store, file, "test");
    const lines = gunzipSync(readFileSync(file)).toString("utf8").trimEnd().split("\n");
    const cut = `${file}.cut`;
    writeFileSync(cut, gzipSync(lines.slice(0, -3).join("\n") + "\n"));
    const target = await openTestStore("pglite");
    try {
      const error = await importArchive(target, cut).catch((e: unknown) => e);
      expect(isHighwayError(error, "ARCHIVE_INVALID")).toBe(true);
      expect(Object.values(await rowCounts(target)).every((n) => n === 0)).toBe(true);
    } finally {
      await target.close();
    }
  });
});
