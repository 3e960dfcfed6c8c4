import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { computeSignature, newWebhookSecret, signatureHeader, verifyWebhookSignature } from "./webhook-signature.js";

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const at = new Date("2026-11-29T01:00:00Z");
  const body = '{"id":"e1","type":"test.ping"}';
  const header = signatureHeader(secret, at, body);

  it("signs timestamp and body with HMAC-SHA256, as a receiver can recompute by hand", () => {
    const t = at.getTime() / 1000;
    expect(header).toBe(`t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`);
    expect(computeSignature(secret, t, body)).toHaveLength(64);
  });

  it("accepts within the replay window and refuses outside it, on either side", () => {
    expect(verifyWebhookSignature({ secret, header, body, now: new Date(at.getTime() + 300_000) })).toEqual({ ok: true, timestamp: at.getTime() / 1000 });
    expect(verifyWebhookSignature({ secret, header, body, now: new Date(at.getTime() + 301_000) })).toEqual({ ok: false, reason: "outside_window" });
    expect(verifyWebhookSignature({ secret, header, body, now: new Date(at.getTime() - 301_000) })).toEqual({ ok: false, reason: "outside_window" });
    expect(verifyWebhookSignature({ secret, header, body, now: new Date(at.getTime() + 3_600_000), toleranceSeconds: 3_600 }).ok).toBe(true);
  });

  it("refuses another body, another secret, a forged timestamp and malformed headers", () => {
    expect(verifyWebhookSignature({ secret, header, body: body.replace("ping", "pong"), now: at })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature({ secret: "whsec_other", header, body, now: at })).toEqual({ ok: false, reason: "mismatch" });
    const forged = header.replace(/^t=\d+/, `t=${at.getTime() / 1000 + 60}`);
    expect(verifyWebhookSignature({ secret, header: forged, body, now: at })).toEqual({ ok: false, reason: "mismatch" });
    for (const bad of [undefined, "", "t=1", "v1=00", `t=abc,v1=${"0".repeat(64)}`]) {
      expect(verifyWebhookSignature({ secret, header: bad, body, now: at })).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("accepts any matching v1 among several (secret rotation on the receiver's side)", () => {
    const t = at.getTime() / 1000;
    const both = `t=${t},v1=${computeSignature("whsec_old", t, body)},v1=${computeSignature(secret, t, body)}`;
    expect(verifyWebhookSignature({ secret, header: both, body, now: at }).ok).toBe(true);
  });

  it("makes distinct secrets", () => {
    expect(newWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(newWebhookSecret());
  });
});
