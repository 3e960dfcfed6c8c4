/**
 * Input schemas for the allocation-change, decision and review-assignment routes. They only shape
 * the request; the rules live in allocation-change.ts, auto-decision.ts and review.ts.
 */
import { z } from "zod";
import { NonNegativeBigIntInput } from "../money.js";
import { AcceleratorClassInput } from "./program.js";
import { SeoulTimeInput } from "./round.js";
import { checkMessage } from "../zod-korean.js";

/** Move the end of an allocation later. */
export const ExtensionInput = z.strictObject({ endsAt: SeoulTimeInput, reason: z.string().trim().min(1).max(2_000) });
export type ExtensionInput = z.input<typeof ExtensionInput>;

/** Add hours (and optionally concurrency) to one or more classes. */
export const SupplementInput = z.strictObject({
  grants: z
    .array(
      z.strictObject({
        acceleratorClass: AcceleratorClassInput,
        acceleratorHours: NonNegativeBigIntInput.refine((h) => h > 0n, checkMessage("must be positive", "0보다 커야 합니다")),
        maxConcurrent: z.number().int().min(1).max(100_000).optional(),
      }),
    )
    .min(1)
    .max(10),
  reason: z.string().trim().min(1).max(2_000),
});
export type SupplementInput = z.input<typeof SupplementInput>;

/** Release a pending tranche; the service looks up the approved progress report. */
export const TrancheReleaseInput = z.strictObject({ trancheIndex: z.number().int().min(1).max(11), progressReportId: z.string().min(1).max(100).nullable().default(null) });
export type TrancheReleaseInput = z.input<typeof TrancheReleaseInput>;

/** End an allocation before its term. */
export const EarlyEndInput = z.strictObject({ reason: z.string().trim().min(1).max(2_000) });
export type EarlyEndInput = z.input<typeof EarlyEndInput>;

/** A manual decision on an application in review. */
export const DecisionInput = z.strictObject({
  outcome: z.enum(["accept", "reject", "request_revision"]),
  /** Shown to the applicant, in the language they chose. */
  publicNote: z.string().trim().max(10_000).default(""),
});
export type DecisionInput = z.input<typeof DecisionInput>;

/** Assign a reviewer to an application. */
export const ReviewAssignmentInput = z.strictObject({ reviewerId: z.string().min(1).max(100), dueAt: SeoulTimeInput.nullable().default(null) });
export type ReviewAssignmentInput = z.input<typeof ReviewAssignmentInput>;

/** A reviewer declares a conflict of interest, with an organization or an application. */
export const ConflictDeclarationInput = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("organization"), organizationId: z.string().min(1).max(100), note: z.string().trim().max(2_000).default("") }),
  z.strictObject({ kind: z.literal("application"), applicationId: z.string().min(1).max(100), note: z.string().trim().max(2_000).default("") }),
]);
export type ConflictDeclarationInput = z.input<typeof ConflictDeclarationInput>;

/** A progress report a project files before a tranche release; a program manager approves it. */
export const ProgressReportInput = z.strictObject({
  summary: z.string().trim().min(1).max(20_000),
  /** Free-form outcome figures, e.g. { "modelsTrained": 3, "defectRateReductionPct": 12.5 }. */
  metrics: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), z.union([z.number(), z.string().max(500)])).default({}),
  publications: z.array(z.strictObject({ title: z.string().trim().min(1).max(500), url: z.url().max(2_000).optional() })).max(100).default([]),
});
export type ProgressReportInput = z.input<typeof ProgressReportInput>;

/** A program manager's verdict on a progress report. */
export const ProgressReportReviewInput = z.strictObject({ status: z.enum(["approved", "rejected"]), note: z.string().trim().max(10_000).default("") });
export type ProgressReportReviewInput = z.input<typeof ProgressReportReviewInput>;
