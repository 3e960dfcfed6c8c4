/**
 * Routes for notifications: webhooks, their deliveries, redelivery and a test ping, once under an
 * organization (its org_admin) and once for the platform-wide scope (platform_admin).
 */
import { z } from "zod";
import { DeliveryFilter, PingInput, WebhookInput, type NotificationScope } from "../../services/notifications/notification-service.js";
import { NOTIFICATION_TYPES } from "../../services/notifications/event-types.js";
import { route, type RouteSpec } from "../route.js";
import { Id, Instant, PageQuery, pageOf } from "../schemas.js";

export const WebhookView = z.object({
  id: Id,
  organizationId: Id.nullable(),
  url: z.string(),
  name: z.string().nullable(),
  eventTypes: z.array(z.enum(NOTIFICATION_TYPES)),
  createdAt: Instant,
});

export const NewWebhookView = WebhookView.extend({
  secret: z.string().describe("The HMAC-SHA256 signing secret; shown only in this response."),
});

export const DeliveryView = z.object({
  id: Id,
  eventId: Id,
  eventType: z.enum(NOTIFICATION_TYPES),
  channel: z.enum(["webhook", "email"]),
  webhookId: Id.nullable(),
  personId: Id.nullable(),
  state: z.enum(["pending", "delivered", "dead"]),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  lastAttemptAt: Instant.nullable(),
  nextAttemptAt: Instant.nullable(),
  deliveredAt: Instant.nullable(),
  createdAt: Instant,
});

export const PingView = z.object({ eventId: Id, deliveries: z.number().int() });

const DeliveryQuery = PageQuery.extend(DeliveryFilter.shape);


const WEBHOOK_EXAMPLE: z.infer<typeof WebhookInput> = { url: "https://hooks.example.kr/highway", name: "심사 알림 / review notices", eventTypes: ["review.assigned", "decision.made"] };

/** The five routes of one scope: under an organization, or the platform's. */
function scopeRoutes(kind: "organization" | "platform"): RouteSpec[] {
  const org = kind === "organization";
  const base = org ? "/api/v1/organizations/:organizationId" : "/api/v1/platform";
  const suffix = org ? "" : "Platform";
  const who = org ? "the organization's" : "platform-wide";
  const ScopeParams = org ? z.strictObject({ organizationId: Id }) : z.strictObject({});
  const scopeOf = (params: unknown): NotificationScope => (org ? (params as { organizationId: string }).organizationId : null);
  return [
    route({
      method: "POST",
      url: `${base}/webhooks`,
      operationId: `create${suffix}Webhook`,
      summary: `Register a ${who} webhook; the signing secret is shown once`,
      tag: "notifications",
      auth: "person",
      creates: true,
      params: ScopeParams,
      body: WebhookInput,
      example: WEBHOOK_EXAMPLE,
      response: NewWebhookView,
      handler: ({ services, actor, params, body, idempotencyKey }) => services.notifications.createWebhook(actor, scopeOf(params), body, { idempotencyKey }),
    }),
    route({
      method: "GET",
      url: `${base}/webhooks`,
      operationId: `list${suffix}Webhooks`,
      summary: `List ${who} webhooks`,
      tag: "notifications",
      auth: "person",
      params: ScopeParams,
      query: PageQuery,
      response: pageOf(WebhookView),
      handler: ({ services, actor, params, query }) => services.notifications.listWebhooks(actor, scopeOf(params), query),
    }),
    route({
      method: "DELETE",
      url: `${base}/webhooks/:webhookId`,
      operationId: `delete${suffix}Webhook`,
      summary: `Delete a ${who} webhook; its deliveries still waiting turn dead`,
      tag: "notifications",
      auth: "person",
      params: ScopeParams.extend({ webhookId: Id }),
      response: null,
      handler: ({ services, actor, params }) => services.notifications.deleteWebhook(actor, scopeOf(params), (params as { webhookId: string }).webhookId),
    }),
    route({
      method: "POST",
      url: `${base}/webhooks/ping`,
      operationId: `ping${suffix}Webhooks`,
      summary: `Send a test.ping event to ${who} webhooks`,
      tag: "notifications",
      auth: "person",
      creates: true,
      params: ScopeParams,
      body: PingInput,
      example: { name: "연결 확인 / connectivity check" },
      response: PingView,
      handler: ({ services, actor, params, body, idempotencyKey }) => services.notifications.ping(actor, scopeOf(params), body, { idempotencyKey }),
    }),
    route({
      method: "GET",
      url: `${base}/notification-deliveries`,
      operationId: `list${suffix}NotificationDeliveries`,
      summary: `Deliveries to ${who} webhooks${org ? "" : " and all e-mail"}, with state, attempts and last error`,
      tag: "notifications",
      auth: "person",
      params: ScopeParams,
      query: DeliveryQuery,
      response: pageOf(DeliveryView),
      handler: ({ services, actor, params, query }) => {
        const { cursor, limit, ...filter } = query as z.infer<typeof DeliveryQuery>;
        return services.notifications.listDeliveries(actor, scopeOf(params), filter, { cursor, limit });
      },
    }),
    route({
      method: "POST",
      url: `${base}/notification-deliveries/:deliveryId/redeliver`,
      operationId: `redeliver${suffix}Notification`,
      summary: "Send a delivery again from now on, with a fresh budget of attempts (same event id)",
      tag: "notifications",
      auth: "person",
      params: ScopeParams.extend({ deliveryId: Id }),
      response: DeliveryView,
      handler: ({ services, actor, params }) => services.notifications.redeliver(actor, scopeOf(params), (params as { deliveryId: string }).deliveryId),
    }),
  ];
}

export const webhookRoutes: RouteSpec[] = [...scopeRoutes("organization"), ...scopeRoutes("platform")];
