/**
 * Many rows into one table with a single parameter: the rows as one JSON array, expanded by
 * PostgreSQL's jsonb_to_recordset. A multi-row VALUES list costs the query builder and the driver
 * work per cell; on the submission path (issue 5) that was a fifth of the API server's time.
 * Every row must set the same columns (the others take their defaults).
 */
import { getTableColumns, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./store.js";

export async function insertRecords<T extends PgTable>(tx: Db, table: T, rows: readonly T["$inferInsert"][]): Promise<void> {
  const first = rows[0] as Record<string, unknown> | undefined;
  if (first === undefined) return;
  const columns = (Object.entries(getTableColumns(table)) as [string, PgColumn][]).filter(([key]) => first[key] !== undefined);
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = (row as Record<string, unknown>)[key];
      if (value === undefined) throw new Error(`insertRecords: ${column.name} is set in the first row and not in another`);
      record[column.name] = jsonValue(value);
    }
    return record;
  });
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(", "));
  const shape = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(", "));
  await tx.execute(sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${shape})`);
}

/** A column's value as JSON that the column type's input function reads back exactly. */
function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}
