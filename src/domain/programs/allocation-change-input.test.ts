import { describe, expect, it } from "vitest";
import { ConflictDeclarationInput, ExtensionInput, SupplementInput, TrancheReleaseInput } from "./allocation-change-input.js";
import { isReviewOverdue } from "./review.js";

describe("allocation change inputs", () => {
  it("read Seoul times and big hour counts, and refuse unknown fields", () => {
    expect(ExtensionInput.parse({ endsAt: "2026-12-31T23:59", reason: "model retraining" }).endsAt).toBe("2026-12-31T14:59:00.000Z");
    expect(SupplementInput.parse({ grants: [{ acceleratorClass: "hopper", acceleratorHours: "90000000000" }], reason: "scale-up" }).grants[0]!.acceleratorHours).toBe(90_000_000_000n);
    expect(SupplementInput.safeParse({ grants: [{ acceleratorClass: "hopper", acceleratorHours: 0 }], reason: "x" }).success).toBe(false);
    expect(TrancheReleaseInput.safeParse({ trancheIndex: 0 }).success).toBe(false);
    expect(ExtensionInput.safeParse({ endsAt: "2026-12-31T23:59", reason: "x", force: true }).success).toBe(false);
  });
  it("tell conflicts with organizations from conflicts with applications", () => {
    expect(ConflictDeclarationInput.parse({ kind: "organization", organizationId: "org-1" })).toEqual({ kind: "organization", organizationId: "org-1", note: "" });
    expect(ConflictDeclarationInput.safeParse({ kind: "organization", applicationId: "app-1" }).success).toBe(false);
  });
});

describe("isReviewOverdue", () => {
  it("is overdue only while assigned and after the due time", () => {
    expect(isReviewOverdue("assigned", "2026-04-10T09:00:00Z", "2026-04-10T09:00:01Z")).toBe(true);
    expect(isReviewOverdue("assigned", "2026-04-10T09:00:00Z", "2026-04-10T09:00:00Z")).toBe(false);
    expect(isReviewOverdue("submitted", "2026-04-10T09:00:00Z", "2026-05-01T00:00:00Z")).toBe(false);
    expect(isReviewOverdue("assigned", null, "2030-01-01T00:00:00Z")).toBe(false);
  });
});
