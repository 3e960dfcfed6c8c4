/**
 * Bulk writes with few round trips. `insertRecordsSql` inserts many rows into one table with a single
 * parameter: the rows as one JSON array, expanded by PostgreSQL's jsonb_to_recordset (a multi-row
 * VALUES list costs the query builder and the driver work per cell; on the submission path of
 * issue 5 that was a fifth of the API server's time). `executeTogether` runs several such writes
 * as one statement, each in its own WITH clause, so a batch pays one round trip for all of them.
 */
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./store.js";

/**
 * Writes run as one statement. They see the same snapshot, not each other's rows; foreign keys
 * between them hold, being checked at the statement's end.
 */
export async function executeTogether(tx: Db, writes: readonly SQL[]): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length === 1) {
    await tx.execute(writes[0]!);
    return;
  }
  const clauses = sql.join(
    writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
    sql`, `,
  );
  await tx.execute(sql`with ${clauses} select 1`);
}

/** The insert of `rows` (at least one; every row setting the same columns, the others taking their defaults). */
export function insertRecordsSql<T extends PgTable>(table: T, rows: readonly T["$inferInsert"][]): SQL {
  const first = rows[0] as Record<string, unknown> | undefined;
  if (first === undefined) throw new Error("insertRecordsSql: no rows");
  const columns = (Object.entries(getTableColumns(table)) as [string, PgColumn][]).filter(([key]) => first[key] !== undefined);
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = (row as Record<string, unknown>)[key];
      if (value === undefined) throw new Error(`insertRecordsSql: ${column.name} is set in the first row and not in another`);
      record[column.name] = jsonValue(value);
    }
    return record;
  });
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(", "));
  const shape = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(", "));
  return sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${shape})`;
}

/** A column's value as JSON that the column type's input function reads back exactly. */
function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}
