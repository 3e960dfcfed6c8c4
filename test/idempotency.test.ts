/**
 * Every creating POST honours Idempotency-Key: a retry answers with the first result and makes no
 * second row, even when the retries race; the same key with another body is refused.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachStore } from "./support/stores.js";
import { makeAwardedProject, TEST_FLEET, type AwardedProject } from "./support/projects.js";
import { call, makeOpenRound, makeOrganization, makePerson, openHarness, rowCounts, type Harness } from "./support/harness.js";

describeEachStore("idempotent creation", (kind) => {
  let h: Harness;
  let admin: { token: string; personId: string };
  let orgId: string;
  let ids: Record<string, string>;
  let project: AwardedProject;

  beforeAll(async () => {
    h = await openHarness(kind);
    orgId = (await makeOrganization(h)).id;
    const made = await makePerson(h, { platformRoles: ["platform_admin", "program_manager"], organizationId: orgId, role: "org_admin" });
    await h.services.people.create(h.system, { email: "reviewer-idem@example.kr", name: "심사", platformRoles: ["reviewer"] }).catch(() => undefined);
    admin = { token: made.token, personId: made.person.id };
    // Records the creating routes hang under: a program, a call, an open round, a submitted application, a reviewer.
    const actor = await h.services.tokens.authenticate(made.token);
    const opened = await makeOpenRound(h, actor, { code: "idem" });
    const application = await h.services.applications.create(actor, opened.roundId, {
      organizationId: orgId,
      application: { title: "멱등", team: [{ email: "pi@example.kr", role: "pi" }], request: { grants: [{ acceleratorClass: "hopper", acceleratorHours: "100", maxConcurrent: 1 }], startsAt: "2026-12-01T00:00", endsAt: "2027-01-01T00:00" } },
    });
    await h.services.applications.submit(actor, application.value.id);
    const reviewer = await makePerson(h, { platformRoles: ["reviewer"] });
    // A project with an active allocation on a fleet, whose PI submits the workload example.
    await h.services.fleet.import(h.system, TEST_FLEET);
    project = await makeAwardedProject(h, { code: "idem-w", hopperHours: "1000", maxConcurrent: 16 });
    ids = {
      organizationId: orgId,
      programId: opened.programId,
      callId: opened.callId,
      roundId: opened.roundId,
      applicationId: application.value.id,
      reviewerId: reviewer.person.id,
      projectId: project.projectId,
    };
  });
  afterAll(() => h.close());

  const creating = () => h.app.highwayRoutes.filter((r) => r.creates);

  function pathFor(url: string): string {
    return url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
      const id = ids[name];
      if (id === undefined) throw new Error(`no id for ${name}`);
      return id;
    });
  }

  /** Fields of examples that name things of the example fleet, as this test's fleet names them. */
  const FLEET_NAMES: Record<string, unknown> = { cluster: "ta", nodes: ["ta-n00001"] };

  /** The route's example with this test's real ids in its id fields. */
  function bodyFor(example: unknown): unknown {
    if (example === null || typeof example !== "object" || Array.isArray(example)) return example;
    return Object.fromEntries(Object.entries(example).map(([k, v]) => [k, ids[k] ?? (Array.isArray(v) || typeof v === "string" ? FLEET_NAMES[k] : undefined) ?? bodyFor(v)]));
  }

  it("has an example body for every creating route", () => {
    expect(creating().length).toBeGreaterThanOrEqual(4);
    for (const spec of creating()) expect(spec.example, spec.operationId).toBeDefined();
  });

  it("replays the first result for a retried request and writes nothing more", async () => {
    for (const spec of creating()) {
      const url = pathFor(spec.url);
      const key = `retry-${spec.operationId}`;
      const body = bodyFor(spec.example);
      // Workloads are submitted by a member of the project; everything else by the administrator.
      const token = spec.operationId === "submitWorkload" ? project.member.token : admin.token;
      const first = await call(h, "POST", url, { token, body, headers: { "idempotency-key": key } });
      expect(first.statusCode, `${spec.operationId}: ${first.body}`).toBe(201);
      const counts = await rowCounts(h.store);
      const second = await call(h, "POST", url, { token, body, headers: { "idempotency-key": key } });
      expect(second.statusCode, spec.operationId).toBe(201);
      expect(second.json(), spec.operationId).toEqual(first.json());
      expect(second.headers["idempotent-replayed"]).toBe("true");
      expect(await rowCounts(h.store), spec.operationId).toEqual(counts);
    }
  });

  it("refuses the same key with a different request and writes nothing", async () => {
    for (const [url, body, other] of [
      ["/api/v1/tokens", { name: "first" }, { name: "second" }],
      [`/api/v1/programs/${ids.programId}/calls`, { code: "k1", name: { ko: "가", en: "A" } }, { code: "k2", name: { ko: "가", en: "A" } }],
    ] as const) {
      expect((await call(h, "POST", url, { token: admin.token, body, headers: { "idempotency-key": `reuse-${url}` } })).statusCode).toBe(201);
      const counts = await rowCounts(h.store);
      const reused = await call(h, "POST", url, { token: admin.token, body: other, headers: { "idempotency-key": `reuse-${url}` } });
      expect(reused.statusCode, url).toBe(422);
      expect(reused.json().code).toBe("IDEMPOTENCY_KEY_REUSED");
      expect(await rowCounts(h.store)).toEqual(counts);
    }
  });

  it("makes one row when retries race", async () => {
    const body = { name: "동시요청", type: "sme", businessRegistrationNumber: "220-81-62517", region: "KR-44", sector: "C", foundedOn: "2010-01-01" };
    const before = await rowCounts(h.store);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => call(h, "POST", "/api/v1/organizations", { token: admin.token, body, headers: { "idempotency-key": "race-1" } })),
    );
    const ids = new Set(responses.map((r) => (r.statusCode === 201 ? r.json().id : r.statusCode)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect(ids.size).toBe(1);
    const after = await rowCounts(h.store);
    expect(after.organizations).toBe(before.organizations! + 1);
  });

  it("refuses a malformed key", async () => {
    const response = await call(h, "POST", "/api/v1/tokens", { token: admin.token, body: { name: "x" }, headers: { "idempotency-key": "bad key with spaces" } });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("IDEMPOTENCY_KEY_INVALID");
  });

  it("keeps keys apart per caller", async () => {
    const other = await makePerson(h, { organizationId: orgId });
    const mine = await call(h, "POST", "/api/v1/tokens", { token: admin.token, body: { name: "k" }, headers: { "idempotency-key": "shared-key" } });
    const theirs = await call(h, "POST", "/api/v1/tokens", { token: other.token, body: { name: "k" }, headers: { "idempotency-key": "shared-key" } });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(mine.json().id);
    expect(theirs.json().personId).toBe(other.person.id);
  });
});
