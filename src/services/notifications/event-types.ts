/**
 * The fixed list of notification event types and the shape of an event as it travels: the webhook
 * body and the input of the e-mail templates. Payloads hold ids and figures, never personal data.
 */
import { z } from "zod";

/** Every event type the platform raises; `test.ping` is sent on request to check a webhook. */
export const NOTIFICATION_TYPES = [
  "application.submitted",
  "review.assigned",
  "review.due",
  "decision.made",
  "tranche.released",
  "reclaim.warning",
  "test.ping",
] as const;

/** One of the event types. */
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** A JSON value as payloads carry it (amounts in won as decimal strings, since JSON has no bigint). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);

/** What another service hands to `enqueueNotification` inside its transaction. */
export const NotificationEventInput = z.strictObject({
  type: z.enum(NOTIFICATION_TYPES),
  organizationId: z.uuid().nullable(),
  recipientPersonIds: z.array(z.uuid()).max(500).default([]),
  payload: z.record(z.string(), JsonValueSchema).default({}),
  at: z.date(),
});
export type NotificationEventInput = z.input<typeof NotificationEventInput>;

/** The event as a webhook receives it (the body) and a template renders it. `id` is stable across retries. */
export interface NotificationEnvelope {
  readonly id: string;
  readonly type: NotificationType;
  readonly organizationId: string | null;
  readonly createdAt: string;
  readonly payload: { readonly [key: string]: JsonValue };
}
