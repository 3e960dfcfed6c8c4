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

/** A held leadership lock (see `Store.tryLeaderLock`). */
export interface LeaderLock {
  /** False once the lock is lost (its connection broke) or released. */
  held(): boolean;
  release(): Promise<void>;
}

/** An open store. `transaction` runs `fn` atomically: all of its writes commit, or none. */
export interface Store {
  readonly kind: StoreKind;
  readonly db: Db;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Applies the committed migrations that have not run yet. */
  migrate(): Promise<void>;
  /**
   * Tries to become the one holder of `name` (the scheduler loop): on PostgreSQL a session advisory
   * lock on a dedicated connection, lost when that connection breaks; on PGlite the process owns
   * the data directory, so it always succeeds. Null when another holder has it.
   */
  tryLeaderLock(name: string): Promise<LeaderLock | null>;
  /** Answers when the database does; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
