/**
 * Idempotent creation: a creating request that carries an Idempotency-Key runs in one transaction
 * with the record of its key, so a retry returns the first result and never makes a second row.
 * The same key with a different request is refused (IDEMPOTENCY_KEY_REUSED). Two concurrent
 * requests with one key: the second's insert of the key conflicts, its transaction rolls back, and
 * it answers with the first one's stored result.
 */
import { and, eq } from "drizzle-orm";
import type { Clock } from "../domain/clock.js";
import { HighwayError } from "../domain/errors.js";
import { fromStored, toStored } from "../store/json-codec.js";
import { idempotencyKeys } from "../store/schema/index.js";
import type { Db, Store } from "../store/store.js";
import { digestOf } from "./audit/audit-log.js";
import { sqlStateOf } from "../store/sql-state.js";

/** A created resource and whether it is a replay of an earlier request. */
export interface Created<T> {
  readonly value: T;
  readonly replayed: boolean;
}

/** Options a creating use case accepts. */
export interface CreateOptions {
  readonly idempotencyKey?: string | undefined;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs `create` in a transaction; with a key, records the JSON-safe result under (actor, key) in
 * the same transaction, or returns the result recorded before.
 */
export async function createOnce<T>(
  deps: { readonly store: Store; readonly clock: Clock },
  actor: string,
  operation: string,
  request: unknown,
  options: CreateOptions,
  create: (tx: Db) => Promise<T>,
): Promise<Created<T>> {
  const { store, clock } = deps;
  const key = options.idempotencyKey;
  if (key === undefined) return { value: await store.transaction(create), replayed: false };
  if (!KEY_PATTERN.test(key)) throw new HighwayError("IDEMPOTENCY_KEY_INVALID", { field: "header.idempotency-key", rule: "IDEMPOTENCY_KEY_INVALID" });
  const requestHash = digestOf({ operation, request });
  const earlier = async (db: Db): Promise<Created<T> | null> => {
    const [row] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.actor, actor), eq(idempotencyKeys.key, key)));
    if (row === undefined) return null;
    if (row.requestHash !== requestHash) {
      throw new HighwayError("IDEMPOTENCY_KEY_REUSED", { field: "header.idempotency-key", rule: "IDEMPOTENCY_KEY_REUSED" });
    }
    return { value: fromStored<T>(row.response), replayed: true };
  };
  try {
    return await store.transaction(async (tx) => {
      const found = await earlier(tx);
      if (found !== null) return found;
      const value = await create(tx);
      await tx.insert(idempotencyKeys).values({
        actor,
        key,
        requestHash,
        statusCode: 201,
        response: toStored(value) as object,
        createdAt: clock.now(),
      });
      return { value, replayed: false };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const found = await earlier(store.db);
    if (found !== null) return found;
    throw error;
  }
}

/** True for PostgreSQL's unique_violation (23505), whichever driver raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === "23505";
}

/** The constraint a unique violation names, if any. */
export function violatedConstraint(error: unknown): string | undefined {
  for (let e: unknown = error; e !== null && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const c = (e as { constraint?: unknown }).constraint;
    if (typeof c === "string") return c;
  }
  return undefined;
}
