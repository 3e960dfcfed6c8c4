/**
 * The outbox: `enqueueNotification` writes an event and its deliveries (one per matching webhook
 * and one per e-mail recipient) inside the caller's transaction, so an event exists exactly when
 * the business change that raised it commits. The dispatcher sends from these rows later.
 */
import { and, arrayContains, eq, isNull, or, sql } from "drizzle-orm";
import { parseOrThrow } from "../../domain/validation.js";
import { newId } from "../../store/ids.js";
import { notificationDeliveries, notificationEvents, webhookSubscriptions } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { NotificationEventInput, type NotificationType } from "./event-types.js";

/** Where an event goes: its organization's webhooks and the platform-wide ones, or only one scope's (a ping). */
export interface EnqueueOptions {
  /** Deliver only to webhooks of this scope (an organization id, or null for platform-wide). */
  readonly onlyScope?: string | null;
}

/**
 * Records an event and its pending deliveries in the caller's transaction; returns the event id.
 * Services call this next to their business change, e.g. on submitting an application.
 */
export async function enqueueNotification(tx: Db, event: NotificationEventInput, options: EnqueueOptions = {}): Promise<string> {
  const parsed = parseOrThrow(NotificationEventInput, event, "event");
  const at = parsed.at;
  const id = newId(at);
  const recipients = [...new Set(parsed.recipientPersonIds)];
  await tx.insert(notificationEvents).values({
    id,
    type: parsed.type,
    organizationId: parsed.organizationId,
    recipientPersonIds: recipients,
    payload: parsed.payload,
    createdAt: at,
  });
  const webhooks = await tx
    .select({ id: webhookSubscriptions.id, organizationId: webhookSubscriptions.organizationId })
    .from(webhookSubscriptions)
    .where(and(isNull(webhookSubscriptions.deletedAt), scopeCondition(parsed.organizationId, options), typeCondition(parsed.type)));
  const rows = [
    // A delivery belongs to the scope that owns its destination: the webhook's organization (null
    // for platform-wide ones); e-mail is the platform's own channel, so a tenant never lists who
    // else (a reviewer, say) was mailed about its events.
    ...webhooks.map((w) => ({ channel: "webhook", organizationId: w.organizationId, webhookId: w.id, personId: null })),
    ...recipients.map((personId) => ({ channel: "email", organizationId: null, webhookId: null, personId })),
  ];
  if (rows.length > 0) {
    await tx.insert(notificationDeliveries).values(
      rows.map((r) => ({
        id: newId(at),
        eventId: id,
        ...r,
        state: "pending",
        attempts: 0,
        nextAttemptAt: at,
        createdAt: at,
      })),
    );
  }
  return id;
}

function scopeCondition(organizationId: string | null, options: EnqueueOptions) {
  if (options.onlyScope !== undefined) {
    return options.onlyScope === null ? isNull(webhookSubscriptions.organizationId) : eq(webhookSubscriptions.organizationId, options.onlyScope);
  }
  return organizationId === null
    ? isNull(webhookSubscriptions.organizationId)
    : or(isNull(webhookSubscriptions.organizationId), eq(webhookSubscriptions.organizationId, organizationId));
}

/** Webhooks that chose types get only those; a test ping reaches every webhook of its scope. */
function typeCondition(type: NotificationType) {
  if (type === "test.ping") return undefined;
  return or(sql`cardinality(${webhookSubscriptions.eventTypes}) = 0`, arrayContains(webhookSubscriptions.eventTypes, [type]));
}
