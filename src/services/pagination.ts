/**
 * Cursor pagination for every list: items come in id order (UUIDv7, so creation order) and the
 * cursor is an opaque token holding the last id returned.
 */
import { HighwayError } from "../domain/errors.js";
import { isUuid } from "../store/ids.js";

/** A page of a list and the cursor for the next one (null at the end). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** What a list request asks for. */
export interface PageRequest {
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Decodes a cursor into the id to continue after, or throws INVALID_CURSOR. */
export function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  let id: string;
  try {
    id = Buffer.from(cursor, "base64url").toString("utf8");
  } catch {
    id = "";
  }
  if (!isUuid(id)) throw new HighwayError("INVALID_CURSOR", { field: "query.cursor", rule: "INVALID_CURSOR" });
  return id;
}

/** Encodes the id of the last item of a page. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

/** The page size to fetch (one more than returned, to know whether more exist). */
export function pageSize(request: PageRequest): number {
  return Math.min(Math.max(request.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

/** Cuts `rows` (fetched with limit size + 1) into a page. */
export function toPage<R extends { id: string }, T>(rows: readonly R[], size: number, view: (row: R) => T): Page<T> {
  const items = rows.slice(0, size);
  const last = items[items.length - 1];
  return { items: items.map(view), nextCursor: rows.length > size && last !== undefined ? encodeCursor(last.id) : null };
}
