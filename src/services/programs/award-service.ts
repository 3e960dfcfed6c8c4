/**
 * Decisions and awards. Accepting an application creates, in one transaction under the program's
 * row lock, the project, its members, the allocation, the project's scheduling queue (DESIGN.md's
 * Queue rule) and the program's new commitment, so the budget is never over-committed even when
 * decisions race. Every later change to an allocation rewrites its queue in the same transaction.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import {
  acceptanceViolations,
  awardAllocation,
  awardSettingsFor,
  decideAutomatically,
  DecisionInput,
  minimumScoreCentipoints,
  summarizeReviews,
  transitionApplication,
  type AcceptanceStanding,
  type ApplicationSettings,
  type ApplicationState,
  type BudgetAmounts,
  type DecisionCandidate,
  type RoundSettings,
} from "../../domain/programs/index.js";
import type { OrganizationType } from "../../domain/organization.js";
import type { RegionCode } from "../../domain/regions.js";
import { parseOrThrow, violationsDetail } from "../../domain/validation.js";
import { newId } from "../../store/ids.js";
import { fromStored, toStored } from "../../store/json-codec.js";
import { allocations, applications, organizations, people, projectMembers, projects, reviewAssignments, rounds } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit, PLATFORM_CHAIN } from "../audit/audit-log.js";
import { enqueueNotification } from "../notifications/outbox.js";
import { requireOrganizationReaderOrOverseer, requirePlatformRole } from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { applicationView, toReviewRecord, type ApplicationView } from "./application-service.js";
import { allocationContext, loadProgram, loadStanding, referencePrices, writeOutcome, type LockedProgram, type ProgramStanding } from "./program-records.js";
import { orThrow } from "./program-service.js";
import type { AllocationView } from "./allocation-service.js";

/** The result of deciding one application. */
export interface DecisionView {
  readonly application: ApplicationView;
  readonly projectId: string | null;
  readonly allocation: AllocationView | null;
}

/** The result of an automatic decision over a round. */
export interface RoundDecisionView {
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
  readonly pending: readonly string[];
  readonly decisions: readonly { applicationId: string; rank: number; score: number | null; accepted: boolean; reasons: readonly { field: string; rule: string; message: string }[] }[];
}

export const ManualDecisionInput = DecisionInput;
export const RoundDecisionInput = z.strictObject({ rejectOthers: z.boolean().default(true) });

/** Use cases on decisions and awards. */
export class AwardService {
  constructor(private readonly deps: ServiceDeps) {}

  /** A program manager's decision on one application in review. */
  async decide(actor: Actor, applicationId: string, input: unknown): Promise<DecisionView> {
    requirePlatformRole(actor, "program_manager", "platform_admin");
    const decision = parseOrThrow(ManualDecisionInput, input);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const [peek] = await tx.select({ programId: applications.programId }).from(applications).where(eq(applications.id, applicationId));
      if (peek === undefined) throw new HighwayError("NOT_FOUND", { detail: "application not found", detailKo: "신청서를 찾을 수 없습니다" });
      const program = await loadProgram(tx, peek.programId, true);
      const [app] = await tx.select().from(applications).where(eq(applications.id, applicationId)).for("update");
      const action = decision.outcome === "request_revision" ? "request_revision" : decision.outcome;
      const next = orThrow(transitionApplication(app!.state as ApplicationState, action), "");
      if (decision.outcome !== "accept") {
        const [row] = await tx
          .update(applications)
          .set({ state: next, decidedAt: next === "revision_requested" ? null : now, decision: toStored({ outcome: decision.outcome, publicNote: decision.publicNote }), updatedAt: now })
          .where(eq(applications.id, applicationId))
          .returning();
        await this.audit(tx, actor, app!.organizationId, `application.${decision.outcome === "reject" ? "rejected" : "revision_requested"}`, applicationId, decision, now);
        await this.notifyDecision(tx, app!, next, null, 0n, now);
        return { application: applicationView(row!), projectId: null, allocation: null };
      }
      const standing = await loadStanding(tx, program);
      const candidate = await this.candidate(tx, app!);
      const reasons = acceptanceViolations(program.settings, candidate, acceptanceStanding(standing, app!.organizationId), null, await referencePrices(tx));
      if (reasons.length > 0) {
        throw new HighwayError(reasons[0]!.rule as never, { ...violationsDetail(reasons), violations: reasons });
      }
      const { committed: _committed, ...view } = await this.award(tx, actor, program, app!, decision.publicNote, now);
      return view;
    });
  }

  /** Decides a round automatically: best scores first within the budget, reserve and caps. */
  async decideRound(actor: Actor, roundId: string, input: unknown): Promise<RoundDecisionView> {
    requirePlatformRole(actor, "program_manager", "platform_admin");
    const options = parseOrThrow(RoundDecisionInput, input ?? {});
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const [round] = await tx.select().from(rounds).where(eq(rounds.id, roundId));
      if (round === undefined) throw new HighwayError("NOT_FOUND", { detail: "round not found", detailKo: "공모 차수를 찾을 수 없습니다" });
      const settings = fromStored<RoundSettings>(round.settings);
      const program = await loadProgram(tx, round.programId, true);
      const rows = await tx.select().from(applications).where(and(eq(applications.roundId, roundId), eq(applications.state, "in_review"))).for("update");
      const candidates = await Promise.all(rows.map((row) => this.candidate(tx, row)));
      const standing = await loadStanding(tx, program);
      const result = decideAutomatically(
        program.settings,
        candidates,
        {
          committed: standing.committed,
          capitalCommitted: standing.capitalCommitted,
          awardedHoursByOrganization: standing.hoursByOrganization,
          activeAwardsByOrganization: standing.activeAwardsByOrganization,
        },
        minimumScoreCentipoints(settings.review.minimumScore),
        await referencePrices(tx),
      );
      const accepted: string[] = [];
      const rejected: string[] = [];
      const pending: string[] = [];
      let current = program;
      for (const d of result.decisions) {
        const row = rows.find((r) => r.id === d.applicationId)!;
        const candidate = candidates.find((c) => c.applicationId === d.applicationId)!;
        if (d.accepted) {
          // The award moved the program's commitment; the next one starts from it.
          const { committed } = await this.award(tx, actor, current, row, "", now);
          current = { ...current, committed };
          accepted.push(d.applicationId);
        } else if (candidate.reviews.complete && options.rejectOthers) {
          await tx
            .update(applications)
            .set({ state: "rejected", decidedAt: now, decision: toStored({ outcome: "reject", publicNote: "", reasons: d.reasons }), updatedAt: now })
            .where(eq(applications.id, d.applicationId));
          await this.audit(tx, actor, row.organizationId, "application.rejected", d.applicationId, { reasons: d.reasons }, now);
          await this.notifyDecision(tx, row, "rejected", null, 0n, now);
          rejected.push(d.applicationId);
        } else {
          pending.push(d.applicationId);
        }
      }
      return {
        accepted,
        rejected,
        pending,
        decisions: result.decisions.map((d) => ({ applicationId: d.applicationId, rank: d.rank, score: d.score, accepted: d.accepted, reasons: d.reasons })),
      };
    });
  }

  /** The project and allocation of an accepted application, written with the program's new commitment. */
  /** Writes an award; returns the decision and the program's commitment after it. */
  private async award(
    tx: Db,
    actor: Actor,
    program: LockedProgram,
    app: typeof applications.$inferSelect,
    publicNote: string,
    now: Date,
  ): Promise<DecisionView & { committed: BudgetAmounts }> {
    const [round] = await tx.select().from(rounds).where(eq(rounds.id, app.roundId));
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, app.organizationId));
    const content = fromStored<ApplicationSettings>(app.content);
    const outcome = orThrow(
      awardAllocation(allocationContext(program), awardSettingsFor(content.request, fromStored<RoundSettings>(round!.settings)), org!.type as OrganizationType, await referencePrices(tx), now.toISOString()),
      "",
    );
    const projectId = newId(now);
    const allocationId = newId(now);
    await tx.insert(projects).values({ id: projectId, organizationId: app.organizationId, programId: program.id, applicationId: app.id, title: content.title, createdAt: now });
    for (const member of content.team) {
      const email = member.email.toLowerCase();
      let [person] = await tx.select({ id: people.id }).from(people).where(eq(people.email, email));
      if (person === undefined) {
        [person] = await tx.insert(people).values({ id: newId(now), email, name: email.split("@")[0]!, createdAt: now, updatedAt: now }).returning({ id: people.id });
      }
      await tx.insert(projectMembers).values({ projectId, personId: person!.id, role: member.role }).onConflictDoNothing();
    }
    const a = outcome.allocation;
    await tx.insert(allocations).values({
      id: allocationId,
      projectId,
      programId: program.id,
      organizationId: app.organizationId,
      status: a.status,
      data: toStored(a),
      startsAt: new Date(a.startsAt),
      endsAt: new Date(a.endsAt),
      createdAt: now,
      updatedAt: now,
    });
    await writeOutcome(tx, allocationId, projectId, outcome, now);
    const next = orThrow(transitionApplication(app.state as ApplicationState, "accept"), "");
    const [row] = await tx
      .update(applications)
      .set({ state: next, decidedAt: now, decision: toStored({ outcome: "accept", publicNote, projectId, allocationId }), updatedAt: now })
      .where(eq(applications.id, app.id))
      .returning();
    await this.audit(tx, actor, app.organizationId, "application.accepted", app.id, { projectId, allocationId, allocation: a, cost: outcome.cost }, now);
    await appendAudit(tx, this.deps.auditKey, {
      chain: PLATFORM_CHAIN,
      actor: actorLabel(actor),
      action: "program.committed",
      subjectType: "program",
      subjectId: program.id,
      change: toStored({ allocationId, delta: outcome.budgetDelta, committed: outcome.committed }),
      at: now,
    });
    await this.notifyDecision(tx, app, next, projectId, outcome.cost.totalKrw, now);
    return {
      application: applicationView(row!),
      projectId,
      allocation: { id: allocationId, projectId, organizationId: app.organizationId, allocation: a, queue: outcome.queue, idleSince: null },
      committed: outcome.committed,
    };
  }

  private notifyDecision(tx: Db, app: typeof applications.$inferSelect, decision: string, projectId: string | null, awardedWon: bigint, at: Date): Promise<string> {
    return enqueueNotification(tx, {
      type: "decision.made",
      organizationId: app.organizationId,
      recipientPersonIds: [app.createdBy],
      payload: { applicationId: app.id, decision, projectId, awardedWon: awardedWon.toString() },
      at,
    });
  }

  private async candidate(tx: Db, app: typeof applications.$inferSelect): Promise<DecisionCandidate> {
    const [round] = await tx.select().from(rounds).where(eq(rounds.id, app.roundId));
    const [org] = await tx.select({ region: organizations.region }).from(organizations).where(eq(organizations.id, app.organizationId));
    const reviews = await tx.select().from(reviewAssignments).where(eq(reviewAssignments.applicationId, app.id));
    const content = fromStored<ApplicationSettings>(app.content);
    return {
      applicationId: app.id,
      organizationId: app.organizationId,
      region: org!.region as RegionCode,
      submittedAt: (app.submittedAt ?? app.createdAt).toISOString(),
      reviews: summarizeReviews(reviews.map(toReviewRecord), fromStored<RoundSettings>(round!.settings).review.minReviewers),
      acceleratorHours: Object.fromEntries(content.request.grants.map((g) => [g.acceleratorClass, g.acceleratorHours])),
    };
  }

  /** The project of an allocation, visible to its organization and program overseers. */
  async project(actor: Actor, projectId: string) {
    const [row] = await this.deps.store.db.select().from(projects).where(eq(projects.id, projectId));
    if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "project not found", detailKo: "프로젝트를 찾을 수 없습니다" });
    requireOrganizationReaderOrOverseer(actor, row.organizationId);
    const members = await this.deps.store.db
      .select({ personId: projectMembers.personId, role: projectMembers.role })
      .from(projectMembers)
      .where(eq(projectMembers.projectId, projectId));
    const [allocation] = await this.deps.store.db.select({ id: allocations.id }).from(allocations).where(eq(allocations.projectId, projectId));
    return { id: row.id, organizationId: row.organizationId, programId: row.programId, applicationId: row.applicationId, title: row.title, members, allocationId: allocation?.id ?? null, createdAt: row.createdAt.toISOString() };
  }

  private audit(tx: Db, actor: Actor, organizationId: string, action: string, subjectId: string, change: unknown, at: Date): Promise<void> {
    return appendAudit(tx, this.deps.auditKey, { chain: organizationId, actor: actorLabel(actor), action, subjectType: "application", subjectId, change: toStored(change), at });
  }
}

function acceptanceStanding(standing: ProgramStanding, organizationId: string): AcceptanceStanding {
  return {
    committed: standing.committed,
    capitalCommitted: standing.capitalCommitted,
    organizationHours: standing.hoursByOrganization[organizationId] ?? {},
    organizationActiveAwards: standing.activeAwardsByOrganization[organizationId] ?? 0,
  };
}
