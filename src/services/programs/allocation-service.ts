/**
 * Allocation changes after the award: extension, supplement, early end, tranche release after an
 * approved progress report, and reclaim of idle allocations. Each change locks the program, then
 * the allocation, and writes the new allocation, its queue and the program's commitment together.
 */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import {
  applyAllocationChange,
  assessIdleAllocation,
  ExtensionInput,
  EarlyEndInput,
  meterUsage,
  ProgressReportInput,
  ProgressReportReviewInput,
  reclaimAllocation,
  SupplementInput,
  TrancheReleaseInput,
  type Allocation,
  type AllocationChange,
  type AllocationUsage,
  type IdleAssessment,
  type QueueParameters,
} from "../../domain/programs/index.js";
import { parseOrThrow } from "../../domain/validation.js";
import { newId } from "../../store/ids.js";
import { fromStored, toStored } from "../../store/json-codec.js";
import { allocations, progressReports, projectMembers, queues, usageLedger } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit } from "../audit/audit-log.js";
import { enqueueNotification } from "../notifications/outbox.js";
import { requireOrganizationReaderOrOverseer, requirePerson, requirePlatformRole } from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { forgetCached } from "../recent-cache.js";
import { allocationContext, allocationUsage, loadAllocation, loadProgram, referencePrices, writeOutcome } from "./program-records.js";
import { orThrow } from "./program-service.js";

/** An allocation with the queue it implies. */
export interface AllocationView {
  readonly id: string;
  readonly projectId: string;
  readonly organizationId: string;
  readonly allocation: Allocation;
  readonly queue: QueueParameters | null;
  readonly idleSince: string | null;
}

export function allocationView(row: typeof allocations.$inferSelect, queue: QueueParameters | null): AllocationView {
  return {
    id: row.id,
    projectId: row.projectId,
    organizationId: row.organizationId,
    allocation: fromStored<Allocation>(row.data),
    queue,
    idleSince: row.idleSince?.toISOString() ?? null,
  };
}

/** One allocation change as the API takes it. */
export const AllocationChangeInput = z.discriminatedUnion("kind", [
  ExtensionInput.extend({ kind: z.literal("extension") }),
  SupplementInput.extend({ kind: z.literal("supplement") }),
  TrancheReleaseInput.extend({ kind: z.literal("tranche_release") }),
  EarlyEndInput.extend({ kind: z.literal("end") }),
]);

/** Recording metered use (the execution work does this; tests and imports too). */
export const UsageInput = z.strictObject({
  workloadId: z.string().min(1).max(100),
  acceleratorClass: z.string().min(1).max(32),
  model: z.string().min(1).max(64),
  pricePerHourKrw: z.number().int().min(0),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }),
  acceleratorSeconds: z.number().int().min(0),
});

/** Use cases on allocations after the award. */
export class AllocationService {
  constructor(private readonly deps: ServiceDeps) {}

  /** One allocation with its queue and its metered use so far, per class. */
  async get(actor: Actor, id: string): Promise<AllocationView & { usage: AllocationUsage }> {
    const { row } = await loadAllocation(this.deps.store.db, id, false);
    requireOrganizationReaderOrOverseer(actor, row.organizationId);
    return { ...allocationView(row, await this.queueOf(this.deps.store.db, row.projectId)), usage: await allocationUsage(this.deps.store.db, id) };
  }

  /** Applies an extension, supplement, tranche release or early end. */
  async change(actor: Actor, id: string, input: unknown): Promise<AllocationView> {
    requirePlatformRole(actor, "program_manager", "platform_admin");
    const parsed = parseOrThrow(AllocationChangeInput, input);
    const now = this.deps.clock.now();
    const result = await this.deps.store.transaction(async (tx) => {
      const { row: peek } = await loadAllocation(tx, id, false);
      const program = await loadProgram(tx, peek.programId, true);
      const { row, allocation } = await loadAllocation(tx, id, true);
      let change: AllocationChange;
      switch (parsed.kind) {
        case "extension":
          change = { kind: "extension", endsAt: parsed.endsAt };
          break;
        case "supplement":
          change = { kind: "supplement", grants: parsed.grants, referencePrices: await referencePrices(tx) };
          break;
        case "tranche_release": {
          const report = parsed.progressReportId === null ? null : await this.report(tx, id, parsed.progressReportId);
          if (report !== null && report.trancheIndex !== parsed.trancheIndex) {
            throw new HighwayError("TRANCHE_NOT_RELEASABLE", {
              field: "body.progressReportId",
              rule: "TRANCHE_NOT_RELEASABLE",
              detail: "the progress report is for another tranche",
              detailKo: "이 진행 보고서는 다른 트랜치의 보고서입니다",
            });
          }
          change = { kind: "tranche_release", trancheIndex: parsed.trancheIndex, progressReport: (report?.status ?? null) as "submitted" | "approved" | "rejected" | null };
          break;
        }
        case "end":
          change = { kind: "end", usage: await allocationUsage(tx, id) };
          break;
      }
      const outcome = orThrow(applyAllocationChange(allocationContext(program), allocation, change, now.toISOString()));
      await writeOutcome(tx, id, row.projectId, outcome, now);
      await appendAudit(tx, this.deps.auditKey, {
        chain: row.organizationId,
        actor: actorLabel(actor),
        action: `allocation.${parsed.kind}`,
        subjectType: "allocation",
        subjectId: id,
        change: toStored({ input: parsed, delta: outcome.budgetDelta, allocation: outcome.allocation }),
        at: now,
      });
      if (parsed.kind === "tranche_release") {
        const tranche = outcome.allocation.tranches.find((t) => t.index === parsed.trancheIndex);
        const hours = Object.fromEntries(Object.entries(tranche?.acceleratorHours ?? {}).map(([cls, h]) => [cls, h.toString()]));
        const amount = outcome.allocation.grants.reduce((sum, g) => sum + (tranche?.acceleratorHours[g.acceleratorClass] ?? 0n) * g.referencePriceKrw, 0n);
        await enqueueNotification(tx, {
          type: "tranche.released",
          organizationId: row.organizationId,
          recipientPersonIds: await this.memberIds(tx, row.projectId),
          payload: { allocationId: id, projectId: row.projectId, acceleratorHours: hours, amountWon: amount.toString() },
          at: now,
        });
      }
      const { row: updated } = await loadAllocation(tx, id, false);
      return allocationView(updated, outcome.queue);
    });
    // Submissions remember their allocation for a few seconds (recent-cache.ts): the change counts from now on.
    forgetCached(this.deps.store);
    return result;
  }

  /** A project member files a progress report for a pending tranche. */
  async submitProgressReport(actor: Actor, allocationId: string, input: unknown): Promise<{ id: string; trancheIndex: number; status: string }> {
    const person = requirePerson(actor);
    const parsed = parseOrThrow(ProgressReportInput.extend({ trancheIndex: z.number().int().min(1).max(11) }), input);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const { row } = await loadAllocation(tx, allocationId, false);
      const members = await tx.select().from(projectMembers).where(and(eq(projectMembers.projectId, row.projectId), eq(projectMembers.personId, person.personId)));
      if (members.length === 0 && !person.memberships.has(row.organizationId)) throw new HighwayError("NOT_FOUND", { detail: "allocation not found", detailKo: "할당을 찾을 수 없습니다" });
      const id = newId(now);
      const { trancheIndex, ...content } = parsed;
      await tx.insert(progressReports).values({ id, allocationId, trancheIndex, status: "submitted", content: toStored(content), submittedBy: person.personId, submittedAt: now });
      await appendAudit(tx, this.deps.auditKey, { chain: row.organizationId, actor: actorLabel(actor), action: "progress_report.submitted", subjectType: "progress_report", subjectId: id, change: parsed, at: now });
      return { id, trancheIndex, status: "submitted" };
    });
  }

  /** A program manager approves or rejects a progress report. */
  async reviewProgressReport(actor: Actor, allocationId: string, reportId: string, input: unknown): Promise<{ id: string; trancheIndex: number; status: string }> {
    requirePlatformRole(actor, "program_manager", "platform_admin");
    const parsed = parseOrThrow(ProgressReportReviewInput, input);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const report = await this.report(tx, allocationId, reportId);
      const { row } = await loadAllocation(tx, allocationId, false);
      await tx.update(progressReports).set({ status: parsed.status, reviewedAt: now, reviewNote: parsed.note }).where(eq(progressReports.id, reportId));
      await appendAudit(tx, this.deps.auditKey, { chain: row.organizationId, actor: actorLabel(actor), action: `progress_report.${parsed.status}`, subjectType: "progress_report", subjectId: reportId, change: parsed, at: now });
      return { id: reportId, trancheIndex: report.trancheIndex, status: parsed.status };
    });
  }

  /** Judges every active allocation of a program; flags the idle ones (a reclaim warning). */
  async assessIdle(actor: Actor, programId: string): Promise<{ allocationId: string; assessment: IdleAssessment }[]> {
    requirePlatformRole(actor, "program_manager", "platform_admin");
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const program = await loadProgram(tx, programId, false);
      const rows = await tx.select().from(allocations).where(and(eq(allocations.programId, programId), eq(allocations.status, "active"))).orderBy(asc(allocations.id));
      const out: { allocationId: string; assessment: IdleAssessment }[] = [];
      for (const row of rows) {
        const assessment = await this.assess(tx, row, program.settings.reclaim, now);
        out.push({ allocationId: row.id, assessment });
        const flagged = row.idleSince !== null;
        if (assessment.idle !== flagged) {
          await tx.update(allocations).set({ idleSince: assessment.idle ? now : null }).where(eq(allocations.id, row.id));
          if (assessment.idle) {
            await appendAudit(tx, this.deps.auditKey, { chain: row.organizationId, actor: actorLabel(actor), action: "allocation.idle_flagged", subjectType: "allocation", subjectId: row.id, change: toStored(assessment), at: now });
            await enqueueNotification(tx, {
              type: "reclaim.warning",
              organizationId: row.organizationId,
              recipientPersonIds: await this.memberIds(tx, row.projectId),
              payload: { allocationId: row.id, reclaimAt: now.toISOString() },
              at: now,
            });
          }
        }
      }
      return out;
    });
  }

  /** Reduces an idle allocation by the program's reclaim share; the freed hours return to the program. */
  async reclaim(actor: Actor, id: string): Promise<AllocationView & { returnedKrw: bigint }> {
    requirePlatformRole(actor, "program_manager", "platform_admin");
    const now = this.deps.clock.now();
    const result = await this.deps.store.transaction(async (tx) => {
      const { row: peek } = await loadAllocation(tx, id, false);
      const program = await loadProgram(tx, peek.programId, true);
      const { row, allocation } = await loadAllocation(tx, id, true);
      const assessment = await this.assess(tx, row, program.settings.reclaim, now);
      const outcome = orThrow(reclaimAllocation(allocationContext(program), allocation, assessment, await allocationUsage(tx, id)), "");
      await writeOutcome(tx, id, row.projectId, outcome, now);
      await tx.update(allocations).set({ idleSince: null }).where(eq(allocations.id, id));
      await appendAudit(tx, this.deps.auditKey, {
        chain: row.organizationId,
        actor: actorLabel(actor),
        action: "allocation.reclaimed",
        subjectType: "allocation",
        subjectId: id,
        change: toStored({ reductions: assessment.reductions, delta: outcome.budgetDelta }),
        at: now,
      });
      const { row: updated } = await loadAllocation(tx, id, false);
      return { ...allocationView(updated, outcome.queue), returnedKrw: -outcome.budgetDelta.krw };
    });
    // Submissions remember their allocation for a few seconds (recent-cache.ts): the change counts from now on.
    forgetCached(this.deps.store);
    return result;
  }

  /** Appends metered use to the ledger, priced by the model and split by the allocation's co-pay. */
  async recordUsage(actor: Actor, allocationId: string, input: unknown): Promise<{ id: string; krw: bigint; coPayKrw: bigint; governmentKrw: bigint }> {
    requirePlatformRole(actor, "platform_admin");
    const parsed = parseOrThrow(UsageInput, input);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const { row, allocation } = await loadAllocation(tx, allocationId, false);
      const value = meterUsage(BigInt(parsed.acceleratorSeconds), BigInt(parsed.pricePerHourKrw), allocation.coPayBp);
      const id = newId(now);
      await tx.insert(usageLedger).values({
        id,
        allocationId,
        projectId: row.projectId,
        organizationId: row.organizationId,
        programId: row.programId,
        workloadId: parsed.workloadId,
        kind: "usage",
        acceleratorClass: parsed.acceleratorClass,
        model: parsed.model,
        startedAt: new Date(parsed.startedAt),
        endedAt: new Date(parsed.endedAt),
        acceleratorSeconds: BigInt(parsed.acceleratorSeconds),
        krw: value.krw,
        governmentKrw: value.governmentKrw,
        coPayKrw: value.coPayKrw,
        recordedAt: now,
      });
      await appendAudit(tx, this.deps.auditKey, { chain: row.organizationId, actor: actorLabel(actor), action: "usage.recorded", subjectType: "usage", subjectId: id, change: parsed, at: now });
      return { id, ...value };
    });
  }

  private async assess(tx: Db, row: typeof allocations.$inferSelect, policy: Parameters<typeof assessIdleAllocation>[1], now: Date): Promise<IdleAssessment> {
    const allocation = fromStored<Allocation>(row.data);
    const from = new Date(now.getTime() - policy.windowDays * 86_400_000).toISOString();
    return assessIdleAllocation(allocation, policy, await allocationUsage(tx, row.id, { from, to: now.toISOString() }), await allocationUsage(tx, row.id), now.toISOString());
  }

  private async memberIds(tx: Db, projectId: string): Promise<string[]> {
    return (await tx.select({ id: projectMembers.personId }).from(projectMembers).where(eq(projectMembers.projectId, projectId))).map((m) => m.id);
  }

  private async report(tx: Db, allocationId: string, reportId: string) {
    const [report] = await tx.select().from(progressReports).where(and(eq(progressReports.id, reportId), eq(progressReports.allocationId, allocationId)));
    if (report === undefined) throw new HighwayError("NOT_FOUND", { detail: "progress report not found", detailKo: "진행 보고서를 찾을 수 없습니다" });
    return report;
  }

  private async queueOf(db: Db, projectId: string): Promise<QueueParameters | null> {
    const [queue] = await db.select().from(queues).where(eq(queues.projectId, projectId));
    return queue === undefined ? null : fromStored<QueueParameters>(queue.parameters);
  }
}
