/**
 * Builds the migrated database templates once per run: a dumped PGlite data directory (loading it
 * costs a fraction of migrating a fresh PGlite), and, when DATABASE_URL is set, a PostgreSQL
 * template database that each test file clones with CREATE DATABASE ... TEMPLATE.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { dumpPgliteStore, openStore } from "../../src/store/open-store.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

export const POSTGRES_TEMPLATE = `highway_template_${process.pid}`;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  mkdirSync(".tmp", { recursive: true });
  const store = await openStore({ kind: "pglite", dataDir: "memory" });
  await store.migrate();
  const blob = await dumpPgliteStore(store);
  await store.close();
  const templatePath = join(".tmp", `pglite-template-${process.pid}.tar`);
  writeFileSync(templatePath, Buffer.from(await blob.arrayBuffer()));
  project.provide("pgliteTemplate", templatePath);

  const url = process.env.DATABASE_URL;
  const required = process.env.HIGHWAY_REQUIRE_POSTGRES === "1";
  if (url === undefined || url === "") {
    if (required) throw new Error("HIGHWAY_REQUIRE_POSTGRES=1 but DATABASE_URL is not set");
    project.provide("postgresTemplate", null);
    return async () => {};
  }
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (error) {
    if (required) throw new Error(`HIGHWAY_REQUIRE_POSTGRES=1 but PostgreSQL at ${url} cannot be reached`, { cause: error });
    console.warn(`PostgreSQL at ${url} is unreachable; its tests are skipped`);
    project.provide("postgresTemplate", null);
    return async () => {};
  }
  await admin.query(`DROP DATABASE IF EXISTS ${POSTGRES_TEMPLATE}`);
  await admin.query(`CREATE DATABASE ${POSTGRES_TEMPLATE}`);
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${POSTGRES_TEMPLATE}`;
  const pgStore = await openStore({ kind: "postgres", url: templateUrl.toString(), maxConnections: 1 });
  await pgStore.migrate();
  await pgStore.close();
  project.provide("postgresTemplate", POSTGRES_TEMPLATE);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${POSTGRES_TEMPLATE}`).catch(() => {});
    await admin.end().catch(() => {});
  };
}
