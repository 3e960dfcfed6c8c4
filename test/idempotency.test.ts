/**
 * Every creating POST honours Idempotency-Key: a retry answers with the first result and makes no
 * second row, even when the retries race; the same key with another body is refused.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachStore } from "./support/stores.js";
import { call, makeOrganization, makePerson, openHarness, rowCounts, type Harness } from "./support/harness.js";

describeEachStore("idempotent creation", (kind) => {
  let h: Harness;
  let admin: { token: string; personId: string };
  let orgId: string;

  beforeAll(async () => {
    h = await openHarness(kind);
    const made = await makePerson(h, { platformRoles: ["platform_admin"] });
    admin = { token: made.token, personId: made.person.id };
    orgId = (await makeOrganization(h)).id;
  });
  afterAll(() => h.close());

  const creating = () => h.app.highwayRoutes.filter((r) => r.creates);

  function pathFor(url: string): string {
    return url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
      if (name === "organizationId") return orgId;
      throw new Error(`no id for ${name}`);
    });
  }

  it("has an example body for every creating route", () => {
    expect(creating().length).toBeGreaterThanOrEqual(4);
    for (const spec of creating()) expect(spec.example, spec.operationId).toBeDefined();
  });

  it("replays the first result for a retried request and writes nothing more", async () => {
    for (const spec of creating()) {
      const url = pathFor(spec.url);
      const key = `retry-${spec.operationId}`;
      const first = await call(h, "POST", url, { token: admin.token, body: spec.example, headers: { "idempotency-key": key } });
      expect(first.statusCode, `${spec.operationId}: ${first.body}`).toBe(201);
      const counts = await rowCounts(h.store);
      const second = await call(h, "POST", url, { token: admin.token, body: spec.example, headers: { "idempotency-key": key } });
      expect(second.statusCode, spec.operationId).toBe(201);
      expect(second.json(), spec.operationId).toEqual(first.json());
      expect(second.headers["idempotent-replayed"]).toBe("true");
      expect(await rowCounts(h.store), spec.operationId).toEqual(counts);

      const other = await call(h, "POST", url, {
        token: admin.token,
        body: { ...(spec.example as object), name: "다른 요청" },
        headers: { "idempotency-key": key },
      });
      expect(other.statusCode, spec.operationId).toBe(422);
      expect(other.json().code).toBe("IDEMPOTENCY_KEY_REUSED");
      expect(await rowCounts(h.store), spec.operationId).toEqual(counts);
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
