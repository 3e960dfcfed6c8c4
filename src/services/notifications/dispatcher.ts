/**
 * The dispatcher sends pending deliveries. One pass (`runOnce`):
 *
 * 1. claim: in a short transaction, select due pending rows `FOR UPDATE SKIP LOCKED` (so replicas
 *    never claim the same row), count the attempt, stamp a claim token and push `next_attempt_at`
 *    one lease ahead; commit.
 * 2. send each claimed delivery outside any transaction (webhook POST or SMTP).
 * 3. record the outcome under the claim token: delivered; or pending again after an exponential
 *    backoff; or dead once the attempts are spent.
 *
 * A dispatcher that dies between 2 and 3 leaves the row pending with its lease as the next attempt
 * time: another pass sends it again once the lease runs out (at-least-once; never lost). Receivers
 * drop repeats by the event id. Time comes from the injected clock, so tests advance it.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Clock } from "../../domain/clock.js";
import { notificationDeliveries, notificationEvents, people, webhookSubscriptions } from "../../store/schema/index.js";
import type { Store } from "../../store/store.js";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./backoff.js";
import { renderBilingualEmail } from "./email-templates.js";
import type { NotificationEnvelope, NotificationType } from "./event-types.js";
import type { Mailer } from "./mailer.js";
import { sendWebhook, type SendResult } from "./webhook-sender.js";

/** How a dispatcher runs. Every field has a default. */
export interface DispatcherOptions {
  /** Sends e-mail deliveries; without one they wait, pending, until a dispatcher with a mailer runs. */
  readonly mailer?: Mailer | undefined;
  readonly retry?: Partial<RetryPolicy>;
  /** Jitter source in [0, 1); defaults to Math.random. */
  readonly random?: () => number;
  /** Deliveries claimed per pass (default 50). */
  readonly batchSize?: number;
  /** How long a claim holds before the row is due again (default 5 minutes; keep it above the timeouts). */
  readonly leaseMs?: number;
  /** Webhook request timeout (default 10 s). */
  readonly webhookTimeoutMs?: number;
  /** Pause between passes of the background loop (default 2 s); null runs no loop (call runOnce). */
  readonly pollIntervalMs?: number | null;
  /** Told about failures of a pass itself (not of a delivery, which the row records). */
  readonly onError?: (error: unknown) => void;
}

/** What one pass did. `unrecorded` counts sends whose outcome could not be written (they will be re-sent). */
export interface DispatchSummary {
  readonly claimed: number;
  readonly delivered: number;
  readonly retrying: number;
  readonly dead: number;
  readonly unrecorded: number;
}

/** A running dispatcher. */
export interface NotificationDispatcher {
  /** One claim-send-record pass over the deliveries due now. */
  runOnce(): Promise<DispatchSummary>;
  /** Stops the loop and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** The adapters a dispatcher needs (a subset of ServiceDeps). */
export interface DispatcherDeps {
  readonly store: Store;
  readonly clock: Clock;
}

interface Claimed {
  readonly id: string;
  readonly channel: string;
  readonly attempts: number;
  readonly event: typeof notificationEvents.$inferSelect;
  readonly webhook: typeof webhookSubscriptions.$inferSelect | null;
  readonly email: string | null;
}

/** Starts a dispatcher (a background loop unless `pollIntervalMs` is null). */
export function startNotificationDispatcher(deps: DispatcherDeps, options: DispatcherOptions = {}): NotificationDispatcher {
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 10_000;
  const mailer = options.mailer;
  const { store, clock } = deps;

  async function claim(): Promise<{ token: string; rows: Claimed[] }> {
    const token = randomUUID();
    const now = clock.now();
    const channels = mailer === undefined ? ["webhook"] : ["webhook", "email"];
    const rows = await store.transaction(async (tx) => {
      const due = await tx
        .select({ id: notificationDeliveries.id, attempts: notificationDeliveries.attempts })
        .from(notificationDeliveries)
        .where(
          and(
            eq(notificationDeliveries.state, "pending"),
            lte(notificationDeliveries.nextAttemptAt, now),
            inArray(notificationDeliveries.channel, channels),
          ),
        )
        .orderBy(asc(notificationDeliveries.nextAttemptAt), asc(notificationDeliveries.id))
        .limit(batchSize)
        .for("update", { skipLocked: true });
      // A row due again with its attempts spent lost its last outcome in a crash: it is dead, not
      // retried forever (a delivery that kills the sender would otherwise loop once per lease).
      const spent = due.filter((d) => d.attempts >= retry.maxAttempts).map((d) => d.id);
      if (spent.length > 0) {
        await tx
          .update(notificationDeliveries)
          .set({ state: "dead", claimToken: null, lastError: "no outcome recorded for the last attempt" })
          .where(inArray(notificationDeliveries.id, spent));
      }
      const ids = due.filter((d) => d.attempts < retry.maxAttempts).map((d) => d.id);
      if (ids.length === 0) return [];
      await tx
        .update(notificationDeliveries)
        .set({ claimToken: token, attempts: sql`${notificationDeliveries.attempts} + 1`, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + leaseMs) })
        .where(inArray(notificationDeliveries.id, ids));
      return tx
        .select({
          id: notificationDeliveries.id,
          channel: notificationDeliveries.channel,
          attempts: notificationDeliveries.attempts,
          event: notificationEvents,
          webhook: webhookSubscriptions,
          email: people.email,
        })
        .from(notificationDeliveries)
        .innerJoin(notificationEvents, eq(notificationEvents.id, notificationDeliveries.eventId))
        .leftJoin(webhookSubscriptions, eq(webhookSubscriptions.id, notificationDeliveries.webhookId))
        .leftJoin(people, eq(people.id, notificationDeliveries.personId))
        .where(inArray(notificationDeliveries.id, ids))
        .orderBy(asc(notificationDeliveries.id));
    });
    return { token, rows };
  }

  async function send(row: Claimed): Promise<SendResult> {
    const envelope = envelopeOf(row.event);
    if (row.channel === "webhook") {
      if (row.webhook === null || row.webhook.deletedAt !== null) return { ok: false, error: "webhook deleted" };
      return sendWebhook({
        url: row.webhook.url,
        secret: row.webhook.secret,
        envelope,
        deliveryId: row.id,
        attempt: row.attempts,
        at: clock.now(),
        timeoutMs: webhookTimeoutMs,
      });
    }
    if (mailer === undefined || row.email === null) return { ok: false, error: "no mailer or no address" };
    const message = renderBilingualEmail(envelope);
    try {
      await mailer.send({
        to: row.email,
        subject: message.subject,
        text: message.text,
        messageId: `<${envelope.id}.${row.id}@notifications.highway>`,
        headers: { "X-Highway-Event-Id": envelope.id, "X-Highway-Event-Type": envelope.type },
      });
      return { ok: true };
    } catch (error) {
      // The SMTP reply code and text, never the recipient's address.
      const e = error as { responseCode?: unknown; code?: unknown; message?: unknown };
      const reason = typeof e.responseCode === "number" ? `SMTP ${e.responseCode}` : typeof e.code === "string" ? e.code : "send failed";
      return { ok: false, error: `smtp error: ${reason}` };
    }
  }

  async function record(row: Claimed, token: string, result: SendResult): Promise<"delivered" | "retrying" | "dead" | "stale"> {
    const now = clock.now();
    const permanent = !result.ok && result.error === "webhook deleted";
    const outcome = result.ok ? "delivered" : permanent || row.attempts >= retry.maxAttempts ? "dead" : "retrying";
    const set =
      outcome === "delivered"
        ? { state: "delivered", deliveredAt: now, lastError: null, claimToken: null }
        : outcome === "dead"
          ? { state: "dead", lastError: result.ok ? null : result.error, claimToken: null }
          : {
              state: "pending",
              lastError: result.ok ? null : result.error,
              claimToken: null,
              nextAttemptAt: new Date(now.getTime() + backoffDelayMs(retry, row.attempts, random)),
            };
    const updated = await store.transaction((tx) =>
      tx
        .update(notificationDeliveries)
        .set(set)
        .where(and(eq(notificationDeliveries.id, row.id), eq(notificationDeliveries.claimToken, token)))
        .returning({ id: notificationDeliveries.id }),
    );
    // A stale claim (its lease ran out and another pass took the row over) leaves the row to that pass.
    return updated.length === 0 ? "stale" : outcome;
  }

  async function runOnce(): Promise<DispatchSummary> {
    const { token, rows } = await claim();
    const counts = { claimed: rows.length, delivered: 0, retrying: 0, dead: 0, unrecorded: 0 };
    await Promise.all(
      rows.map(async (row) => {
        const result = await send(row);
        try {
          const outcome = await record(row, token, result);
          if (outcome === "stale") counts.unrecorded++;
          else counts[outcome]++;
        } catch (error) {
          counts.unrecorded++;
          options.onError?.(error);
        }
      }),
    );
    return counts;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const interval = options.pollIntervalMs === undefined ? 2_000 : options.pollIntervalMs;
  const loop = () => {
    if (stopped || interval === null) return;
    current = runOnce()
      .then((summary) => summary.claimed >= batchSize)
      .catch((error: unknown) => {
        options.onError?.(error);
        return false;
      })
      .then((more) => {
        if (!stopped) timer = setTimeout(loop, more ? 0 : interval);
      });
  };
  if (interval !== null) timer = setTimeout(loop, 0);

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await current;
    },
  };
}

/** The envelope of a stored event: the same bytes on every attempt. */
export function envelopeOf(event: typeof notificationEvents.$inferSelect): NotificationEnvelope {
  return {
    id: event.id,
    type: event.type as NotificationType,
    organizationId: event.organizationId,
    createdAt: event.createdAt.toISOString(),
    payload: event.payload as NotificationEnvelope["payload"],
  };
}
