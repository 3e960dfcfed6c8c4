/**
 * Test stores on every database: PGlite always (loaded from the migrated template), PostgreSQL too
 * when DATABASE_URL is set (a fresh database cloned from the migrated template per test file).
 * `describeEachStore` runs a suite once per engine, as kysely's test setup loops over dialects.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { describe, inject } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import type { Store, StoreKind } from "../../src/store/store.js";

/** The engines this run covers. */
export function storeKinds(): StoreKind[] {
  return inject("postgresTemplate") === null ? ["pglite"] : ["pglite", "postgres"];
}

let pgliteTemplate: Blob | undefined;

/** Opens a fresh, migrated store on the engine; closing it drops a PostgreSQL database. */
export async function openTestStore(kind: StoreKind): Promise<Store> {
  if (kind === "pglite") {
    pgliteTemplate ??= new Blob([readFileSync(inject("pgliteTemplate"))]);
    return openStore({ kind: "pglite", dataDir: "memory", template: pgliteTemplate });
  }
  const url = process.env.DATABASE_URL!;
  const name = `highway_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")!}`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const store = await openStore({ kind: "postgres", url: testUrl.toString(), maxConnections: 20 });
  return {
    ...store,
    close: async () => {
      await store.close();
      await adminQuery(url, `DROP DATABASE IF EXISTS ${name}`);
    },
  };
}

/** Runs one statement on the server with a short-lived connection (CREATE/DROP DATABASE). */
async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Runs a suite once per engine of this run. */
export function describeEachStore(name: string, suite: (kind: StoreKind) => void): void {
  for (const kind of storeKinds()) describe(`${name} [${kind}]`, () => suite(kind));
}
