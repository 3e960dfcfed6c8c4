/** Portal login: password check, HttpOnly SameSite cookie, CSRF on cookie-authenticated writes, rate limit. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachStore } from "./support/stores.js";
import { call, makeOrganization, makePerson, openHarness, type Harness } from "./support/harness.js";

const PASSWORD = "a-long-portal-password";

describeEachStore("portal sessions", (kind) => {
  let h: Harness;
  let email: string;
  let orgId: string;

  beforeAll(async () => {
    h = await openHarness(kind, { HIGHWAY_LOGIN_MAX_FAILURES: "3" });
    orgId = (await makeOrganization(h)).id;
    email = (await makePerson(h, { organizationId: orgId, role: "org_admin", password: PASSWORD })).person.email;
  });
  afterAll(() => h.close());

  async function login(password = PASSWORD, who = email) {
    return call(h, "POST", "/api/v1/auth/login", { body: { email: who, password } });
  }

  it("logs in with a password and sets an HttpOnly, SameSite session cookie", async () => {
    const response = await login();
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === "highway_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Strict");
    expect(response.json().csrfToken).toMatch(/^hwy_csrf_/);
    const me = await call(h, "GET", "/api/v1/me", { headers: { cookie: `highway_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().memberships).toEqual([{ organizationId: orgId, role: "org_admin" }]);
  });

  it("requires the CSRF token for writes made with the cookie", async () => {
    const response = await login();
    const cookie = `highway_session=${response.cookies.find((c) => c.name === "highway_session")!.value}`;
    const csrf = response.json().csrfToken as string;
    const patch = { nameEn: "Renamed" };
    const without = await call(h, "PATCH", `/api/v1/organizations/${orgId}`, { body: patch, headers: { cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe("AUTH_CSRF_FAILED");
    const wrong = await call(h, "PATCH", `/api/v1/organizations/${orgId}`, { body: patch, headers: { cookie, "x-csrf-token": `${csrf}x` } });
    expect(wrong.json().code).toBe("AUTH_CSRF_FAILED");
    const right = await call(h, "PATCH", `/api/v1/organizations/${orgId}`, { body: patch, headers: { cookie, "x-csrf-token": csrf } });
    expect(right.statusCode).toBe(200);
    expect(right.json().nameEn).toBe("Renamed");
  });

  it("ends a session at logout and after its lifetime", async () => {
    const response = await login();
    const cookie = `highway_session=${response.cookies.find((c) => c.name === "highway_session")!.value}`;
    const csrf = response.json().csrfToken as string;
    expect((await call(h, "POST", "/api/v1/auth/logout", { headers: { cookie, "x-csrf-token": csrf } })).statusCode).toBe(204);
    expect((await call(h, "GET", "/api/v1/me", { headers: { cookie } })).json().code).toBe("AUTH_SESSION_INVALID");

    const later = await login();
    const laterCookie = `highway_session=${later.cookies.find((c) => c.name === "highway_session")!.value}`;
    h.clock.advance(h.config.sessionTtlHours * 3_600_000 + 1000);
    try {
      expect((await call(h, "GET", "/api/v1/me", { headers: { cookie: laterCookie } })).json().code).toBe("AUTH_SESSION_INVALID");
    } finally {
      h.clock.advance(-(h.config.sessionTtlHours * 3_600_000 + 1000));
    }
  });

  it("limits failed attempts per e-mail, even with the right password, until the window passes", async () => {
    const { person } = await makePerson(h, { password: PASSWORD });
    for (let i = 0; i < 3; i++) expect((await login("wrong-password-123", person.email)).json().code).toBe("AUTH_LOGIN_FAILED");
    const limited = await login(PASSWORD, person.email);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("AUTH_RATE_LIMITED");
    h.clock.advance(h.config.loginWindowMinutes * 60_000 + 1000);
    expect((await login(PASSWORD, person.email)).statusCode).toBe(200);
  });

  it("answers an unknown e-mail exactly like a wrong password", async () => {
    const unknown = await login(PASSWORD, "nobody@example.kr");
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe("AUTH_LOGIN_FAILED");
  });
});
