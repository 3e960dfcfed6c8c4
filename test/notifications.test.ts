/**
 * Notifications end to end: the outbox written with the business change, signed webhook delivery,
 * retries with backoff on the injected clock, dead deliveries and redelivery, restarts and a crash
 * between send and record (never a lost event), two dispatchers claiming side by side, e-mail in
 * Korean and English through an in-process SMTP server, and the API's tenancy rules.
 */
import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { webhookRoutes } from "../src/http/routes/webhook-routes.js";
import type { Actor } from "../src/services/context.js";
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from "../src/services/notifications/backoff.js";
import { startNotificationDispatcher, type DispatcherOptions } from "../src/services/notifications/dispatcher.js";
import { createSmtpMailer } from "../src/services/notifications/mailer.js";
import type { NotificationService } from "../src/services/notifications/notification-service.js";
import { enqueueNotification } from "../src/services/notifications/outbox.js";
import { startNotifications } from "../src/services/notifications/start-notifications.js";
import { verifyWebhookSignature } from "../src/services/notifications/webhook-signature.js";
import { notificationDeliveries, notificationEvents } from "../src/store/schema/index.js";
import type { Store } from "../src/store/store.js";
import { makeOrganization, makePerson, openHarness, rowCounts, type Harness } from "./support/harness.js";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp.js";
import { describeEachStore } from "./support/stores.js";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver.js";

describeEachStore("notifications", (kind) => {
  let h: Harness;
  let app: FastifyInstance;
  let notifications: NotificationService;
  let smtp: TestSmtpServer;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    h = await openHarness(kind);
    app = h.app;
    notifications = h.services.notifications;
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await smtp.close();
    await h.close();
  });

  function api(method: "GET" | "POST" | "DELETE", url: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
    return app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }

  function dispatcher(options: DispatcherOptions = {}, store: Store = h.store) {
    return startNotificationDispatcher({ store, clock: h.clock }, { pollIntervalMs: null, random: () => 0.5, webhookTimeoutMs: 5_000, leaseMs: 60_000, ...options });
  }

  /** An organization with a receiver and a webhook pointing at it (registered through the service). */
  async function orgWithWebhook(eventTypes: string[] = []) {
    const org = await makeOrganization(h);
    let secret = "";
    const receiver = await startWebhookReceiver(() => secret, h.clock);
    receivers.push(receiver);
    const webhook = (await notifications.createWebhook(h.system, org.id, { url: receiver.url, eventTypes })).value;
    secret = webhook.secret;
    return { org, receiver, webhook };
  }

  function enqueue(organizationId: string | null, type: "decision.made" | "application.submitted" | "tranche.released" = "decision.made", extra: { recipientPersonIds?: string[]; payload?: Record<string, string> } = {}) {
    return h.store.transaction((tx) =>
      enqueueNotification(tx, { type, organizationId, payload: { applicationId: "0193a3f0-0000-7000-8000-000000000001", decision: "accepted", ...extra.payload }, recipientPersonIds: extra.recipientPersonIds ?? [], at: h.clock.now() }),
    );
  }

  async function deliveriesOf(eventId: string) {
    return h.store.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.eventId, eventId));
  }

  it("writes an event exactly when the business change commits, with a delivery per matching destination", async () => {
    const a = await orgWithWebhook();
    const onlyDecisions = await notifications.createWebhook(h.system, a.org.id, { url: a.receiver.url, eventTypes: ["decision.made"] });
    const other = await orgWithWebhook();
    const platform = await notifications.createWebhook(h.system, null, { url: "https://platform.example.kr/hooks" });
    const person = await makePerson(h, { organizationId: a.org.id });

    const before = await rowCounts(h.store);
    await expect(
      h.store.transaction(async (tx) => {
        await enqueueNotification(tx, { type: "application.submitted", organizationId: a.org.id, payload: {}, at: h.clock.now() });
        throw new Error("the business change fails");
      }),
    ).rejects.toThrow("the business change fails");
    expect(await rowCounts(h.store)).toEqual(before);

    const eventId = await enqueue(a.org.id, "application.submitted", { recipientPersonIds: [person.person.id, person.person.id] });
    const rows = await deliveriesOf(eventId);
    const destinations = rows.map((r) => r.webhookId ?? `email:${r.personId}`).sort();
    expect(destinations).toEqual([a.webhook.id, platform.value.id, `email:${person.person.id}`].sort());
    expect(destinations).not.toContain(onlyDecisions.value.id);
    expect(destinations).not.toContain(other.webhook.id);
    expect(rows.every((r) => r.state === "pending" && r.attempts === 0)).toBe(true);
    // The platform's webhook delivery and the e-mail belong to the platform scope, not the tenant's.
    expect(rows.filter((r) => r.organizationId === a.org.id).map((r) => r.webhookId)).toEqual([a.webhook.id]);

    await expect(
      h.store.transaction((tx) => enqueueNotification(tx, { type: "no.such.type" as never, organizationId: null, at: h.clock.now() })),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });

    await notifications.deleteWebhook(h.system, null, platform.value.id);
    await notifications.deleteWebhook(h.system, a.org.id, onlyDecisions.value.id);
    const [platformRow] = (await deliveriesOf(eventId)).filter((r) => r.webhookId === platform.value.id);
    expect(platformRow).toMatchObject({ state: "dead", lastError: "webhook deleted" });
    const mailer = createSmtpMailer({ smtpUrl: smtp.url, mailFrom: "AI Highway <no-reply@highway.example.kr>" });
    expect(await dispatcher({ mailer }).runOnce()).toMatchObject({ claimed: 2, delivered: 2 });
    mailer.close();
  });

  it("delivers a signed envelope whose event id stays the same on every attempt", async () => {
    const { org, receiver, webhook } = await orgWithWebhook();
    receiver.script(503);
    const eventId = await enqueue(org.id, "decision.made", { payload: { awardedWon: "1250000000" } });
    const d = dispatcher();
    expect(await d.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
    h.clock.advance(3_600_000);
    expect(await d.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });

    expect(receiver.requests).toHaveLength(2);
    const [first, second] = receiver.requests;
    expect(first!.body).toBe(second!.body);
    expect(first!.headers["x-highway-event-id"]).toBe(eventId);
    expect(second!.headers["x-highway-attempt"]).toBe("2");
    expect(second!.signatureOk).toBe(true);
    expect(JSON.parse(second!.body)).toEqual({
      id: eventId,
      type: "decision.made",
      organizationId: org.id,
      createdAt: expect.any(String),
      payload: { applicationId: "0193a3f0-0000-7000-8000-000000000001", decision: "accepted", awardedWon: "1250000000" },
    });
    const header = second!.headers["x-highway-signature"] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const check = (now: Date, secret = webhook.secret, body = second!.body) => verifyWebhookSignature({ secret, header, body, now });
    expect(check(h.clock.now())).toMatchObject({ ok: true });
    expect(check(new Date(h.clock.now().getTime() + 301_000))).toEqual({ ok: false, reason: "outside_window" });
    expect(check(h.clock.now(), "whsec_wrong")).toEqual({ ok: false, reason: "mismatch" });
    expect(check(h.clock.now(), webhook.secret, second!.body.replace("accepted", "rejected"))).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature({ secret: webhook.secret, header: "v1=abc", body: "", now: h.clock.now() })).toEqual({ ok: false, reason: "malformed" });
  });

  it("never loses an event: 500s, then timeouts, a restart, and a crash between send and record", async () => {
    const { org, receiver } = await orgWithWebhook();
    const events = [await enqueue(org.id), await enqueue(org.id), await enqueue(org.id)];
    const delivery = async (eventId: string) => (await deliveriesOf(eventId))[0]!;

    // First dispatcher: the receiver answers 500 to every request.
    receiver.script(500, 500, 500, "hang", "hang", "hang");
    const first = dispatcher({ webhookTimeoutMs: 1_000 });
    expect(await first.runOnce()).toMatchObject({ claimed: 3, retrying: 3 });
    const afterFirst = await delivery(events[0]!);
    expect(afterFirst).toMatchObject({ state: "pending", attempts: 1, lastError: "HTTP 500" });
    const step1 = backoffDelayMs(DEFAULT_RETRY_POLICY, 1, () => 0.5);
    expect(step1).toBe(22_500);
    expect(afterFirst.nextAttemptAt.getTime()).toBe(h.clock.now().getTime() + step1);
    h.clock.advance(step1 - 1);
    expect(await first.runOnce()).toMatchObject({ claimed: 0 });

    // Then it stops answering: each request times out.
    h.clock.advance(1);
    expect(await first.runOnce()).toMatchObject({ claimed: 3, retrying: 3 });
    expect(await delivery(events[1]!)).toMatchObject({ state: "pending", attempts: 2, lastError: "timeout after 1000 ms" });
    await first.stop();

    // Restart: a new dispatcher on the same store. The receiver is well again, but this
    // dispatcher dies after sending and before recording (its record transactions fail).
    let crashed = false;
    const crashing: Store = { ...h.store, transaction: (fn) => (crashed ? Promise.reject(new Error("process killed")) : h.store.transaction(fn)) };
    receiver.onRequest = () => {
      crashed = true;
    };
    const second = dispatcher({}, crashing);
    h.clock.advance(backoffDelayMs(DEFAULT_RETRY_POLICY, 2, () => 0.5));
    expect(await second.runOnce()).toMatchObject({ claimed: 3, delivered: 0, unrecorded: 3 });
    await second.stop();
    receiver.onRequest = undefined;
    expect(receiver.processed.size).toBe(3);
    expect((await delivery(events[2]!)).state).toBe("pending");

    // A third dispatcher finds the claims held until their lease runs out, then sends again.
    const third = dispatcher();
    expect(await third.runOnce()).toMatchObject({ claimed: 0 });
    h.clock.advance(60_000);
    expect(await third.runOnce()).toMatchObject({ claimed: 3, delivered: 3 });
    await third.stop();

    expect([...receiver.processed].sort()).toEqual([...events].sort());
    expect(receiver.duplicates).toBe(3);
    for (const eventId of events) expect(await delivery(eventId)).toMatchObject({ state: "delivered", attempts: 4, lastError: null });
  });

  it("turns a delivery dead after its last attempt, shows it through the API, and redelivers it on request", async () => {
    const org = await makeOrganization(h);
    const admin = await makePerson(h, { organizationId: org.id, role: "org_admin" });
    let secret = "";
    const receiver = await startWebhookReceiver(() => secret, h.clock);
    receivers.push(receiver);
    const created = await api("POST", `/api/v1/organizations/${org.id}/webhooks`, admin.token, { url: receiver.url, name: "결정 알림" });
    expect(created.statusCode, created.body).toBe(201);
    secret = created.json().secret;
    const eventId = await enqueue(org.id);

    receiver.script(500, 502, 500);
    const d = dispatcher({ retry: { maxAttempts: 3, baseDelayMs: 1_000 } });
    expect(await d.runOnce()).toMatchObject({ retrying: 1 });
    h.clock.advance(750);
    expect(await d.runOnce()).toMatchObject({ retrying: 1 });
    h.clock.advance(1_500);
    expect(await d.runOnce()).toMatchObject({ dead: 1 });
    h.clock.advance(86_400_000);
    expect(await d.runOnce()).toMatchObject({ claimed: 0 });

    const dead = await api("GET", `/api/v1/organizations/${org.id}/notification-deliveries?state=dead`, admin.token);
    expect(dead.statusCode).toBe(200);
    expect(dead.json().items).toEqual([
      expect.objectContaining({ eventId, eventType: "decision.made", channel: "webhook", state: "dead", attempts: 3, lastError: "HTTP 500", nextAttemptAt: null }),
    ]);
    const deliveryId = dead.json().items[0].id as string;

    const redelivered = await api("POST", `/api/v1/organizations/${org.id}/notification-deliveries/${deliveryId}/redeliver`, admin.token);
    expect(redelivered.statusCode, redelivered.body).toBe(200);
    expect(redelivered.json()).toMatchObject({ state: "pending", attempts: 0 });
    expect(await d.runOnce()).toMatchObject({ delivered: 1 });
    expect(receiver.processed).toEqual(new Set([eventId]));
    const delivered = await api("GET", `/api/v1/organizations/${org.id}/notification-deliveries?state=delivered`, admin.token);
    expect(delivered.json().items.map((i: { id: string }) => i.id)).toEqual([deliveryId]);
  });

  it("turns a delivery dead when the outcome of its last attempt was never recorded", async () => {
    const { org, receiver } = await orgWithWebhook();
    const eventId = await enqueue(org.id);
    const crashing: Store = { ...h.store, transaction: (fn) => (receiver.requests.length > 0 ? Promise.reject(new Error("process killed")) : h.store.transaction(fn)) };
    expect(await dispatcher({ retry: { maxAttempts: 1 } }, crashing).runOnce()).toMatchObject({ claimed: 1, unrecorded: 1 });
    h.clock.advance(60_000);
    expect(await dispatcher({ retry: { maxAttempts: 1 } }).runOnce()).toMatchObject({ claimed: 0 });
    expect((await deliveriesOf(eventId))[0]).toMatchObject({ state: "dead", attempts: 1, lastError: "no outcome recorded for the last attempt" });
    expect(receiver.requests).toHaveLength(1);
  });

  it("lets two dispatchers work side by side without sending any delivery twice", async () => {
    const { org, receiver } = await orgWithWebhook();
    const events: string[] = [];
    for (let i = 0; i < 12; i++) events.push(await enqueue(org.id));
    const a = dispatcher({ batchSize: 4 });
    const b = dispatcher({ batchSize: 4 });
    for (let round = 0; round < 6; round++) {
      const [x, y] = await Promise.all([a.runOnce(), b.runOnce()]);
      if (x.claimed + y.claimed === 0) break;
    }
    expect(receiver.requests).toHaveLength(12);
    expect(receiver.duplicates).toBe(0);
    expect([...receiver.processed].sort()).toEqual(events.sort());
  });

  it("runs in the background as the server starts it, webhooks and e-mail, until stopped", async () => {
    const { org, receiver } = await orgWithWebhook();
    const person = await makePerson(h, { organizationId: org.id });
    const d = startNotifications({ store: h.store, clock: h.clock }, { smtpUrl: smtp.url, mailFrom: "highway@example.kr" }, { pollIntervalMs: 20 });
    const eventId = await enqueue(org.id, "application.submitted", { recipientPersonIds: [person.person.id] });
    await vi.waitFor(
      () => {
        expect(receiver.processed.has(eventId)).toBe(true);
        expect(smtp.messages.some((m) => m.to.includes(person.person.email) && m.subject.startsWith("[AI 고속도로] 신청서가 제출되었습니다"))).toBe(true);
      },
      { timeout: 5_000, interval: 20 },
    );
    await d.stop();
    expect((await deliveriesOf(eventId)).map((r) => r.state)).toEqual(["delivered", "delivered"]);
  });

  it("mails each recipient one message, Korean first, then English, and retries a refused one", async () => {
    const org = await makeOrganization(h);
    const person = await makePerson(h, { organizationId: org.id });
    const eventId = await enqueue(org.id, "tranche.released", {
      recipientPersonIds: [person.person.id],
      payload: { allocationId: "0193a3f0-0000-7000-8000-0000000000aa", acceleratorHours: "5000", amountWon: "1250000000" },
    });

    // Without a mailer, e-mail waits.
    expect(await dispatcher().runOnce()).toMatchObject({ claimed: 0 });
    const email = async () => (await h.store.db.select().from(notificationDeliveries).where(and(eq(notificationDeliveries.eventId, eventId), eq(notificationDeliveries.channel, "email"))))[0]!;
    expect(await email()).toMatchObject({ state: "pending", attempts: 0 });

    const mailer = createSmtpMailer({ smtpUrl: smtp.url, mailFrom: "AI Highway <no-reply@highway.example.kr>" });
    try {
      smtp.refuseNext(1);
      const d = dispatcher({ mailer });
      expect(await d.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
      expect(await email()).toMatchObject({ state: "pending", attempts: 1, lastError: "smtp error: SMTP 451" });
      h.clock.advance(3_600_000);
      expect(await d.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    } finally {
      mailer.close();
    }

    const mine = smtp.messages.filter((m) => m.to.includes(person.person.email));
    expect(mine).toHaveLength(1);
    const message = mine[0]!;
    expect(message.subject).toBe("[AI 고속도로] 단계별 배분이 해제되었습니다 / Tranche released");
    expect(message.headers.get("x-highway-event-id")).toBe(eventId);
    expect(message.headers.get("message-id")).toContain(eventId);
    const ko = message.text.indexOf("금액: 12억 5,000만 원");
    const en = message.text.indexOf("Amount: KRW 1,250,000,000");
    expect(ko).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(ko);
    expect(message.text).toContain("가속기 시간: 5000시간");
    expect(message.text).toContain(`(event ${eventId})`);

    // E-mail is the platform's channel: its deliveries are listed in the platform scope only.
    const platform = await notifications.listDeliveries(h.system, null, { state: "delivered" }, { limit: 200 });
    expect(platform.items.filter((d) => d.eventId === eventId)).toEqual([
      expect.objectContaining({ channel: "email", personId: person.person.id, attempts: 2, lastError: null }),
    ]);
    const tenant = await notifications.listDeliveries(h.system, org.id, {}, {});
    expect(tenant.items.filter((d) => d.eventId === eventId)).toEqual([]);
  });

  it("lets only an organization's admins manage its webhooks and platform admins the platform's", async () => {
    const org = await makeOrganization(h);
    const admin = await makePerson(h, { organizationId: org.id, role: "org_admin" });
    const member = await makePerson(h, { organizationId: org.id, role: "member" });
    const stranger = await makePerson(h, { organizationId: (await makeOrganization(h)).id, role: "org_admin" });
    const platformAdmin = await makePerson(h, { platformRoles: ["platform_admin"] });
    const base = `/api/v1/organizations/${org.id}`;
    const body = { url: "https://hooks.example.kr/highway", name: "운영 알림", eventTypes: ["review.due"] };

    expect((await api("POST", `${base}/webhooks`, member.token, body)).statusCode).toBe(403);
    expect((await api("POST", `${base}/webhooks`, stranger.token, body)).statusCode).toBe(404);
    expect((await api("GET", `${base}/webhooks`, stranger.token)).statusCode).toBe(404);
    expect((await api("GET", `${base}/notification-deliveries`, member.token)).statusCode).toBe(403);
    expect((await api("POST", "/api/v1/platform/webhooks", admin.token, body)).statusCode).toBe(403);
    expect((await api("GET", "/api/v1/platform/notification-deliveries", admin.token)).statusCode).toBe(403);

    for (const url of ["http://hooks.example.kr/x", "https://user:pw@hooks.example.kr/x", "not a url", "ftp://hooks.example.kr/x"]) {
      const bad = await api("POST", `${base}/webhooks`, admin.token, { url });
      expect(bad.statusCode, url).toBe(400);
      expect(bad.json().errors, url).toEqual([expect.objectContaining({ field: "body.url", rule: "WEBHOOK_URL_INVALID" })]);
    }

    const key = { "idempotency-key": "webhook-1" };
    const created = await api("POST", `${base}/webhooks`, admin.token, body, key);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ organizationId: org.id, url: body.url, name: body.name, eventTypes: ["review.due"] });
    expect(created.json().secret).toMatch(/^whsec_/);
    const replay = await api("POST", `${base}/webhooks`, admin.token, body, key);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.json()).toEqual(created.json());
    const reused = await api("POST", `${base}/webhooks`, admin.token, { ...body, name: "다른 요청" }, key);
    expect(reused.json().code).toBe("IDEMPOTENCY_KEY_REUSED");

    const listed = await api("GET", `${base}/webhooks`, admin.token);
    expect(listed.json().items).toHaveLength(1);
    expect(listed.body).not.toContain(created.json().secret);

    // A ping reaches only the scope's own webhooks, whatever types they chose.
    const ping = await api("POST", `${base}/webhooks/ping`, admin.token, { name: "연결 확인" });
    expect(ping.statusCode, ping.body).toBe(201);
    expect(ping.json().deliveries).toBe(1);
    const [event] = await h.store.db.select().from(notificationEvents).where(eq(notificationEvents.id, ping.json().eventId));
    expect(event).toMatchObject({ type: "test.ping", organizationId: org.id, payload: { name: "연결 확인" } });
    const pending = await api("GET", `${base}/notification-deliveries?state=pending`, admin.token);
    expect(pending.json().items).toEqual([expect.objectContaining({ eventType: "test.ping", webhookId: created.json().id })]);
    expect((await api("GET", `${base}/notification-deliveries`, stranger.token)).statusCode).toBe(404);
    const deliveryId = pending.json().items[0].id as string;
    expect((await api("POST", `/api/v1/platform/notification-deliveries/${deliveryId}/redeliver`, platformAdmin.token)).statusCode).toBe(404);

    expect((await api("DELETE", `${base}/webhooks/${created.json().id}`, member.token)).statusCode).toBe(403);
    expect((await api("DELETE", `/api/v1/platform/webhooks/${created.json().id}`, platformAdmin.token)).statusCode).toBe(404);
    expect((await api("DELETE", `${base}/webhooks/${created.json().id}`, admin.token)).statusCode).toBe(204);
    expect((await api("GET", `${base}/webhooks`, admin.token)).json().items).toEqual([]);
    const afterDelete = await api("GET", `${base}/notification-deliveries`, admin.token);
    expect(afterDelete.json().items).toEqual([expect.objectContaining({ id: deliveryId, state: "dead", lastError: "webhook deleted" })]);
    expect((await api("POST", `${base}/notification-deliveries/${deliveryId}/redeliver`, admin.token)).statusCode).toBe(404);

    // Platform-wide webhooks belong to platform administrators.
    const platformHook = await api("POST", "/api/v1/platform/webhooks", platformAdmin.token, body);
    expect(platformHook.statusCode, platformHook.body).toBe(201);
    expect(platformHook.json().organizationId).toBeNull();
    expect((await api("GET", "/api/v1/platform/webhooks", platformAdmin.token)).json().items.map((w: { id: string }) => w.id)).toContain(platformHook.json().id);
    expect((await api("DELETE", `/api/v1/platform/webhooks/${platformHook.json().id}`, platformAdmin.token)).statusCode).toBe(204);

    // Every change is on the audit chains, and they verify.
    const actions = (await h.services.audit.list(h.system, org.id, {})).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["webhook.created", "notification.ping_sent", "webhook.deleted"]));
    expect((await h.services.audit.verify(h.system)).ok).toBe(true);
  });

  it("caps the webhooks of one scope", async () => {
    const org = await makeOrganization(h);
    for (let i = 0; i < 20; i++) await notifications.createWebhook(h.system, org.id, { url: `https://hooks.example.kr/${i}` });
    await expect(notifications.createWebhook(h.system, org.id, { url: "https://hooks.example.kr/21" })).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: "body.url", rule: "WEBHOOK_LIMIT_REACHED" })],
    });
    const first = (await notifications.listWebhooks(h.system, org.id, { limit: 1 })).items[0]!;
    await notifications.deleteWebhook(h.system, org.id, first.id);
    await expect(notifications.createWebhook(h.system, org.id, { url: "https://hooks.example.kr/21" })).resolves.toBeDefined();
  });

  it("has an example body for every route with a body, which the route accepts", async () => {
    const platformAdmin = await makePerson(h, { platformRoles: ["platform_admin"] });
    const org = await makeOrganization(h);
    for (const spec of webhookRoutes.filter((r) => r.body !== undefined)) {
      expect(spec.example, spec.operationId).toBeDefined();
      const response = await api("POST", spec.url.replace(":organizationId", org.id), platformAdmin.token, spec.example);
      expect(response.statusCode, `${spec.operationId}: ${response.body}`).toBe(201);
    }
    const system: Actor = h.system;
    for (const hook of (await notifications.listWebhooks(system, null, {})).items) await notifications.deleteWebhook(system, null, hook.id);
  });
});
