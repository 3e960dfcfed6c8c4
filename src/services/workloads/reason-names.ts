/**
 * Names in reasons. The scheduler knows a project by its id and a cohort by its program's id, so a
 * stored reason says "project 01a2...: ... cohort 01a2..."; a person reads the project's title and
 * the program's name instead. Only the workload's own project and programs (whose names are
 * public) are named: another tenant's project a reason mentions (whom a preemption made room for)
 * stays an id. `reason` keeps the text as written; `reasonText` carries the names.
 */
import { inArray } from "drizzle-orm";
import type { Language } from "../../domain/language.js";
import { programs, projects } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";

/** Parameters that hold a project id, and the one that holds a program id. */
const PROJECT_PARAMS = new Set(["project", "queue"]);
const PROGRAM_PARAM = "cohort";

/** Titles of projects and names of programs, by id. */
export interface ReasonNames {
  readonly projects: ReadonlyMap<string, string>;
  readonly programs: ReadonlyMap<string, { readonly ko: string; readonly en: string }>;
}

export const NO_NAMES: ReasonNames = { projects: new Map(), programs: new Map() };

/**
 * The titles of `projectIds` and the names of the programs named as cohorts in `stored` (clause
 * lists as a row holds them), read in two queries at most.
 */
export async function readReasonNames(db: Db, projectIds: readonly string[], stored: readonly unknown[]): Promise<ReasonNames> {
  const cohorts = new Set<string>();
  for (const clauses of stored) {
    if (!Array.isArray(clauses)) continue;
    for (const c of clauses as { params?: Record<string, unknown> }[]) {
      const cohort = c?.params?.[PROGRAM_PARAM];
      if (typeof cohort === "string") cohorts.add(cohort);
    }
  }
  const ownIds = [...new Set(projectIds)];
  const [projectRows, programRows] = await Promise.all([
    ownIds.length === 0 ? [] : db.select({ id: projects.id, title: projects.title }).from(projects).where(inArray(projects.id, ownIds)),
    cohorts.size === 0 ? [] : db.select({ id: programs.id, nameKo: programs.nameKo, nameEn: programs.nameEn }).from(programs).where(inArray(programs.id, [...cohorts])),
  ]);
  return {
    projects: new Map(projectRows.map((p) => [p.id, p.title])),
    programs: new Map(programRows.map((p) => [p.id, { ko: p.nameKo, en: p.nameEn }])),
  };
}

/**
 * `clauses` with the workload's own project (`ownProject`) and programs named in `language`; other
 * values as they are. The result has the clauses' own type: only string values change.
 */
export function withNames<C extends { readonly params: object }>(clauses: readonly C[], names: ReasonNames, ownProject: string, language: Language): C[] {
  return clauses.map((c) => {
    let params: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(c.params)) {
      if (typeof v !== "string") continue;
      const name = PROJECT_PARAMS.has(k) && v === ownProject ? names.projects.get(v) : k === PROGRAM_PARAM ? names.programs.get(v)?.[language] : undefined;
      if (name !== undefined) (params ??= { ...c.params })[k] = name;
    }
    return params === undefined ? c : { ...c, params };
  });
}
