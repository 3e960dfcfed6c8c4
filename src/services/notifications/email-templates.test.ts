import { describe, expect, it } from "vitest";
import { renderBilingualEmail, renderEmail } from "./email-templates.js";
import { NOTIFICATION_TYPES, type NotificationEnvelope, type NotificationType } from "./event-types.js";

function envelope(type: NotificationType, payload: NotificationEnvelope["payload"] = {}): NotificationEnvelope {
  return { id: "0193a3f0-0000-7000-8000-000000000001", type, organizationId: null, createdAt: "2026-11-29T01:00:00.000Z", payload };
}

describe("e-mail templates", () => {
  it("have a Korean and an English subject and text for every event type", () => {
    for (const type of NOTIFICATION_TYPES) {
      const ko = renderEmail(envelope(type), "ko");
      const en = renderEmail(envelope(type), "en");
      expect(ko.subject, type).toMatch(/^\[AI 고속도로\] /);
      expect(ko.subject + ko.text, type).toMatch(/[가-힣]/);
      expect(en.subject, type).toMatch(/^\[AI Highway\] /);
      expect(en.subject + en.text, type).not.toMatch(/[가-힣]/);
      expect(ko.text.length, type).toBeGreaterThan(10);
      expect(en.text.length, type).toBeGreaterThan(10);
    }
  });

  it("formats won with 억 and 만 in Korean and KRW in English, and times in Asia/Seoul", () => {
    const decision = envelope("decision.made", { applicationId: "a1", decision: "accepted", awardedWon: "3000000000000" });
    expect(renderEmail(decision, "ko").text).toContain("지원 금액: 3조 원");
    expect(renderEmail(decision, "ko").subject).toBe("[AI 고속도로] 심사 결과: 선정");
    expect(renderEmail(decision, "en").text).toContain("Award: KRW 3,000,000,000,000");
    const due = envelope("review.due", { applicationId: "a1", dueAt: "2026-12-05T09:00:00Z" });
    expect(renderEmail(due, "ko").text).toContain("마감: 2026-12-05 18:00 KST");
    expect(renderEmail(due, "en").text).toContain("Due: 2026-12-05 18:00 KST");
  });

  it("leaves out what the payload does not carry, or carries malformed", () => {
    const tranche = envelope("tranche.released", { allocationId: "x", amountWon: "12.5" });
    expect(renderEmail(tranche, "en").text).not.toContain("Amount");
    expect(renderEmail(envelope("review.assigned", { dueAt: "soon" }), "en").text).not.toContain("Due");
  });

  it("puts Korean first, then English, in one message", () => {
    const message = renderBilingualEmail(envelope("reclaim.warning", { allocationId: "x" }));
    expect(message.subject).toBe("[AI 고속도로] 미사용 자원 회수 예고 / Idle allocation: reclaim warning");
    expect(message.text.indexOf("배분 번호")).toBeLessThan(message.text.indexOf("Allocation:"));
  });
});
