/**
 * The store: one drizzle schema over either embedded PGlite (the default for demos, pilots,
 * development and tests; one process owns its data directory) or PostgreSQL (DATABASE_URL).
 * Services see only `Store` and the drizzle `Db` type, never the driver.
 */
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema/index.js";

/** The drizzle database (or transaction) over our schema, the same type on both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Which engine a store runs on. */
export type StoreKind = "pglite" | "postgres";

/** An open store. `transaction` runs `fn` atomically: all of its writes commit, or none. */
export interface Store {
  readonly kind: StoreKind;
  readonly db: Db;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Applies the committed migrations that have not run yet. */
  migrate(): Promise<void>;
  /** Answers when the database does; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
