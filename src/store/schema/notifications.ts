/**
 * Notification tables: the outbox of events (written in the same transaction as the business
 * change that raised them), webhook subscriptions, and one delivery row per (event, destination)
 * that the dispatcher claims, attempts, retries with backoff and finally marks delivered or dead.
 */
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, people } from "./identity.js";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The outbox: one row per event; immutable once written. */
export const notificationEvents = pgTable(
  "notification_events",
  {
    id: uuid("id").primaryKey(),
    type: text("type").notNull(),
    /** The organization the event concerns; null for platform events. */
    organizationId: uuid("organization_id").references(() => organizations.id),
    /** People who receive it by e-mail. */
    recipientPersonIds: uuid("recipient_person_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Ids and figures the recipients may see; never personal data. */
    payload: jsonb("payload").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [index("notification_events_org_idx").on(t.organizationId)],
);

/**
 * A webhook subscription of an organization (organization_id set) or of the platform (null). The
 * HMAC secret must be kept in clear to sign with; it is shown to the registrant once.
 */
export const webhookSubscriptions = pgTable(
  "webhook_subscriptions",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id").references(() => organizations.id),
    url: text("url").notNull(),
    name: text("name"),
    /** Event types delivered; empty means every type. */
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    secret: text("secret").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull(),
    deletedAt: instant("deleted_at"),
  },
  (t) => [index("webhook_subscriptions_org_idx").on(t.organizationId)],
);

/**
 * One destination of one event: a webhook or a person's mailbox. `state` is pending, delivered or
 * dead. A claim sets `claim_token` and pushes `next_attempt_at` past the lease, so a dispatcher that
 * dies mid-send leaves the row due again once the lease runs out (at-least-once, never lost).
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: uuid("id").primaryKey(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => notificationEvents.id),
    /** The scope owning the destination: the webhook's organization; null for platform webhooks and e-mail. */
    organizationId: uuid("organization_id").references(() => organizations.id),
    channel: text("channel").notNull(),
    webhookId: uuid("webhook_id").references(() => webhookSubscriptions.id),
    personId: uuid("person_id").references(() => people.id),
    state: text("state").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull(),
    claimToken: uuid("claim_token"),
    lastAttemptAt: instant("last_attempt_at"),
    lastError: text("last_error"),
    deliveredAt: instant("delivered_at"),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("notification_deliveries_webhook_key").on(t.eventId, t.webhookId),
    uniqueIndex("notification_deliveries_person_key").on(t.eventId, t.personId),
    index("notification_deliveries_due_idx").on(t.state, t.nextAttemptAt),
    index("notification_deliveries_org_idx").on(t.organizationId),
  ],
);
