/**
 * Sends one event to one webhook: a JSON POST of the envelope, signed, with the stable event id in
 * the body and in `X-Highway-Event-Id` so receivers can drop repeats. Any 2xx answer is success;
 * everything else (other statuses, network errors, a timeout) is a failure to retry.
 */
import type { NotificationEnvelope } from "./event-types.js";
import { SIGNATURE_HEADER, signatureHeader } from "./webhook-signature.js";

/** The outcome of one attempt; `error` is a short reason kept as the delivery's last error. */
export type SendResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** The raw body sent for an event: the same bytes on every attempt. */
export function webhookBody(envelope: NotificationEnvelope): string {
  return JSON.stringify(envelope);
}

/** POSTs the envelope to `url`, signed with `secret` at `at`, giving up after `timeoutMs`. */
export async function sendWebhook(options: {
  readonly url: string;
  readonly secret: string;
  readonly envelope: NotificationEnvelope;
  readonly deliveryId: string;
  readonly attempt: number;
  readonly at: Date;
  readonly timeoutMs: number;
}): Promise<SendResult> {
  const body = webhookBody(options.envelope);
  try {
    const response = await fetch(options.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "AI-Highway-Webhooks/1",
        "x-highway-event-id": options.envelope.id,
        "x-highway-event-type": options.envelope.type,
        "x-highway-delivery-id": options.deliveryId,
        "x-highway-attempt": String(options.attempt),
        [SIGNATURE_HEADER]: signatureHeader(options.secret, options.at, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, error: `timeout after ${options.timeoutMs} ms` };
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : String(error);
    return { ok: false, error: `network error: ${detail}`.slice(0, 300) };
  }
}
