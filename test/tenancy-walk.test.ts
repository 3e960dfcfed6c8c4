/**
 * The tenancy walk: every route the app registered is called by people of organization A (its
 * org_admin and a plain member) with organization B's real ids in the path, the query and the
 * body. Calls that name B must answer 403 or 404; no answer may contain B's data; B's rows must be
 * unchanged afterwards. Routes are enumerated from the app, so new routes are walked too; a route
 * with a path parameter the walk has no B id for fails the test until one is provided.
 */
import { newId } from "../src/store/ids.js";
import { workloads } from "../src/store/schema/index.js";
import { eq, inArray, or } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { allocations, apiTokens, applications, auditEvents, auditHeads, memberships, notificationDeliveries, organizations, people, progressReports, projects, queues, reviewAssignments, sessions, usageLedger, webhookSubscriptions } from "../src/store/schema/index.js";
import { describeEachStore } from "./support/stores.js";
import { call, makeOpenRound, makeOrganization, makePerson, openHarness, type Harness } from "./support/harness.js";

/** Names of the platform's own records (nodes, maintenance windows), held by no tenant; only administrators act on them. */
const PLATFORM_IDS: Record<string, string> = { node: "walk-n00001", windowId: "01900000-0000-7000-8000-000000000000" };

/** Routes outside the declared API (pages, documents, metrics): called too, they hold no tenant data. */
const UNDECLARED_OK = [/^\/$/, /^\/metrics$/, /^\/api\/v1\/openapi\.json$/, /^\/docs/];

describeEachStore("tenancy walk", (kind) => {
  let h: Harness;
  let b: { workloadId: string; orgId: string; orgName: string; brn: string; adminId: string; adminEmail: string; memberId: string; memberEmail: string; tokenId: string; tokenPrefix: string; applicationId: string; reviewId: string; projectId: string; allocationId: string; reportId: string; webhookId: string; deliveryId: string };
  let shared: { programId: string; callId: string; roundId: string };
  let callers: { label: string; token: string }[];

  beforeAll(async () => {
    h = await openHarness(kind);
    const orgA = await makeOrganization(h, { name: "가나다 기관 A" });
    const orgB = await makeOrganization(h, { name: "비밀스러운 기관 B", nameEn: "Secret Org B" });
    const aAdmin = await makePerson(h, { organizationId: orgA.id, role: "org_admin" });
    const aMember = await makePerson(h, { organizationId: orgA.id, role: "member" });
    const bAdmin = await makePerson(h, { organizationId: orgB.id, role: "org_admin", password: "b-admin-password-123" });
    const bMember = await makePerson(h, { organizationId: orgB.id, role: "member" });
    const bToken = await h.services.tokens.create(h.system, { name: "b token", personId: bAdmin.person.id });
    // Shared, public program records, and B's own application, review, project, allocation and report.
    const pm = { kind: "system", name: "test" } as const;
    shared = await makeOpenRound(h, pm, { code: "walk", tranches: [{ shareBp: 5000, requiresProgressReport: false }, { shareBp: 5000, requiresProgressReport: true }] });
    const bActor = await h.services.tokens.authenticate(bAdmin.token);
    const app = await h.services.applications.create(bActor, shared.roundId, {
      organizationId: orgB.id,
      application: { title: "B의 비밀 과제", team: [{ email: bAdmin.person.email, role: "pi" }], request: { grants: [{ acceleratorClass: "hopper", acceleratorHours: "1000", maxConcurrent: 8 }], startsAt: "2026-12-01T00:00", endsAt: "2027-03-01T00:00" } },
    });
    await h.services.applications.submit(bActor, app.value.id);
    const reviewer = await makePerson(h, { platformRoles: ["reviewer"] });
    const review = await h.services.applications.assignReviewer(pm, app.value.id, { reviewerId: reviewer.person.id });
    await h.services.applications.submitReview(await h.services.tokens.authenticate(reviewer.token), review.value.id, { scores: { impact: 9 } });
    const decided = await h.services.awards.decide(pm, app.value.id, { outcome: "accept" });
    const report = await h.services.allocations.submitProgressReport(bActor, decided.allocation!.id, { trancheIndex: 1, summary: "B의 진행 보고" });
    // One workload of B's project (its allocation starts later, so it is written as the store holds one).
    const workloadId = newId(h.clock.now());
    await h.store.db.insert(workloads).values({
      id: workloadId,
      projectId: decided.projectId!,
      allocationId: decided.allocation!.id,
      organizationId: orgB.id,
      programId: shared.programId,
      submittedBy: bAdmin.person.id,
      name: "B의 비밀 작업",
      acceleratorClass: "hopper",
      acceleratorsPerNode: 8,
      nodeCount: 1,
      accelerators: 8,
      timeLimitSeconds: 3600,
      priorityTier: 0,
      preemptible: false,
      spec: { script: "#!/bin/bash\nsecret\n", image: null, environment: {}, datasets: [], expectedDurationSeconds: null },
      linuxUser: "bsecret",
      state: "queued",
      reservedSeconds: 28_800n,
      submittedAt: h.clock.now(),
      updatedAt: h.clock.now(),
    });
    const webhook = await h.services.notifications.createWebhook(h.system, orgB.id, { url: "https://b.example.kr/hooks" });
    await h.services.notifications.ping(h.system, orgB.id, {});
    const deliveries = await h.services.notifications.listDeliveries(h.system, orgB.id, {}, {});
    b = {
      workloadId,
      webhookId: webhook.value.id,
      deliveryId: deliveries.items[0]!.id,
      applicationId: app.value.id,
      reviewId: review.value.id,
      projectId: decided.projectId!,
      allocationId: decided.allocation!.id,
      reportId: report.id,
      orgId: orgB.id,
      orgName: orgB.name,
      brn: orgB.businessRegistrationNumber,
      adminId: bAdmin.person.id,
      adminEmail: bAdmin.person.email,
      memberId: bMember.person.id,
      memberEmail: bMember.person.email,
      tokenId: bToken.value.id,
      tokenPrefix: bToken.value.prefix,
    };
    callers = [
      { label: "A's org_admin", token: aAdmin.token },
      { label: "A's member", token: aMember.token },
    ];
  });
  afterAll(() => h.close());

  /** B's real id for each path or query parameter name. */
  function bIdFor(name: string): string | undefined {
    const ids: Record<string, string> = {
      organizationId: b.orgId,
      personId: b.memberId,
      tokenId: b.tokenId,
      chain: b.orgId,
      applicationId: b.applicationId,
      reviewId: b.reviewId,
      projectId: b.projectId,
      allocationId: b.allocationId,
      workloadId: b.workloadId,
      reportId: b.reportId,
      webhookId: b.webhookId,
      deliveryId: b.deliveryId,
    };
    return ids[name];
  }

  /** Ids of public records (programs, calls, rounds) and plain values (a month, an operator): not B's. */
  function publicIdFor(name: string): string | undefined {
    return ({ ...shared, month: "2027-01", operator: "government" } as Record<string, string>)[name] ?? PLATFORM_IDS[name];
  }

  /** Replaces every id-like field of an example body with B's ids. */
  function withBIds(example: unknown): unknown {
    if (example === null || typeof example !== "object") return example;
    if (Array.isArray(example)) return example.map(withBIds);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(example)) {
      out[key] = bIdFor(key) ?? (key === "email" ? b.memberEmail : withBIds(value));
    }
    return out;
  }

  async function snapshotB(): Promise<string> {
    const db = h.store.db;
    const personIds = [b.adminId, b.memberId];
    const rows = {
      organization: await db.select().from(organizations).where(eq(organizations.id, b.orgId)),
      memberships: await db.select().from(memberships).where(eq(memberships.organizationId, b.orgId)),
      people: await db.select().from(people).where(inArray(people.id, personIds)),
      tokens: await db.select().from(apiTokens).where(inArray(apiTokens.personId, personIds)),
      sessions: await db.select().from(sessions).where(inArray(sessions.personId, personIds)),
      audit: await db.select().from(auditEvents).where(eq(auditEvents.chain, b.orgId)),
      head: await db.select().from(auditHeads).where(or(eq(auditHeads.chain, b.orgId))),
      applications: await db.select().from(applications).where(eq(applications.organizationId, b.orgId)),
      reviews: await db.select().from(reviewAssignments).where(eq(reviewAssignments.applicationId, b.applicationId)),
      projects: await db.select().from(projects).where(eq(projects.organizationId, b.orgId)),
      allocations: await db.select().from(allocations).where(eq(allocations.organizationId, b.orgId)),
      queues: await db.select().from(queues).where(eq(queues.projectId, b.projectId)),
      reports: await db.select().from(progressReports).where(eq(progressReports.allocationId, b.allocationId)),
      usage: await db.select().from(usageLedger).where(eq(usageLedger.organizationId, b.orgId)),
      webhooks: await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.organizationId, b.orgId)),
      deliveries: await db.select().from(notificationDeliveries).where(eq(notificationDeliveries.organizationId, b.orgId)),
    };
    return JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  }

  function secretsOfB(): string[] {
    return [b.orgId, b.orgName, "Secret Org B", b.brn, b.adminId, b.adminEmail, b.memberId, b.memberEmail, b.tokenId, b.tokenPrefix, b.applicationId, "B의 비밀 과제", b.projectId, b.allocationId, b.reportId, "B의 진행 보고", b.webhookId, b.deliveryId, "b.example.kr"];
  }

  it("covers every registered route", () => {
    const declared = new Set(h.app.highwayRoutes.map((r) => `${r.method} ${r.url}`));
    const undeclared = h.app.registeredRoutes
      .filter((r) => r.method !== "HEAD" && !declared.has(`${r.method} ${r.url}`))
      .filter((r) => !UNDECLARED_OK.some((pattern) => pattern.test(r.url)));
    expect(undeclared, "routes outside the declared API must hold no tenant data; declare them with route()").toEqual([]);
    expect(h.app.highwayRoutes.length).toBeGreaterThan(10);
  });

  it("lets A's people neither see nor change anything of B's", async () => {
    const before = await snapshotB();
    const routes = [
      ...h.app.highwayRoutes.map((spec) => ({ spec, method: spec.method, url: spec.url })),
      ...h.app.registeredRoutes
        .filter((r) => r.method === "GET" && UNDECLARED_OK.some((p) => p.test(r.url)) && !r.url.includes("*"))
        .map((r) => ({ spec: undefined, method: r.method as "GET", url: r.url })),
    ];
    let walked = 0;
    for (const caller of callers) {
      for (const { spec, method, url } of routes) {
        let namesB = false;
        const path = url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
          const id = bIdFor(name);
          if (id !== undefined) {
            namesB = true;
            return id;
          }
          const open = publicIdFor(name);
          if (open === undefined) throw new Error(`the walk has no id of B for path parameter "${name}" of ${method} ${url}; give it one in bIdFor`);
          return open;
        });
        const queryKeys = spec?.query && "shape" in spec.query ? Object.keys((spec.query as unknown as { shape: object }).shape) : [];
        const query = new URLSearchParams();
        for (const key of queryKeys) {
          const id = bIdFor(key);
          if (id !== undefined) {
            query.set(key, id);
            namesB = true;
          }
        }
        const body = spec?.body === undefined ? undefined : withBIds(spec.example ?? {});
        if (body !== undefined && JSON.stringify(body) !== JSON.stringify(spec?.example ?? {})) namesB = true;
        const target = query.size > 0 ? `${path}?${query}` : path;
        const response = await call(h, method, target, { token: caller.token, ...(body === undefined ? {} : { body }) });
        walked++;
        const where = `${caller.label}: ${method} ${target} -> ${response.statusCode} ${response.body.slice(0, 200)}`;
        expect(response.statusCode, where).toBeLessThan(500);
        if (namesB && spec?.auth === "person") expect([403, 404], where).toContain(response.statusCode);
        let text = response.body;
        if (response.headers["content-type"]?.toString().includes("problem+json")) {
          const { instance: _instance, ...rest } = response.json() as Record<string, unknown>;
          text = JSON.stringify(rest);
        }
        for (const secret of secretsOfB()) expect(text.includes(secret), `${where} leaks ${secret}`).toBe(false);
        expect(await snapshotB(), `${where} changed B's rows`).toBe(before);
      }
    }
    expect(walked).toBeGreaterThan(2 * 15);
  });
});
