/**
 * openStore(options) -> Store on PGlite or PostgreSQL. PGlite keeps its data under a directory (or
 * in memory, optionally loaded from a dumped template); a lock file stops a second process from
 * opening the same directory.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { acquireDirectoryLock } from "./directory-lock.js";
import * as schema from "./schema/index.js";
import type { Db, LeaderLock, Store } from "./store.js";

const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));

/** Where the data lives. */
export type StoreOptions =
  | { readonly kind: "pglite"; readonly dataDir: string | "memory"; readonly template?: Blob }
  | {
      readonly kind: "postgres";
      readonly url: string;
      readonly maxConnections?: number;
      /** Told when an idle pooled connection dies (a server restart, an administrator's terminate); the pool opens a new one when next needed. */
      readonly onConnectionLost?: (error: Error) => void;
    };

/** Picks the engine from the configuration: PostgreSQL when DATABASE_URL is set, else PGlite. */
export function storeOptionsFromConfig(config: { readonly databaseUrl?: string | undefined; readonly dataDir: string }): StoreOptions {
  return config.databaseUrl !== undefined
    ? { kind: "postgres", url: config.databaseUrl, onConnectionLost: (error) => process.emitWarning(`a PostgreSQL connection was lost and will be reopened: ${error.message}`) }
    : { kind: "pglite", dataDir: `${config.dataDir}/pgdata` };
}

/** Opens (and does not migrate) a store. */
export async function openStore(options: StoreOptions): Promise<Store> {
  return options.kind === "pglite" ? openPglite(options) : openPostgres(options);
}

async function openPglite(options: Extract<StoreOptions, { kind: "pglite" }>): Promise<Store> {
  let release = () => {};
  let client: PGlite;
  if (options.dataDir === "memory") {
    client = await PGlite.create(options.template === undefined ? {} : { loadDataDir: options.template });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    release = acquireDirectoryLock(options.dataDir);
    try {
      client = await PGlite.create({ dataDir: options.dataDir, ...(options.template ? { loadDataDir: options.template } : {}) });
    } catch (error) {
      release();
      throw error;
    }
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    transaction: (fn) => db.transaction(fn),
    migrate: async () => {
      await migratePglite(db as never, { migrationsFolder: MIGRATIONS });
    },
    tryLeaderLock: async () => {
      let held = true;
      return { held: () => held, release: async () => void (held = false) };
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

async function openPostgres(options: Extract<StoreOptions, { kind: "postgres" }>): Promise<Store> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  // Without a listener, an idle connection's death is an unhandled 'error' event and ends the process.
  pool.on("error", (error) => options.onConnectionLost?.(error));
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  return {
    kind: "postgres",
    db,
    transaction: (fn) => db.transaction(fn),
    migrate: async () => {
      await migrateNodePg(db as never, { migrationsFolder: MIGRATIONS });
    },
    tryLeaderLock: (name) => advisoryLock(options.url, name),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/**
 * A session advisory lock on its own connection (not the pool's, whose connections come and go):
 * held while that connection lives. The key is derived from the name by PostgreSQL's hashtext.
 */
async function advisoryLock(url: string, name: string): Promise<LeaderLock | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let held = false;
  const lose = () => {
    held = false;
  };
  client.on("error", lose);
  client.on("end", lose);
  try {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock(hashtext($1)) as locked", [name]);
    held = rows[0]?.locked === true;
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  if (!held) {
    await client.end();
    return null;
  }
  return {
    held: () => held,
    release: async () => {
      held = false;
      await client.end().catch(() => {});
    },
  };
}

/** Dumps an in-memory or on-disk PGlite store's data directory (for test templates). */
export async function dumpPgliteStore(store: Store): Promise<Blob> {
  const client = (store.db as unknown as { $client: PGlite }).$client;
  return client.dumpDataDir("none");
}
