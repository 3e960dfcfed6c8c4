/**
 * Applications and their reviews. Members of an organization draft and submit its applications
 * (eligibility and the round's limits are checked at submission, every failing rule named);
 * program managers assign reviewers (a reviewer from the applicant's organization, or one who
 * declared a conflict, is refused); reviewers see and score only what is assigned to them.
 */
import { and, asc, eq, gt, inArray, isNull, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import {
  ApplicationInput,
  checkReviewerAssignment,
  checkSubmission,
  ConflictDeclarationInput,
  ReviewAssignmentInput,
  ReviewInput,
  summarizeReviews,
  transitionApplication,
  weightedScore,
  type ApplicationSettings,
  type ApplicationState,
  type ReviewSummary,
  type RoundSettings,
} from "../../domain/programs/index.js";
import type { KsicSection } from "../../domain/ksic.js";
import type { OrganizationType } from "../../domain/organization.js";
import type { RegionCode } from "../../domain/regions.js";
import { parseOrThrow } from "../../domain/validation.js";
import { newId } from "../../store/ids.js";
import { fromStored, toStored } from "../../store/json-codec.js";
import { applications, memberships, organizations, people, reviewAssignments, reviewerConflicts, rounds } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit } from "../audit/audit-log.js";
import { enqueueNotification } from "../notifications/outbox.js";
import { canReadOrganization, hasPlatformRole, requireAuthenticated, requirePerson, requirePlatformRole } from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { createOnce, isUniqueViolation, type CreateOptions, type Created } from "../idempotency.js";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../pagination.js";
import { orThrow } from "./program-service.js";
import { loadProgram, loadStanding } from "./program-records.js";

/** An application as the API shows it. */
export interface ApplicationView {
  readonly id: string;
  readonly roundId: string;
  readonly programId: string;
  readonly organizationId: string;
  readonly state: ApplicationState;
  readonly content: ApplicationSettings;
  readonly submittedAt: string | null;
  readonly decidedAt: string | null;
  readonly decision: unknown;
  readonly createdAt: string;
}

/** A review assignment as its reviewer (or a program manager) sees it. */
export interface ReviewView {
  readonly id: string;
  readonly applicationId: string;
  readonly reviewerId: string;
  readonly status: "assigned" | "submitted" | "recused";
  readonly dueAt: string | null;
  readonly score: number | null;
  readonly scores: Record<string, number> | null;
  readonly publicComment: string | null;
  readonly privateComment: string | null;
}

/** Creating an application: the organization applying, and the application itself. */
export const NewApplicationInput = z.strictObject({ organizationId: z.uuid(), application: ApplicationInput });

type ApplicationRow = typeof applications.$inferSelect;

export function applicationView(row: ApplicationRow): ApplicationView {
  return {
    id: row.id,
    roundId: row.roundId,
    programId: row.programId,
    organizationId: row.organizationId,
    state: row.state as ApplicationState,
    content: fromStored<ApplicationSettings>(row.content),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decision: row.decision === null ? null : fromStored(row.decision),
    createdAt: row.createdAt.toISOString(),
  };
}

function reviewView(row: typeof reviewAssignments.$inferSelect): ReviewView {
  return {
    id: row.id,
    applicationId: row.applicationId,
    reviewerId: row.reviewerId,
    status: row.status as ReviewView["status"],
    dueAt: row.dueAt?.toISOString() ?? null,
    score: row.score,
    scores: (row.scores as Record<string, number> | null) ?? null,
    publicComment: row.publicComment,
    privateComment: row.privateComment,
  };
}

/** Program overseers read every application. */
function isOverseer(actor: Actor): boolean {
  return hasPlatformRole(actor, "program_manager", "platform_admin", "auditor");
}

/** Use cases on applications and reviews. */
export class ApplicationService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Drafts an application for one of the actor's organizations. */
  async create(actor: Actor, roundId: string, input: unknown, options: CreateOptions = {}): Promise<Created<ApplicationView>> {
    const person = requirePerson(actor);
    const parsed = parseOrThrow(NewApplicationInput, input);
    if (!person.memberships.has(parsed.organizationId)) throw new HighwayError("NOT_FOUND", { detail: "organization not found", detailKo: "기관을 찾을 수 없습니다" });
    const now = this.deps.clock.now();
    return createOnce(this.deps, actorLabel(actor), `application.create:${roundId}`, toStored(parsed), options, async (tx) => {
      const round = await this.roundRow(tx, roundId);
      const [row] = await tx
        .insert(applications)
        .values({
          id: newId(now),
          roundId,
          programId: round.programId,
          organizationId: parsed.organizationId,
          createdBy: person.personId,
          state: "draft",
          content: toStored(parsed.application),
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await this.audit(tx, actor, row!.organizationId, "application.drafted", row!.id, parsed, now);
      return applicationView(row!);
    });
  }

  /** Replaces a draft (or an application sent back for revision). */
  async update(actor: Actor, id: string, input: unknown): Promise<ApplicationView> {
    const content = parseOrThrow(ApplicationInput, input);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const row = await this.applicantRow(tx, actor, id, true);
      if (row.state !== "draft" && row.state !== "revision_requested") {
        throw new HighwayError("APPLICATION_STATE_INVALID", {
          field: "state",
          rule: "APPLICATION_STATE_INVALID",
          detail: `an application in state ${row.state} cannot be edited`,
          detailKo: `상태가 ${row.state}인 신청서는 수정할 수 없습니다`,
        });
      }
      const [updated] = await tx.update(applications).set({ content: toStored(content), updatedAt: now }).where(eq(applications.id, id)).returning();
      await this.audit(tx, actor, row.organizationId, "application.updated", id, content, now);
      return applicationView(updated!);
    });
  }

  /** Submits: the round must be open, the request within its limits, the organization eligible. */
  async submit(actor: Actor, id: string): Promise<ApplicationView> {
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const row = await this.applicantRow(tx, actor, id, true);
      const round = await this.roundRow(tx, row.roundId);
      const program = await loadProgram(tx, row.programId, false);
      const standing = await loadStanding(tx, program);
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, row.organizationId));
      const content = fromStored<ApplicationSettings>(row.content);
      const next = orThrow(
        checkSubmission({
          program: program.settings,
          round: fromStored<RoundSettings>(round.settings),
          state: row.state as ApplicationState,
          request: content.request,
          applicant: {
            organization: { id: org!.id, type: org!.type as OrganizationType, region: org!.region as RegionCode, sector: org!.sector as KsicSection, foundedOn: org!.foundedOn },
            activeAwardCount: standing.activeAwardsByOrganization[org!.id] ?? 0,
            awardedHours: standing.hoursByOrganization[org!.id] ?? {},
          },
          at: now.toISOString(),
        }),
        "",
      );
      const [updated] = await tx.update(applications).set({ state: next, submittedAt: now, updatedAt: now }).where(eq(applications.id, id)).returning();
      await this.audit(tx, actor, row.organizationId, "application.submitted", id, { state: next }, now);
      const [callRef] = await tx.select({ callId: rounds.callId }).from(rounds).where(eq(rounds.id, row.roundId));
      await enqueueNotification(tx, { type: "application.submitted", organizationId: row.organizationId, recipientPersonIds: [row.createdBy], payload: { applicationId: id, callId: callRef!.callId }, at: now });
      return applicationView(updated!);
    });
  }

  /** Withdraws an application that is not decided yet. */
  async withdraw(actor: Actor, id: string): Promise<ApplicationView> {
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const row = await this.applicantRow(tx, actor, id, true);
      const next = orThrow(transitionApplication(row.state as ApplicationState, "withdraw"), "");
      const [updated] = await tx.update(applications).set({ state: next, updatedAt: now }).where(eq(applications.id, id)).returning();
      await this.audit(tx, actor, row.organizationId, "application.withdrawn", id, { state: next }, now);
      return applicationView(updated!);
    });
  }

  /** One application: for its organization's members, program overseers and its assigned reviewers. */
  async get(actor: Actor, id: string): Promise<ApplicationView & { reviews?: ReviewSummary }> {
    const [row] = await this.deps.store.db.select().from(applications).where(eq(applications.id, id));
    if (row === undefined || !(await this.canRead(actor, row))) throw new HighwayError("NOT_FOUND", { detail: "application not found", detailKo: "신청서를 찾을 수 없습니다" });
    const view = applicationView(row);
    if (!isOverseer(actor)) return view;
    const round = await this.roundRow(this.deps.store.db, row.roundId);
    const reviews = await this.deps.store.db.select().from(reviewAssignments).where(eq(reviewAssignments.applicationId, id));
    return { ...view, reviews: summarizeReviews(reviews.map(toReviewRecord), fromStored<RoundSettings>(round.settings).review.minReviewers) };
  }

  /** Applications visible to the actor, optionally of one round. */
  async list(actor: Actor, filter: { roundId?: string | undefined }, page: PageRequest): Promise<Page<ApplicationView>> {
    const person = actor.kind === "person" ? actor : null;
    requireAuthenticated(actor);
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const conditions: (SQL | undefined)[] = [after === null ? undefined : gt(applications.id, after), filter.roundId === undefined ? undefined : eq(applications.roundId, filter.roundId)];
    if (!isOverseer(actor)) {
      const mine = person === null ? [] : [...person.memberships.keys()];
      const assigned = person === null ? [] : (await this.deps.store.db.select({ id: reviewAssignments.applicationId }).from(reviewAssignments).where(eq(reviewAssignments.reviewerId, person.personId))).map((r) => r.id);
      if (mine.length === 0 && assigned.length === 0) return { items: [], nextCursor: null };
      conditions.push(or(mine.length > 0 ? inArray(applications.organizationId, mine) : undefined, assigned.length > 0 ? inArray(applications.id, assigned) : undefined));
    }
    const rows = await this.deps.store.db.select().from(applications).where(and(...conditions)).orderBy(asc(applications.id)).limit(size + 1);
    return toPage(rows, size, applicationView);
  }

  /** Assigns a reviewer; the first assignment moves a submitted application into review. */
  async assignReviewer(actor: Actor, applicationId: string, input: unknown, options: CreateOptions = {}): Promise<Created<ReviewView>> {
    requirePlatformRole(actor, "program_manager", "platform_admin");
    const parsed = parseOrThrow(ReviewAssignmentInput, input);
    const now = this.deps.clock.now();
    try {
      return await createOnce(this.deps, actorLabel(actor), `review.assign:${applicationId}`, parsed, options, async (tx) => {
        const [app] = await tx.select().from(applications).where(eq(applications.id, applicationId)).for("update");
        if (app === undefined) throw new HighwayError("NOT_FOUND", { detail: "application not found", detailKo: "신청서를 찾을 수 없습니다" });
        if (app.state !== "submitted" && app.state !== "in_review") {
          throw new HighwayError("APPLICATION_STATE_INVALID", {
            field: "state",
            rule: "APPLICATION_STATE_INVALID",
            detail: `reviewers are assigned to submitted applications; this one is ${app.state}`,
            detailKo: `심사위원은 제출된 신청서에만 배정할 수 있습니다. 이 신청서의 상태는 ${app.state}입니다`,
          });
        }
        const [reviewer] = await tx.select().from(people).where(eq(people.id, parsed.reviewerId));
        if (reviewer === undefined || !(reviewer.platformRoles as string[]).includes("reviewer")) {
          throw new HighwayError("VALIDATION_FAILED", {
            field: "body.reviewerId",
            rule: "reviewer",
            detail: "body.reviewerId: must be a person with the reviewer role",
            detailKo: "body.reviewerId: reviewer 역할이 있는 사용자여야 합니다",
          });
        }
        const orgIds = (await tx.select({ id: memberships.organizationId }).from(memberships).where(eq(memberships.personId, reviewer.id))).map((m) => m.id);
        const conflicts = await tx.select().from(reviewerConflicts).where(eq(reviewerConflicts.reviewerId, reviewer.id));
        const assigned = (await tx.select({ id: reviewAssignments.reviewerId }).from(reviewAssignments).where(eq(reviewAssignments.applicationId, applicationId))).map((r) => r.id);
        orThrow(
          checkReviewerAssignment(
            {
              personId: reviewer.id,
              organizationIds: orgIds,
              conflicts: conflicts.map((c) =>
                c.kind === "organization" ? { kind: "organization" as const, organizationId: c.organizationId! } : { kind: "application" as const, applicationId: c.applicationId! },
              ),
            },
            { applicationId, organizationId: app.organizationId, assignedReviewerIds: assigned },
          ),
        );
        if (app.state === "submitted") {
          const next = orThrow(transitionApplication("submitted", "start_review"), "");
          await tx.update(applications).set({ state: next, updatedAt: now }).where(eq(applications.id, applicationId));
        }
        const [row] = await tx
          .insert(reviewAssignments)
          .values({ id: newId(now), applicationId, reviewerId: reviewer.id, status: "assigned", dueAt: parsed.dueAt === null ? null : new Date(parsed.dueAt), assignedAt: now })
          .returning();
        await this.audit(tx, actor, app.organizationId, "review.assigned", row!.id, { applicationId, reviewerId: reviewer.id }, now);
        await enqueueNotification(tx, {
          type: "review.assigned",
          organizationId: app.organizationId,
          recipientPersonIds: [reviewer.id],
          payload: { applicationId, reviewId: row!.id, dueAt: row!.dueAt?.toISOString() ?? null },
          at: now,
        });
        return reviewView(row!);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new HighwayError("REVIEWER_ALREADY_ASSIGNED", { field: "body.reviewerId", rule: "REVIEWER_ALREADY_ASSIGNED" });
      throw error;
    }
  }

  /** A reviewer declares a conflict with an organization or an application; it recuses open assignments. */
  async declareConflict(actor: Actor, input: unknown): Promise<{ id: string; recused: number }> {
    const person = requirePerson(actor);
    requirePlatformRole(actor, "reviewer");
    const parsed = parseOrThrow(ConflictDeclarationInput, input);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      // The conflict is recorded on the chain of the organization it concerns.
      const [target] =
        parsed.kind === "organization"
          ? await tx.select({ organizationId: organizations.id }).from(organizations).where(eq(organizations.id, parsed.organizationId))
          : await tx.select({ organizationId: applications.organizationId }).from(applications).where(eq(applications.id, parsed.applicationId));
      if (target === undefined) throw new HighwayError("NOT_FOUND", {
          detail: `${parsed.kind} not found`,
          detailKo: `${parsed.kind === "organization" ? "기관을" : "신청서를"} 찾을 수 없습니다`,
        });
      const id = newId(now);
      await tx.insert(reviewerConflicts).values({
        id,
        reviewerId: person.personId,
        kind: parsed.kind,
        organizationId: parsed.kind === "organization" ? parsed.organizationId : null,
        applicationId: parsed.kind === "application" ? parsed.applicationId : null,
        note: parsed.note,
        declaredAt: now,
      });
      const open = await tx
        .select({ id: reviewAssignments.id, organizationId: applications.organizationId, applicationId: applications.id })
        .from(reviewAssignments)
        .innerJoin(applications, eq(applications.id, reviewAssignments.applicationId))
        .where(and(eq(reviewAssignments.reviewerId, person.personId), eq(reviewAssignments.status, "assigned")));
      const recuse = open.filter((a) => (parsed.kind === "organization" ? a.organizationId === parsed.organizationId : a.applicationId === parsed.applicationId));
      for (const a of recuse) await tx.update(reviewAssignments).set({ status: "recused" }).where(eq(reviewAssignments.id, a.id));
      await appendAudit(tx, this.deps.auditKey, { chain: target.organizationId, actor: actorLabel(actor), action: "review.conflict_declared", subjectType: "reviewer_conflict", subjectId: id, change: parsed, at: now });
      return { id, recused: recuse.length };
    });
  }

  /** The actor's review assignments. */
  async myReviews(actor: Actor, page: PageRequest): Promise<Page<ReviewView>> {
    const person = requirePerson(actor);
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const rows = await this.deps.store.db
      .select()
      .from(reviewAssignments)
      .where(and(eq(reviewAssignments.reviewerId, person.personId), after === null ? undefined : gt(reviewAssignments.id, after)))
      .orderBy(asc(reviewAssignments.id))
      .limit(size + 1);
    return toPage(rows, size, reviewView);
  }

  /** Submits the assigned reviewer's scores and comments. */
  async submitReview(actor: Actor, reviewId: string, input: unknown): Promise<ReviewView> {
    const person = requirePerson(actor);
    const parsed = parseOrThrow(ReviewInput, input);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const [row] = await tx.select().from(reviewAssignments).where(eq(reviewAssignments.id, reviewId)).for("update");
      if (row === undefined || row.reviewerId !== person.personId) throw new HighwayError("NOT_FOUND", { detail: "review not found", detailKo: "심사를 찾을 수 없습니다" });
      if (row.status !== "assigned") throw new HighwayError("APPLICATION_STATE_INVALID", {
          field: "status",
          rule: "APPLICATION_STATE_INVALID",
          detail: `this review is ${row.status}`,
          detailKo: `이 심사의 상태는 ${row.status}입니다`,
        });
      const [app] = await tx.select().from(applications).where(eq(applications.id, row.applicationId));
      const round = await this.roundRow(tx, app!.roundId);
      const score = orThrow(weightedScore(fromStored<RoundSettings>(round.settings).review.rubric, parsed.scores));
      const [updated] = await tx
        .update(reviewAssignments)
        .set({ status: "submitted", scores: parsed.scores, score, publicComment: parsed.publicComment, privateComment: parsed.privateComment, submittedAt: now })
        .where(eq(reviewAssignments.id, reviewId))
        .returning();
      await this.audit(tx, actor, app!.organizationId, "review.submitted", reviewId, { score, scores: parsed.scores }, now);
      return reviewView(updated!);
    });
  }

  /**
   * Reminds reviewers of reviews due within `withinHours` (once per assignment): a `review.due`
   * notification to the reviewer. Run periodically by the server; returns how many it sent.
   */
  async remindDueReviews(withinHours = 24): Promise<number> {
    const now = this.deps.clock.now();
    const horizon = new Date(now.getTime() + withinHours * 3_600_000);
    return this.deps.store.transaction(async (tx) => {
      const due = await tx
        .select({ id: reviewAssignments.id, applicationId: reviewAssignments.applicationId, reviewerId: reviewAssignments.reviewerId, dueAt: reviewAssignments.dueAt })
        .from(reviewAssignments)
        .where(and(eq(reviewAssignments.status, "assigned"), isNull(reviewAssignments.remindedAt), lte(reviewAssignments.dueAt, horizon)))
        .for("update", { skipLocked: true });
      for (const review of due) {
        await tx.update(reviewAssignments).set({ remindedAt: now }).where(eq(reviewAssignments.id, review.id));
        await enqueueNotification(tx, {
          type: "review.due",
          organizationId: null,
          recipientPersonIds: [review.reviewerId],
          payload: { applicationId: review.applicationId, reviewId: review.id, dueAt: review.dueAt!.toISOString() },
          at: now,
        });
      }
      return due.length;
    });
  }

  private async canRead(actor: Actor, row: ApplicationRow): Promise<boolean> {
    if (isOverseer(actor) || canReadOrganization(actor, row.organizationId)) return true;
    if (actor.kind !== "person") return false;
    const assigned = await this.deps.store.db
      .select({ id: reviewAssignments.id })
      .from(reviewAssignments)
      .where(and(eq(reviewAssignments.applicationId, row.id), eq(reviewAssignments.reviewerId, actor.personId)));
    return assigned.length > 0;
  }

  /** An application its organization's member may change, locked. */
  private async applicantRow(tx: Db, actor: Actor, id: string, lock: boolean): Promise<ApplicationRow> {
    const person = requirePerson(actor);
    const query = tx.select().from(applications).where(eq(applications.id, id));
    const [row] = lock ? await query.for("update") : await query;
    if (row === undefined || !person.memberships.has(row.organizationId)) throw new HighwayError("NOT_FOUND", { detail: "application not found", detailKo: "신청서를 찾을 수 없습니다" });
    return row;
  }

  private async roundRow(db: Db, id: string) {
    const [row] = await db.select().from(rounds).where(eq(rounds.id, id));
    if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "round not found", detailKo: "공모 차수를 찾을 수 없습니다" });
    return row;
  }

  private audit(tx: Db, actor: Actor, organizationId: string, action: string, subjectId: string, change: unknown, at: Date): Promise<void> {
    return appendAudit(tx, this.deps.auditKey, { chain: organizationId, actor: actorLabel(actor), action, subjectType: action.split(".")[0]!, subjectId, change: toStored(change), at });
  }
}

/** A stored assignment in the shape review aggregation reads. */
export function toReviewRecord(row: typeof reviewAssignments.$inferSelect) {
  return { reviewerId: row.reviewerId, status: row.status as "assigned" | "submitted" | "recused", score: row.score };
}
