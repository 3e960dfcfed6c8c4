/**
 * Webhook signatures, in the style receivers know from Stripe: the header
 * `X-Highway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The
 * timestamp is signed with the body, so a receiver that checks it against a replay window refuses an
 * old request replayed verbatim.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The header that carries the signature. */
export const SIGNATURE_HEADER = "x-highway-signature";

/** Default replay window a receiver accepts, in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new webhook secret, shown once to whoever registers the webhook. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** The hex HMAC over `<timestamp>.<body>`. */
export function computeSignature(secret: string, timestampSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
}

/** The header value for a body sent at `at`. */
export function signatureHeader(secret: string, at: Date, body: string): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${computeSignature(secret, t, body)}`;
}

/** Why a signature was refused, or ok. */
export type SignatureCheck =
  | { readonly ok: true; readonly timestamp: number }
  | { readonly ok: false; readonly reason: "malformed" | "mismatch" | "outside_window" };

/**
 * Verifies a received header against the raw body: some `v1` must match (constant-time) and the
 * timestamp must lie within `toleranceSeconds` of `now`. Receivers use this helper as it is.
 */
export function verifyWebhookSignature(options: {
  readonly secret: string;
  readonly header: string | undefined;
  readonly body: string;
  readonly now: Date;
  readonly toleranceSeconds?: number;
}): SignatureCheck {
  if (options.header === undefined) return { ok: false, reason: "malformed" };
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of options.header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value !== undefined && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestamp === undefined || candidates.length === 0) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(computeSignature(options.secret, timestamp, options.body), "hex");
  const matches = candidates.some((c) => timingSafeEqual(Buffer.from(c, "hex"), expected));
  if (!matches) return { ok: false, reason: "mismatch" };
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(options.now.getTime() / 1000 - timestamp) > tolerance) return { ok: false, reason: "outside_window" };
  return { ok: true, timestamp };
}
