/**
 * Use cases of notifications: webhooks registered per organization (by its org_admin) or for the
 * whole platform (by a platform_admin), the deliveries of a scope with their state, attempts and
 * last error, manual redelivery, and a test ping. Events themselves are raised by other services
 * through `enqueueNotification`; the dispatcher sends them.
 */
import { and, asc, count, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import { parseOrThrow, throwViolations } from "../../domain/validation.js";
import { newId } from "../../store/ids.js";
import { notificationDeliveries, notificationEvents, organizations, webhookSubscriptions } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit, PLATFORM_CHAIN } from "../audit/audit-log.js";
import { requireOrganizationAdmin, requirePlatformRole } from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { createOnce, type CreateOptions, type Created } from "../idempotency.js";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../pagination.js";
import { NOTIFICATION_TYPES } from "./event-types.js";
import { enqueueNotification } from "./outbox.js";
import { newWebhookSecret } from "./webhook-signature.js";

/** An organization id, or null for the platform's own scope. */
export type NotificationScope = string | null;

/** Webhooks one scope may hold. */
export const MAX_WEBHOOKS_PER_SCOPE = 20;

export const WebhookInput = z.strictObject({
  url: z.string().trim().min(1).max(2000),
  /** A label for people, e.g. "심사 알림 / review notices". */
  name: z.string().trim().min(1).max(200).optional(),
  /** Types to receive; empty or absent means every type. */
  eventTypes: z.array(z.enum(NOTIFICATION_TYPES)).max(NOTIFICATION_TYPES.length).default([]),
});
export type WebhookInput = z.input<typeof WebhookInput>;

export const DeliveryFilter = z.strictObject({
  state: z.enum(["pending", "delivered", "dead"]).optional(),
  webhookId: z.uuid().optional(),
});
export type DeliveryFilter = z.input<typeof DeliveryFilter>;

/** A test ping; its name travels in the payload so a receiver can tell pings apart. */
export const PingInput = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
});
export type PingInput = z.input<typeof PingInput>;

/** A webhook as listed: never its secret. */
export interface WebhookView {
  readonly id: string;
  readonly organizationId: string | null;
  readonly url: string;
  readonly name: string | null;
  readonly eventTypes: readonly string[];
  readonly createdAt: string;
}

/** A webhook just registered: the signing secret appears here and nowhere else. */
export interface NewWebhookView extends WebhookView {
  readonly secret: string;
}

/** One delivery of one event to one destination. */
export interface DeliveryView {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly channel: "webhook" | "email";
  readonly webhookId: string | null;
  readonly personId: string | null;
  readonly state: "pending" | "delivered" | "dead";
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastAttemptAt: string | null;
  readonly nextAttemptAt: string | null;
  readonly deliveredAt: string | null;
  readonly createdAt: string;
}

/** What a test ping produced. */
export interface PingView {
  readonly eventId: string;
  readonly deliveries: number;
}

type WebhookRow = typeof webhookSubscriptions.$inferSelect;

function webhookView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    organizationId: row.organizationId,
    url: row.url,
    name: row.name,
    eventTypes: row.eventTypes,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Plain http is allowed only to loopback (development and tests); credentials never travel in a URL. */
function checkWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return throwViolations([{ field: "url", rule: "WEBHOOK_URL_INVALID", message: "is not an absolute URL", messageKo: "절대 URL이 아닙니다" }]);
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  const problem =
    url.protocol !== "https:" && !(url.protocol === "http:" && loopback)
      ? { message: "must use https (http only to a loopback address)", messageKo: "https를 사용해야 합니다(http는 루프백 주소에만 허용됩니다)" }
      : url.username !== "" || url.password !== ""
        ? { message: "must not carry credentials", messageKo: "인증 정보를 담을 수 없습니다" }
        : url.hash !== ""
          ? { message: "must not have a fragment", messageKo: "프래그먼트(#)를 포함할 수 없습니다" }
          : null;
  if (problem !== null) throwViolations([{ field: "url", rule: "WEBHOOK_URL_INVALID", ...problem }]);
  return url.toString();
}

/** Use cases on webhooks and deliveries. */
export class NotificationService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Registers a webhook for an organization (its org_admin) or the platform (platform_admin). */
  async createWebhook(actor: Actor, scope: NotificationScope, input: unknown, options: CreateOptions = {}): Promise<Created<NewWebhookView>> {
    this.authorize(actor, scope);
    const parsed = parseOrThrow(WebhookInput, input);
    const url = checkWebhookUrl(parsed.url);
    const now = this.deps.clock.now();
    return createOnce(this.deps, actorLabel(actor), `webhook.create:${scope ?? "platform"}`, parsed, options, async (tx) => {
      if (scope !== null) await this.lockOrganization(tx, scope);
      const [existing] = await tx
        .select({ n: count() })
        .from(webhookSubscriptions)
        .where(and(scopeIs(scope), isNull(webhookSubscriptions.deletedAt)));
      if ((existing?.n ?? 0) >= MAX_WEBHOOKS_PER_SCOPE) {
        throwViolations([{ field: "url", rule: "WEBHOOK_LIMIT_REACHED", message: `a scope holds at most ${MAX_WEBHOOKS_PER_SCOPE} webhooks`, messageKo: `한 범위에는 웹훅을 ${MAX_WEBHOOKS_PER_SCOPE}개까지만 등록할 수 있습니다` }]);
      }
      const secret = newWebhookSecret();
      const [row] = await tx
        .insert(webhookSubscriptions)
        .values({
          id: newId(now),
          organizationId: scope,
          url,
          name: parsed.name ?? null,
          eventTypes: [...new Set(parsed.eventTypes)],
          secret,
          createdBy: actorLabel(actor),
          createdAt: now,
        })
        .returning();
      await appendAudit(tx, this.deps.auditKey, {
        chain: scope ?? PLATFORM_CHAIN,
        actor: actorLabel(actor),
        action: "webhook.created",
        subjectType: "webhook",
        subjectId: row!.id,
        change: { organizationId: scope, url, eventTypes: row!.eventTypes },
        at: now,
      });
      return { ...webhookView(row!), secret };
    });
  }

  /** The scope's webhooks (deleted ones left out), in creation order. */
  async listWebhooks(actor: Actor, scope: NotificationScope, page: PageRequest): Promise<Page<WebhookView>> {
    this.authorize(actor, scope);
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const rows = await this.deps.store.db
      .select()
      .from(webhookSubscriptions)
      .where(and(scopeIs(scope), isNull(webhookSubscriptions.deletedAt), after === null ? undefined : gt(webhookSubscriptions.id, after)))
      .orderBy(asc(webhookSubscriptions.id))
      .limit(size + 1);
    return toPage(rows, size, webhookView);
  }

  /** Deletes a webhook; its deliveries still waiting turn dead ("webhook deleted"). */
  async deleteWebhook(actor: Actor, scope: NotificationScope, webhookId: string): Promise<void> {
    this.authorize(actor, scope);
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(webhookSubscriptions)
        .where(and(eq(webhookSubscriptions.id, webhookId), scopeIs(scope), isNull(webhookSubscriptions.deletedAt)))
        .for("update");
      if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "webhook not found", detailKo: "웹훅을 찾을 수 없습니다" });
      await tx.update(webhookSubscriptions).set({ deletedAt: now }).where(eq(webhookSubscriptions.id, webhookId));
      await tx
        .update(notificationDeliveries)
        .set({ state: "dead", lastError: "webhook deleted", claimToken: null })
        .where(and(eq(notificationDeliveries.webhookId, webhookId), eq(notificationDeliveries.state, "pending")));
      await appendAudit(tx, this.deps.auditKey, {
        chain: scope ?? PLATFORM_CHAIN,
        actor: actorLabel(actor),
        action: "webhook.deleted",
        subjectType: "webhook",
        subjectId: webhookId,
        change: { organizationId: scope },
        at: now,
      });
    });
  }

  /** The scope's deliveries, newest last, optionally of one state or one webhook. */
  async listDeliveries(actor: Actor, scope: NotificationScope, filter: unknown, page: PageRequest): Promise<Page<DeliveryView>> {
    this.authorize(actor, scope);
    const parsed = parseOrThrow(DeliveryFilter, filter, "query");
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const rows = await this.deps.store.db
      .select({ delivery: notificationDeliveries, eventType: notificationEvents.type })
      .from(notificationDeliveries)
      .innerJoin(notificationEvents, eq(notificationEvents.id, notificationDeliveries.eventId))
      .where(
        and(
          deliveryScopeIs(scope),
          parsed.state === undefined ? undefined : eq(notificationDeliveries.state, parsed.state),
          parsed.webhookId === undefined ? undefined : eq(notificationDeliveries.webhookId, parsed.webhookId),
          after === null ? undefined : gt(notificationDeliveries.id, after),
        ),
      )
      .orderBy(asc(notificationDeliveries.id))
      .limit(size + 1);
    return toPage(
      rows.map((r) => ({ ...r, id: r.delivery.id })),
      size,
      (r) => deliveryView(r.delivery, r.eventType),
    );
  }

  /**
   * Sends a delivery again from now on, with a fresh budget of attempts: a dead one after the
   * receiver is fixed, or a delivered one a receiver lost. The event id stays the same.
   */
  async redeliver(actor: Actor, scope: NotificationScope, deliveryId: string): Promise<DeliveryView> {
    this.authorize(actor, scope);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const [found] = await tx
        .select({ delivery: notificationDeliveries, eventType: notificationEvents.type, webhookDeletedAt: webhookSubscriptions.deletedAt })
        .from(notificationDeliveries)
        .innerJoin(notificationEvents, eq(notificationEvents.id, notificationDeliveries.eventId))
        .leftJoin(webhookSubscriptions, eq(webhookSubscriptions.id, notificationDeliveries.webhookId))
        .where(and(eq(notificationDeliveries.id, deliveryId), deliveryScopeIs(scope)))
        .for("update", { of: notificationDeliveries });
      if (found === undefined) throw new HighwayError("NOT_FOUND", { detail: "delivery not found", detailKo: "발송 기록을 찾을 수 없습니다" });
      if (found.webhookDeletedAt !== null) throw new HighwayError("NOT_FOUND", { detail: "the webhook of this delivery was deleted", detailKo: "이 발송 기록의 웹훅은 삭제되었습니다" });
      const [row] = await tx
        .update(notificationDeliveries)
        .set({ state: "pending", attempts: 0, nextAttemptAt: now, claimToken: null, deliveredAt: null })
        .where(eq(notificationDeliveries.id, deliveryId))
        .returning();
      await appendAudit(tx, this.deps.auditKey, {
        chain: scope ?? PLATFORM_CHAIN,
        actor: actorLabel(actor),
        action: "notification.redelivery_requested",
        subjectType: "notification_delivery",
        subjectId: deliveryId,
        change: { eventId: found.delivery.eventId, previousState: found.delivery.state },
        at: now,
      });
      return deliveryView(row!, found.eventType);
    });
  }

  /** Raises a `test.ping` event delivered to the scope's own webhooks only. */
  async ping(actor: Actor, scope: NotificationScope, input: unknown = {}, options: CreateOptions = {}): Promise<Created<PingView>> {
    this.authorize(actor, scope);
    const parsed = parseOrThrow(PingInput, input);
    const now = this.deps.clock.now();
    return createOnce(this.deps, actorLabel(actor), `webhook.ping:${scope ?? "platform"}`, parsed, options, async (tx) => {
      if (scope !== null) await this.lockOrganization(tx, scope);
      const eventId = await enqueueNotification(
        tx,
        { type: "test.ping", organizationId: scope, payload: { name: parsed.name ?? "ping" }, at: now },
        { onlyScope: scope },
      );
      const [n] = await tx.select({ n: count() }).from(notificationDeliveries).where(eq(notificationDeliveries.eventId, eventId));
      await appendAudit(tx, this.deps.auditKey, {
        chain: scope ?? PLATFORM_CHAIN,
        actor: actorLabel(actor),
        action: "notification.ping_sent",
        subjectType: "notification_event",
        subjectId: eventId,
        change: { organizationId: scope },
        at: now,
      });
      return { eventId, deliveries: n?.n ?? 0 };
    });
  }

  private authorize(actor: Actor, scope: NotificationScope): void {
    if (scope === null) requirePlatformRole(actor, "platform_admin");
    else requireOrganizationAdmin(actor, scope);
  }

  private async lockOrganization(tx: Db, id: string): Promise<void> {
    const [row] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id)).for("update");
    if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "organization not found", detailKo: "기관을 찾을 수 없습니다" });
  }
}

function scopeIs(scope: NotificationScope) {
  return scope === null ? isNull(webhookSubscriptions.organizationId) : eq(webhookSubscriptions.organizationId, scope);
}

function deliveryScopeIs(scope: NotificationScope) {
  return scope === null ? isNull(notificationDeliveries.organizationId) : eq(notificationDeliveries.organizationId, scope);
}

function deliveryView(row: typeof notificationDeliveries.$inferSelect, eventType: string): DeliveryView {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType,
    channel: row.channel as DeliveryView["channel"],
    webhookId: row.webhookId,
    personId: row.personId,
    state: row.state as DeliveryView["state"],
    attempts: row.attempts,
    lastError: row.lastError,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: row.state === "pending" ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

