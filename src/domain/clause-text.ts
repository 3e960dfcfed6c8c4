/**
 * Reasons as clauses: a stable key (never renamed) and its figures, rendered in every language the
 * product speaks by a table with one renderer per key and language. Waiting reasons
 * (scheduler/waiting-reason-text.ts) and lifecycle reasons (workloads/lifecycle-reason.ts) are
 * two such tables; this is what they share: the table's type, rendering, joining clauses into one
 * reason, and recognising a stored clause list. Pure.
 */
import type { Language } from "./language.js";

/** A clause: a key and its figures. */
export interface Clause {
  readonly key: string;
  readonly params: object;
}

/** Both renderings of every key of the clause union `C`: a key without one is a compile error. */
export type ClauseTable<C extends Clause> = {
  readonly [K in C["key"]]: { readonly [L in Language]: (p: Extract<C, { key: K }>["params"]) => string };
};

/** Between the clauses of one reason: English keeps its "a; b", Korean writes sentences. */
export const CLAUSE_SEPARATOR: Readonly<Record<Language, string>> = { en: "; ", ko: ". " };

/** One clause in one language. */
export function renderClause<C extends Clause>(table: ClauseTable<C>, clause: C, lang: Language): string {
  const render = (table as Record<string, Record<Language, (p: object) => string>>)[clause.key]![lang];
  return render(clause.params);
}

/** A whole reason in one language: its clauses, in order. */
export function renderClauses<C extends Clause>(table: ClauseTable<C>, clauses: readonly C[], lang: Language): string {
  let text = "";
  for (let i = 0; i < clauses.length; i++) text += (i === 0 ? "" : CLAUSE_SEPARATOR[lang]) + renderClause(table, clauses[i]!, lang);
  return text;
}

/**
 * Whether a stored value is a non-empty list of clauses `table` can render: rows may hold clauses
 * of a newer version with keys added since, or none at all.
 */
export function isClauseList<C extends Clause>(table: ClauseTable<C>, value: unknown): value is C[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (const c of value as unknown[]) {
    if (typeof c !== "object" || c === null) return false;
    const { key, params } = c as { key?: unknown; params?: unknown };
    if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(table, key) || typeof params !== "object" || params === null) return false;
  }
  return true;
}
