/**
 * Names in reasons. The scheduler knows a project by its id, a cohort by its program's id and a
 * workload by its id, so a stored reason says "project 01a2...: ... cohort 01a2..." or "waits
 * behind 01a2..."; a person reads the project's title, the program's name and the workload's name
 * instead. Only what the reader of the workload may see is named: its own project, programs (whose
 * names are public) and workloads of its own organization. Another tenant's project or workload
 * that a reason mentions (whom a preemption made room for) stays an id. `reason` keeps the text as
 * written; `reasonText` carries the names.
 */
import { inArray } from "drizzle-orm";
import type { Language } from "../../domain/language.js";
import { programs, projects, workloads } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";

/** Parameters that hold a project id, a program id and a workload id. */
const PROJECT_PARAMS = new Set(["project", "queue"]);
const PROGRAM_PARAM = "cohort";
const WORKLOAD_PARAMS = new Set(["workload", "for"]);

/** Titles of projects, names of programs and names (with organization) of workloads, by id. */
export interface ReasonNames {
  readonly projects: ReadonlyMap<string, string>;
  readonly programs: ReadonlyMap<string, { readonly ko: string; readonly en: string }>;
  readonly workloads: ReadonlyMap<string, { readonly name: string; readonly organizationId: string }>;
}

export const NO_NAMES: ReasonNames = { projects: new Map(), programs: new Map(), workloads: new Map() };

/** The workload whose reason is shown: whose project and organization may be named. */
export interface ReasonOwner {
  readonly projectId: string;
  readonly organizationId: string;
}

/**
 * The names that the clause lists `stored` (as rows hold them) mention: titles of the projects
 * among `ownProjects`, programs, and workloads; three queries at most, and none for what no
 * clause mentions (most reasons name nothing).
 */
export async function readReasonNames(db: Db, ownProjects: readonly string[], stored: readonly unknown[]): Promise<ReasonNames> {
  const own = new Set(ownProjects);
  const projectIds = new Set<string>();
  const cohorts = new Set<string>();
  const workloadIds = new Set<string>();
  for (const clauses of stored) {
    if (!Array.isArray(clauses)) continue;
    for (const c of clauses as { params?: Record<string, unknown> }[]) {
      for (const [k, v] of Object.entries(c?.params ?? {})) {
        if (typeof v !== "string") continue;
        if (PROJECT_PARAMS.has(k) && own.has(v)) projectIds.add(v);
        else if (k === PROGRAM_PARAM) cohorts.add(v);
        else if (WORKLOAD_PARAMS.has(k)) workloadIds.add(v);
      }
    }
  }
  // Workload ids are UUIDs; a value that is not one (a simulator's, a test's) is not looked up.
  const uuids = [...workloadIds].filter((id) => UUID.test(id));
  const [projectRows, programRows, workloadRows] = await Promise.all([
    projectIds.size === 0 ? [] : db.select({ id: projects.id, title: projects.title }).from(projects).where(inArray(projects.id, [...projectIds])),
    cohorts.size === 0 ? [] : db.select({ id: programs.id, nameKo: programs.nameKo, nameEn: programs.nameEn }).from(programs).where(inArray(programs.id, [...cohorts])),
    uuids.length === 0 ? [] : db.select({ id: workloads.id, name: workloads.name, organizationId: workloads.organizationId }).from(workloads).where(inArray(workloads.id, uuids)),
  ]);
  return {
    projects: new Map(projectRows.map((p) => [p.id, p.title])),
    programs: new Map(programRows.map((p) => [p.id, { ko: p.nameKo, en: p.nameEn }])),
    workloads: new Map(workloadRows.map((w) => [w.id, { name: w.name, organizationId: w.organizationId }])),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `clauses` with what `owner`'s reader may see named in `language`; other values as they are.
 * The result has the clauses' own type: only string values change.
 */
export function withNames<C extends { readonly params: object }>(clauses: readonly C[], names: ReasonNames, owner: ReasonOwner, language: Language): C[] {
  return clauses.map((c) => {
    let params: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(c.params)) {
      if (typeof v !== "string") continue;
      const name = nameOf(k, v, names, owner, language);
      if (name !== undefined) (params ??= { ...c.params })[k] = name;
    }
    return params === undefined ? c : { ...c, params };
  });
}

function nameOf(param: string, value: string, names: ReasonNames, owner: ReasonOwner, language: Language): string | undefined {
  if (PROJECT_PARAMS.has(param)) return value === owner.projectId ? names.projects.get(value) : undefined;
  if (param === PROGRAM_PARAM) return names.programs.get(value)?.[language];
  if (WORKLOAD_PARAMS.has(param)) {
    const w = names.workloads.get(value);
    return w !== undefined && w.organizationId === owner.organizationId ? w.name : undefined;
  }
  return undefined;
}
