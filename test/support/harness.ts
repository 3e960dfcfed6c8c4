/**
 * An in-process platform for integration tests: a store on the chosen engine, services on a
 * manual clock, the HTTP app (driven with inject), and builders for organizations, people and
 * tokens.
 */
import type { ClusterExecutor } from "../../src/executors/cluster-executor.js";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { loadConfig, type Config } from "../../src/config/config.js";
import { ManualClock } from "../../src/domain/clock.js";
import { buildApp } from "../../src/http/app.js";
import type { Actor } from "../../src/services/context.js";
import { demoBusinessRegistrationNumber } from "../../src/services/demo/seed.js";
import type { OrganizationView } from "../../src/services/identity/organizations.js";
import type { PersonView } from "../../src/services/identity/people.js";
import { createServices, type Services } from "../../src/services/services.js";
import type { Store, StoreKind } from "../../src/store/store.js";
import { openTestStore } from "./stores.js";

export const TEST_AUDIT_KEY = "test-audit-key-0123456789abcdef0123456789";

/** Everything a test needs. */
export interface Harness {
  readonly kind: StoreKind;
  readonly store: Store;
  readonly clock: ManualClock;
  readonly config: Config;
  readonly services: Services;
  readonly app: FastifyInstance;
  readonly system: Actor;
  close(): Promise<void>;
}

/** Opens a harness; pass an env map to change configuration. */
export async function openHarness(
  kind: StoreKind,
  env: Record<string, string> = {},
  options: { readonly executors?: (clock: ManualClock) => ReadonlyMap<string, ClusterExecutor>; readonly clock?: ManualClock } = {},
): Promise<Harness> {
  const store = await openTestStore(kind);
  const clock = options.clock ?? new ManualClock(new Date("2026-11-29T01:00:00Z"));
  const config = loadConfig({ env: { HIGHWAY_DATA: ".tmp/unused", HIGHWAY_AUDIT_KEY: TEST_AUDIT_KEY, ...env } });
  const services = createServices({
    store,
    clock,
    auditKey: TEST_AUDIT_KEY,
    sessionTtlHours: config.sessionTtlHours,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMinutes: config.loginWindowMinutes,
    ...(options.executors === undefined ? {} : { executors: options.executors(clock) }),
  });
  const app = await buildApp({ services, config, logger: false });
  await app.ready();
  return {
    kind,
    store,
    clock,
    config,
    services,
    app,
    system: { kind: "system", name: "test" },
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

let serial = 1000;

/** What the data helpers need: the services and an actor for the platform. */
export type ServicesOnly = Pick<Harness, "services" | "system">;

/** Registers an organization with a valid, unique business registration number. */
export async function makeOrganization(h: ServicesOnly, overrides: Record<string, unknown> = {}): Promise<OrganizationView> {
  serial++;
  const created = await h.services.organizations.create(h.system, {
    name: `테스트기관 ${serial}`,
    type: "sme",
    businessRegistrationNumber: demoBusinessRegistrationNumber(serial),
    region: "KR-30",
    sector: "C",
    foundedOn: "2015-01-01",
    ...overrides,
  });
  return created.value;
}

/** A person with an API token; optionally a member of an organization or holder of platform roles. */
export async function makePerson(
  h: ServicesOnly,
  options: { organizationId?: string; role?: "org_admin" | "member"; platformRoles?: string[]; password?: string } = {},
): Promise<{ person: PersonView; token: string }> {
  serial++;
  const email = `person${serial}@test.example.kr`;
  let person: PersonView;
  if (options.organizationId !== undefined && options.platformRoles !== undefined) {
    person = (await h.services.people.create(h.system, { email, name: `사람 ${serial}`, platformRoles: options.platformRoles, ...(options.password ? { password: options.password } : {}) })).value;
    await h.services.organizations.addMember(h.system, options.organizationId, { email, role: options.role ?? "member" });
  } else if (options.organizationId !== undefined) {
    const member = await h.services.organizations.addMember(h.system, options.organizationId, {
      email,
      name: `사람 ${serial}`,
      role: options.role ?? "member",
      ...(options.password ? { password: options.password } : {}),
    });
    person = member.value.person;
  } else {
    person = (
      await h.services.people.create(h.system, {
        email,
        name: `사람 ${serial}`,
        platformRoles: options.platformRoles ?? [],
        ...(options.password ? { password: options.password } : {}),
      })
    ).value;
  }
  const token = await h.services.tokens.create(h.system, { name: "test", personId: person.id });
  return { person, token: token.value.token };
}

/** Calls the app with a bearer token and a JSON body. */
export function call(
  h: Harness,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method,
    url,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
  });
}

/** A row count per table, to prove a failed request wrote nothing. */
export async function rowCounts(store: Store): Promise<Record<string, number>> {
  const { tablesInDependencyOrder } = await import("../../src/store/archive.js");
  const { getTableName, sql } = await import("drizzle-orm");
  const counts: Record<string, number> = {};
  for (const table of tablesInDependencyOrder()) {
    const [row] = await store.db.select({ n: sql<number>`count(*)::int` }).from(table as never);
    counts[getTableName(table)] = (row as unknown as { n: number }).n;
  }
  return counts;
}

/** A program with one call and one round open from 2026-11-01 to 2026-12-31 (Asia/Seoul), for tests. */
export async function makeOpenRound(
  h: ServicesOnly,
  actor: Actor,
  options: { code: string; krw?: string; hopperHours?: string; minReviewers?: number; tranches?: unknown[]; programSettings?: Record<string, unknown> },
): Promise<{ programId: string; callId: string; roundId: string }> {
  const name = { ko: `시험 ${options.code}`, en: `Test ${options.code}` };
  const program = await h.services.programs.create(actor, {
    code: options.code,
    name,
    fiscalYear: 2027,
    budget: { krw: options.krw ?? "1000000000", acceleratorHours: { hopper: options.hopperHours ?? "100000" } },
    ...options.programSettings,
  });
  const callRow = await h.services.programs.createCall(actor, program.value.id, { code: options.code, name });
  const round = await h.services.programs.createRound(actor, callRow.value.id, {
    name: { ko: "1차", en: "R1" },
    opensAt: "2026-11-01T00:00",
    closesAt: "2026-12-31T00:00",
    review: { minReviewers: options.minReviewers ?? 1, rubric: [{ key: "impact", label: { ko: "영향", en: "Impact" }, weight: 1 }] },
    ...(options.tranches ? { tranches: options.tranches } : {}),
  });
  return { programId: program.value.id, callId: callRow.value.id, roundId: round.value.id };
}
