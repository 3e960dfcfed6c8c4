/** The HTTP surface: operations endpoints, OpenAPI and docs, request ids, and problem+json for bad input. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { countAuditEvents } from "../src/services/audit/audit-log.js";
import { describeEachStore } from "./support/stores.js";
import { call, makeOrganization, makePerson, openHarness, rowCounts, type Harness } from "./support/harness.js";

const VALID_ORG = {
  name: "가온소프트",
  type: "startup",
  businessRegistrationNumber: "124-81-00998",
  region: "KR-11",
  sector: "J",
  foundedOn: "2024-03-01",
};

describeEachStore("HTTP basics", (kind) => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    h = await openHarness(kind, { HIGHWAY_BODY_LIMIT_BYTES: "4096" });
    token = (await makePerson(h)).token;
  });
  afterAll(() => h.close());

  it("answers /healthz, /readyz and / with the product's name and version", async () => {
    expect((await call(h, "GET", "/healthz")).json()).toEqual({ status: "ok" });
    expect((await call(h, "GET", "/readyz")).json()).toEqual({ status: "ready", store: kind });
    const home = await call(h, "GET", "/");
    expect(home.headers["content-type"]).toContain("text/html");
    expect(home.body).toContain("AI Highway");
    expect(home.body).toMatch(/href="\/docs"/);
  });

  it("reports /readyz as 503 when the store does not answer", async () => {
    const original = h.store.ping;
    (h.store as { ping: () => Promise<void> }).ping = () => Promise.reject(new Error("down"));
    try {
      const response = await call(h, "GET", "/readyz");
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe("SERVICE_UNAVAILABLE");
    } finally {
      (h.store as { ping: () => Promise<void> }).ping = original;
    }
  });

  it("serves Prometheus metrics with request counts and latencies by route", async () => {
    await call(h, "GET", "/healthz");
    const metrics = await call(h, "GET", "/metrics");
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/highway_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(metrics.body).toContain("highway_http_request_duration_seconds_bucket");
  });

  it("publishes an OpenAPI document that covers every declared route, and docs at /docs", async () => {
    const doc = (await call(h, "GET", "/api/v1/openapi.json")).json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const spec of h.app.highwayRoutes) {
      const path = spec.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      expect(doc.paths[path]?.[spec.method.toLowerCase()], `${spec.method} ${spec.url}`).toBeDefined();
    }
    const create = doc.paths["/api/v1/organizations"]!.post as { parameters: { name: string }[] };
    expect(create.parameters.map((p) => p.name)).toContain("Idempotency-Key");
    const docs = await call(h, "GET", "/docs/");
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain("swagger");
  });

  it("echoes a given request id and makes one otherwise", async () => {
    const given = await call(h, "GET", "/healthz", { headers: { "x-request-id": "trace-123" } });
    expect(given.headers["x-request-id"]).toBe("trace-123");
    const made = await call(h, "GET", "/nope");
    expect(made.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.statusCode).toBe(404);
    expect(made.headers["content-type"]).toContain("application/problem+json");
    expect(made.json()).toMatchObject({ code: "ROUTE_NOT_FOUND", status: 404, requestId: made.headers["x-request-id"] });
  });

  it("creates an organization and finds it again", async () => {
    const created = await call(h, "POST", "/api/v1/organizations", { token, body: VALID_ORG });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ ...VALID_ORG, businessRegistrationNumber: "1248100998" });
    const id = created.json().id as string;
    const fetched = await call(h, "GET", `/api/v1/organizations/${id}`, { token });
    expect(fetched.json().name).toBe("가온소프트");
    const duplicate = await call(h, "POST", "/api/v1/organizations", { token, body: VALID_ORG });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe("ORG_BRN_TAKEN");
  });

  const badRequests: { name: string; body: string | unknown; headers?: Record<string, string>; status: number; code: string; field: string; rule?: string }[] = [
    { name: "malformed JSON", body: "{\"name\": ", status: 400, code: "MALFORMED_JSON", field: "body" },
    { name: "a wrong type", body: { ...VALID_ORG, name: 42 }, status: 400, code: "VALIDATION_FAILED", field: "body.name", rule: "invalid_type" },
    { name: "an unknown field", body: { ...VALID_ORG, ceo: "홍길동" }, status: 400, code: "VALIDATION_FAILED", field: "body.ceo", rule: "unknown_field" },
    { name: "a missing field", body: { ...VALID_ORG, region: undefined }, status: 400, code: "VALIDATION_FAILED", field: "body.region", rule: "required" },
    { name: "an invalid business registration number", body: { ...VALID_ORG, businessRegistrationNumber: "124-81-00999" }, status: 400, code: "ORG_BRN_INVALID", field: "body.businessRegistrationNumber", rule: "ORG_BRN_INVALID" },
    { name: "a retired region code", body: { ...VALID_ORG, region: "KR-42" }, status: 400, code: "ORG_REGION_UNKNOWN", field: "body.region", rule: "ORG_REGION_UNKNOWN" },
    { name: "an unknown sector", body: { ...VALID_ORG, sector: "Z" }, status: 400, code: "ORG_SECTOR_UNKNOWN", field: "body.sector" },
    { name: "a founding date in the future", body: { ...VALID_ORG, foundedOn: "2030-01-01" }, status: 400, code: "ORG_FOUNDED_IN_FUTURE", field: "body.foundedOn" },
    { name: "an unsupported media type", body: "name=x", headers: { "content-type": "text/plain" }, status: 415, code: "UNSUPPORTED_MEDIA_TYPE", field: "header.content-type" },
    { name: "an oversize body", body: { ...VALID_ORG, name: "가".repeat(5000) }, status: 413, code: "BODY_TOO_LARGE", field: "body" },
  ];

  for (const bad of badRequests) {
    it(`refuses ${bad.name} with ${bad.status} ${bad.code} naming ${bad.field}, and writes nothing`, async () => {
      const before = await rowCounts(h.store);
      const response = await h.app.inject({
        method: "POST",
        url: "/api/v1/organizations",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...bad.headers },
        payload: typeof bad.body === "string" ? bad.body : JSON.stringify(bad.body),
      });
      expect(response.statusCode).toBe(bad.status);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      const problem = response.json();
      expect(problem.code).toBe(bad.code);
      expect(problem.status).toBe(bad.status);
      expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: bad.field, ...(bad.rule ? { rule: bad.rule } : {}) })]));
      expect(await rowCounts(h.store)).toEqual(before);
    });
  }

  it("names every failing rule at once", async () => {
    const response = await call(h, "POST", "/api/v1/organizations", {
      token,
      body: { ...VALID_ORG, businessRegistrationNumber: "1234567890", region: "KR-99", sector: "?" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("VALIDATION_FAILED");
    expect(response.json().errors.map((e: { rule: string }) => e.rule).sort()).toEqual(["ORG_BRN_INVALID", "ORG_REGION_UNKNOWN", "ORG_SECTOR_UNKNOWN"]);
  });

  it("refuses missing, malformed, expired and revoked tokens with distinct codes", async () => {
    expect((await call(h, "GET", "/api/v1/organizations")).json().code).toBe("AUTH_REQUIRED");
    expect((await call(h, "GET", "/api/v1/organizations", { headers: { authorization: "Basic x" } })).json().code).toBe("AUTH_TOKEN_INVALID");
    expect((await call(h, "GET", "/api/v1/organizations", { token: "hwy_tok_nonsense" })).json().code).toBe("AUTH_TOKEN_INVALID");

    const { person } = await makePerson(h);
    const short = await h.services.tokens.create(h.system, { name: "short", personId: person.id, expiresInDays: 1 });
    h.clock.advance(86_400_000 + 1);
    try {
      const expired = await call(h, "GET", "/api/v1/organizations", { token: short.value.token });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().code).toBe("AUTH_TOKEN_EXPIRED");
    } finally {
      h.clock.advance(-(86_400_000 + 1));
    }

    const other = await h.services.tokens.create(h.system, { name: "revoke me", personId: person.id });
    const revoke = await call(h, "DELETE", `/api/v1/tokens/${other.value.id}`, { token: other.value.token });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();
    const revoked = await call(h, "GET", "/api/v1/organizations", { token: other.value.token });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe("AUTH_TOKEN_REVOKED");
  });

  it("takes a removed member's organization from their token at once, though tokens are remembered between requests", async () => {
    const org = await makeOrganization(h);
    const { person, token: member } = await makePerson(h, { organizationId: org.id });
    // Twice, so that the second answer comes from the remembered token.
    for (let i = 0; i < 2; i++) expect((await call(h, "GET", `/api/v1/organizations/${org.id}`, { token: member })).statusCode).toBe(200);
    await h.services.organizations.removeMember(h.system, org.id, person.id);
    const after = await call(h, "GET", `/api/v1/organizations/${org.id}`, { token: member });
    expect(after.statusCode).toBe(404);
    await h.services.organizations.addMember(h.system, org.id, { email: person.email, role: "member" });
    expect((await call(h, "GET", `/api/v1/organizations/${org.id}`, { token: member })).statusCode).toBe(200);
  });

  it("shows a new token's secret once, stores only its digest, and records its last use", async () => {
    const { token: mine } = await makePerson(h);
    const created = await call(h, "POST", "/api/v1/tokens", { token: mine, body: { name: "laptop", expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const secret = created.json().token as string;
    expect(secret).toMatch(/^hwy_tok_/);
    const listed = await call(h, "GET", "/api/v1/tokens", { token: secret });
    expect(listed.body).not.toContain(secret);
    const row = (listed.json().items as { id: string; lastUsedAt: string | null }[]).find((t) => t.id === created.json().id);
    expect(row?.lastUsedAt).not.toBeNull();
    const stored = await h.store.db.execute(`select token_hash from api_tokens where id = '${created.json().id}'`);
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it("pages through lists with cursors and refuses a forged cursor", async () => {
    const { token: admin } = await makePerson(h, { platformRoles: ["platform_admin"] });
    for (let i = 0; i < 3; i++) await makeOrganization(h);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(h, "GET", `/api/v1/organizations?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: admin });
      expect(page.statusCode).toBe(200);
      const body = page.json() as { items: { id: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((o) => o.id));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const forged = await call(h, "GET", "/api/v1/organizations?cursor=bm90LWFuLWlk", { token: admin });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe("INVALID_CURSOR");
  });

  it("writes an audit event with every mutation and none for a failed one", async () => {
    const before = await countAuditEvents(h.store.db);
    await call(h, "POST", "/api/v1/organizations", { token, body: { ...VALID_ORG, businessRegistrationNumber: "220-81-62517" } });
    expect(await countAuditEvents(h.store.db)).toBe(before + 1);
    await call(h, "POST", "/api/v1/organizations", { token, body: { ...VALID_ORG, businessRegistrationNumber: "220-81-62517" } });
    expect(await countAuditEvents(h.store.db)).toBe(before + 1);
  });
});
