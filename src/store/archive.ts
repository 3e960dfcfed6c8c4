/**
 * A portable archive of the whole store: gzip-compressed JSON Lines, a header line, one line per
 * row (tables in foreign-key order), and a closing line with the row count so a cut file is
 * refused. It moves a pilot on PGlite onto PostgreSQL, and backs a store up.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import { asc, getTableName, sql } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { HighwayError } from "../domain/errors.js";
import * as schema from "./schema/index.js";
import type { Db, Store } from "./store.js";

const FORMAT = "ai-highway-archive";
const FORMAT_VERSION = 1;
const PAGE = 1000;

/** Every table of the schema, parents before children. */
export function tablesInDependencyOrder(): PgTable[] {
  const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => isTable(value));
  const byName = new Map<string, PgTable>(tables.map((t) => [getTableName(t), t]));
  const ordered: PgTable[] = [];
  const seen = new Set<string>();
  const visit = (table: PgTable) => {
    const name = getTableName(table);
    if (seen.has(name)) return;
    seen.add(name);
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = getTableName(fk.reference().foreignTable);
      const parentTable = byName.get(parent);
      if (parentTable !== undefined && parent !== name) visit(parentTable);
    }
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => getTableName(a).localeCompare(getTableName(b)))) visit(table);
  return ordered;
}

function isTable(value: unknown): value is PgTable {
  try {
    return typeof value === "object" && value !== null && typeof getTableName(value as PgTable) === "string" && getTableConfig(value as PgTable).columns.length > 0;
  } catch {
    return false;
  }
}

function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value instanceof Date) out[key] = { $d: value.toISOString() };
    else if (typeof value === "bigint") out[key] = { $b: value.toString() };
    else out[key] = value;
  }
  return out;
}

function decodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const tagged = value as Record<string, unknown>;
      if (typeof tagged.$d === "string" && Object.keys(tagged).length === 1) {
        out[key] = new Date(tagged.$d);
        continue;
      }
      if (typeof tagged.$b === "string" && Object.keys(tagged).length === 1) {
        out[key] = BigInt(tagged.$b);
        continue;
      }
    }
    out[key] = value;
  }
  return out;
}

/** Counts of rows written or read, per table. */
export type ArchiveCounts = Record<string, number>;

/** Writes the whole store to `path`. Reads run in one transaction, so the archive is consistent. */
export async function exportArchive(store: Store, path: string, product: string): Promise<ArchiveCounts> {
  const gzip = createGzip();
  const file = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    file.on("finish", resolve).on("error", reject);
    gzip.on("error", reject);
  });
  gzip.pipe(file);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, "drain");
  };
  const counts: ArchiveCounts = {};
  let total = 0;
  await store.transaction(async (tx) => {
    await write({ format: FORMAT, version: FORMAT_VERSION, product, exportedAt: new Date().toISOString() });
    for (const table of tablesInDependencyOrder()) {
      const name = getTableName(table);
      counts[name] = 0;
      for (let offset = 0; ; offset += PAGE) {
        const rows = await selectPage(tx, table, offset);
        for (const row of rows) await write({ t: name, r: encodeRow(row) });
        counts[name] += rows.length;
        total += rows.length;
        if (rows.length < PAGE) break;
      }
    }
    await write({ end: true, rows: total });
  });
  gzip.end();
  await done;
  return counts;
}

async function selectPage(db: Db, table: PgTable, offset: number): Promise<Record<string, unknown>[]> {
  const config = getTableConfig(table);
  const keyColumns = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  const order = (keyColumns.length > 0 ? keyColumns : config.columns).map((c) => asc(c));
  return (await db.select().from(table as never).orderBy(...order).limit(PAGE).offset(offset)) as Record<string, unknown>[];
}

/** Reads an archive into an empty, migrated store, all in one transaction. */
export async function importArchive(store: Store, path: string): Promise<ArchiveCounts> {
  const tables = new Map(tablesInDependencyOrder().map((t) => [getTableName(t), t]));
  const counts: ArchiveCounts = {};
  let header = false;
  let ended = false;
  let total = 0;
  await store.transaction(async (tx) => {
    for (const table of tables.values()) {
      const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(table as never);
      if ((row as { n: number } | undefined)?.n) {
        throw new HighwayError("STORE_NOT_EMPTY", {
          detail: `import needs an empty store; table ${getTableName(table)} has rows`,
          detailKo: `가져오기는 비어 있는 저장소에서만 할 수 있지만 테이블 ${getTableName(table)}에 행이 있습니다`,
        });
      }
    }
    // Open the file only now: readline drops lines emitted before iteration begins.
    const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
    let batch: { table: PgTable; rows: Record<string, unknown>[] } | null = null;
    const flush = async () => {
      if (batch !== null && batch.rows.length > 0) await tx.insert(batch.table).values(batch.rows as never);
      batch = null;
    };
    try {
      for await (const line of lines) {
        if (line.trim() === "") continue;
        if (ended) throw invalid("data after the closing line", "마지막 줄 뒤에 데이터가 있습니다");
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (!header) {
          if (entry.format !== FORMAT || entry.version !== FORMAT_VERSION) throw invalid(`not a ${FORMAT} version ${FORMAT_VERSION}`, `${FORMAT} 버전 ${FORMAT_VERSION} 형식이 아닙니다`);
          header = true;
          continue;
        }
        if (entry.end === true) {
          await flush();
          if (entry.rows !== total) throw invalid(`the archive announces ${String(entry.rows)} rows but holds ${total}`, `아카이브에 행이 ${String(entry.rows)}개 있다고 적혀 있지만 실제로는 ${total}개입니다`);
          ended = true;
          continue;
        }
        const name = String(entry.t);
        const table = tables.get(name);
        if (table === undefined) throw invalid(`unknown table ${name}`, `알 수 없는 테이블입니다: ${name}`);
        const current = batch as { table: PgTable; rows: Record<string, unknown>[] } | null;
        if (current === null || current.table !== table || current.rows.length >= 500) {
          await flush();
          batch = { table, rows: [] };
        }
        batch!.rows.push(decodeRow(entry.r as Record<string, unknown>));
        counts[name] = (counts[name] ?? 0) + 1;
        total++;
      }
    } catch (error) {
      if (error instanceof HighwayError) throw error;
      const said = error instanceof Error ? error.message : String(error);
      throw invalid(said, `읽을 수 없는 내용입니다: ${said}`, error);
    }
    if (!header || !ended) throw invalid("the archive is incomplete: its closing line is missing", "아카이브가 완전하지 않습니다: 마지막 줄이 없습니다");
  });
  return counts;
}

function invalid(detail: string, detailKo: string, cause?: unknown): HighwayError {
  return new HighwayError("ARCHIVE_INVALID", { detail: `invalid archive: ${detail}`, detailKo: `올바르지 않은 아카이브입니다: ${detailKo}`, cause });
}
