/**
 * A PostgreSQL store outlives the death of its idle connections (a server restart, an
 * administrator's pg_terminate_backend): the pool reports it and opens a new connection, where an
 * unheard 'error' event would have ended the server's process.
 */
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../src/store/open-store.js";
import type { Store } from "../src/store/store.js";
import { rowsOf } from "../src/store/rows.js";
import { storeKinds } from "./support/stores.js";

describe.runIf(storeKinds().includes("postgres"))("PostgreSQL connections [postgres]", () => {
  const lost: Error[] = [];
  let store: Store | undefined;
  afterAll(async () => {
    await store?.close();
  });

  it("are reopened after an idle one is terminated, and the loss is reported", async () => {
    const url = process.env.DATABASE_URL!;
    store = await openStore({ kind: "postgres", url, maxConnections: 1, onConnectionLost: (error) => lost.push(error) });
    const [before] = rowsOf<{ pid: number }>(await store.db.execute(sql`select pg_backend_pid() as pid`));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query("select pg_terminate_backend($1)", [before!.pid]);
    } finally {
      await admin.end();
    }
    for (let i = 0; i < 100 && lost.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lost.map((e) => e.message).join("\n")).toMatch(/terminating connection/);
    const [after] = rowsOf<{ pid: number }>(await store.db.execute(sql`select pg_backend_pid() as pid`));
    expect(after!.pid).not.toBe(before!.pid);
  });
});
