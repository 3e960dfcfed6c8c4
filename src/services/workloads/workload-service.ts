/**
 * Workloads as projects submit and follow them. A submission is validated against the request
 * schema, the allocation and the fleet (every failing rule named), then joins a batch that, all or
 * nothing, reserves time limit x accelerators against the allocation's balance with a conditional
 * update (so concurrent submissions can never over-reserve), writes the workload and its first
 * event, and seals an audit event (submission-batcher.ts, submission-writes.ts). The control loop
 * takes it from there.
 */
import { and, asc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import type { Allocation } from "../../domain/programs/allocation.js";
import { throwViolations, parseOrThrow } from "../../domain/validation.js";
import {
  admitWorkload,
  isEnded,
  isLifecycleClauses,
  lifecycleReason,
  lifecycleReasonText,
  specOf,
  WORKLOAD_STATES,
  WorkloadInput,
  type LifecycleClauses,
  type LifecycleReason,
  type WorkloadSpec,
  type WorkloadState,
} from "../../domain/workloads/index.js";
import { runIdOf } from "../../executors/cluster-executor.js";
import { isWaitClauses, waitingReasonText } from "../../scheduler/index.js";
import type { WaitClauses } from "../../scheduler/index.js";
import { newId } from "../../store/ids.js";
import { fromStored, toStored } from "../../store/json-codec.js";
import { allocations, people, projectMembers, projects, workloadEvents, workloads } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit } from "../audit/audit-log.js";
import { canReadAllOrganizations, canReadOrganization, requireAuthenticated, requireOrganizationReader, requirePerson } from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { createOnce, type CreateOptions, type Created } from "../idempotency.js";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../pagination.js";
import { RecentCache } from "../recent-cache.js";
import type { FleetViewCache } from "./fleet-view.js";
import { releaseReservation } from "./balance.js";
import { NO_NAMES, readReasonNames, withNames, type ReasonNames, type ReasonOwner } from "./reason-names.js";
import { SubmissionBatcher } from "./submission-batcher.js";
import { SubmissionWriter, type Submission } from "./submission-writes.js";

type WorkloadRow = typeof workloads.$inferSelect;

/** A workload as the API shows it. */
export interface WorkloadView {
  readonly id: string;
  readonly projectId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly acceleratorClass: string;
  readonly model: string | null;
  readonly acceleratorsPerNode: number;
  readonly nodes: number;
  readonly accelerators: number;
  readonly timeLimitMinutes: number;
  readonly priorityTier: number;
  readonly preemptible: boolean;
  readonly state: WorkloadState;
  readonly reason: string | null;
  readonly waitCode: string | null;
  /**
   * The reason in Korean and English, rendered from `waitClauses` while it waits and from
   * `lifecycleClauses` otherwise. Null when the reason exists in English only (written before
   * clauses were kept, or by a newer version with keys this one cannot render).
   */
  readonly reasonText: ReasonText | null;
  /** While queued: the waiting reason as facts (the scheduler's clauses), for programs. */
  readonly waitClauses: WaitClauses | null;
  /** Any other reason (submitted, placed, running, preempting, how it ended) as facts, for programs. */
  readonly lifecycleClauses: LifecycleClauses | null;
  readonly attempt: number;
  readonly runId: string | null;
  readonly cluster: string | null;
  readonly placedModel: string | null;
  readonly nodeNames: readonly string[];
  readonly jobId: string | null;
  readonly linuxUser: string;
  readonly submittedAt: string;
  readonly dispatchedAt: string | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly exitCode: number | null;
  readonly cancelRequested: boolean;
  readonly reservedAcceleratorSeconds: bigint;
  readonly meteredAcceleratorSeconds: bigint;
  readonly spec: WorkloadSpec;
}

/**
 * A reason in each language the product speaks, naming the workload's own project by its title
 * and programs by their names where `reason` (as written) has their ids.
 */
export interface ReasonText {
  readonly ko: string;
  readonly en: string;
}

/** One state transition. */
export interface WorkloadEventView {
  readonly at: string;
  readonly state: string;
  readonly attempt: number;
  readonly reason: string | null;
  /** The reason in Korean and English; null for events written before their clauses were kept. */
  readonly reasonText: ReasonText | null;
  readonly lifecycleClauses: LifecycleClauses | null;
  readonly actor: string;
}

/** Lifecycle clauses as stored, when there is a reason and this version can render them. */
function lifecycleClausesOf(reason: string | null, stored: unknown): LifecycleClauses | null {
  return reason !== null && isLifecycleClauses(stored) ? stored : null;
}

function lifecycleText(clauses: LifecycleClauses, names: ReasonNames, owner: ReasonOwner): ReasonText {
  return { ko: lifecycleReasonText(withNames(clauses, names, owner, "ko"), "ko"), en: lifecycleReasonText(withNames(clauses, names, owner, "en"), "en") };
}

function waitingText(clauses: WaitClauses, names: ReasonNames, owner: ReasonOwner): ReasonText {
  return { ko: waitingReasonText(withNames(clauses, names, owner, "ko"), "ko"), en: waitingReasonText(withNames(clauses, names, owner, "en"), "en") };
}

/** A new workload's reason until the scheduler says why it waits. */
const QUEUED = lifecycleReason({ key: "queued-for-scheduler", params: {} });

export function workloadView(row: WorkloadRow, names: ReasonNames = NO_NAMES): WorkloadView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  // Clauses belong to the waiting reason: none once the code is cleared, and none this version cannot render.
  const clauses = row.waitCode !== null && isWaitClauses(row.waitClauses) ? row.waitClauses : null;
  const lifecycle = clauses === null ? lifecycleClausesOf(row.reason, row.lifecycleClauses) : null;
  return {
    id: row.id,
    projectId: row.projectId,
    organizationId: row.organizationId,
    name: row.name,
    acceleratorClass: row.acceleratorClass,
    model: row.model,
    acceleratorsPerNode: row.acceleratorsPerNode,
    nodes: row.nodeCount,
    accelerators: row.accelerators,
    timeLimitMinutes: row.timeLimitSeconds / 60,
    priorityTier: row.priorityTier,
    preemptible: row.preemptible,
    state: row.state as WorkloadState,
    reason: row.reason,
    waitCode: row.waitCode,
    reasonText: clauses !== null ? waitingText(clauses, names, row) : lifecycle !== null ? lifecycleText(lifecycle, names, row) : null,
    waitClauses: clauses,
    lifecycleClauses: lifecycle,
    attempt: row.attempt,
    runId: row.attempt > 0 ? runIdOf(row.id, row.attempt) : null,
    cluster: row.cluster,
    placedModel: row.placedModel,
    nodeNames: (row.nodes as string[] | null) ?? [],
    jobId: row.jobId,
    linuxUser: row.linuxUser,
    submittedAt: row.submittedAt.toISOString(),
    dispatchedAt: iso(row.dispatchedAt),
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    exitCode: row.exitCode,
    cancelRequested: row.cancelRequestedAt !== null,
    reservedAcceleratorSeconds: row.reservedSeconds,
    meteredAcceleratorSeconds: row.meteredSeconds,
    spec: fromStored<WorkloadSpec>(row.spec),
  };
}

export const WorkloadListQuery = z.strictObject({
  projectId: z.uuid().optional(),
  organizationId: z.uuid().optional(),
  state: z.enum(WORKLOAD_STATES).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** Writes a state transition's event row. */
export async function recordEvent(tx: Db, workloadId: string, state: string, attempt: number, reason: LifecycleReason, actor: string, at: Date): Promise<void> {
  await tx.insert(workloadEvents).values({ id: newId(at), workloadId, at, state, attempt, reason: reason.reason, lifecycleClauses: reason.clauses, actor });
}


/** A workload's columns while it is not on a cluster: new, or sent back to the queue. */
export const UNPLACED = {
  waitCode: null,
  waitClauses: null,
  cluster: null,
  placedModel: null,
  nodes: null,
  jobId: null,
  dispatchedAt: null,
  startedAt: null,
  meteredUntil: null,
  preemptingAt: null,
} as const;

/**
 * A submitted workload's row as stored: what the submission set, and the columns' defaults (every
 * column spelled out: spreading the row into an object of defaults cost V8 ~0.1 ms a submission).
 */
function newWorkloadRow(row: Submission["row"]): WorkloadRow {
  return {
    id: row.id,
    projectId: row.projectId,
    allocationId: row.allocationId,
    organizationId: row.organizationId,
    programId: row.programId,
    submittedBy: row.submittedBy,
    name: row.name,
    acceleratorClass: row.acceleratorClass,
    model: row.model ?? null,
    acceleratorsPerNode: row.acceleratorsPerNode,
    nodeCount: row.nodeCount,
    accelerators: row.accelerators,
    timeLimitSeconds: row.timeLimitSeconds,
    priorityTier: row.priorityTier,
    preemptible: row.preemptible,
    spec: row.spec,
    linuxUser: row.linuxUser,
    state: row.state,
    reason: row.reason ?? null,
    waitCode: null,
    waitClauses: null,
    lifecycleClauses: row.lifecycleClauses ?? null,
    attempt: 0,
    cluster: null,
    placedModel: null,
    nodes: null,
    jobId: null,
    dispatchedAt: null,
    startedAt: null,
    endedAt: null,
    exitCode: null,
    cancelRequestedAt: null,
    preemptingAt: null,
    reservedSeconds: row.reservedSeconds,
    meteredSeconds: 0n,
    meteredUntil: null,
    submittedAt: row.submittedAt,
    updatedAt: row.updatedAt,
    epoch: null,
  };
}

/** A submission waiting for its batch, with the view it answers with once written. */
interface Queued {
  readonly submission: Submission;
  readonly view: WorkloadView;
}

/** The project, its allocation and the submitter's membership and Linux user, as one prepared query. */
function submissionContextQuery(db: Db) {
  const personId = sql.placeholder("personId");
  return db
    .select({ project: projects, allocation: allocations, memberRole: projectMembers.role, linuxUser: people.linuxUser })
    .from(projects)
    .innerJoin(allocations, eq(allocations.projectId, projects.id))
    .innerJoin(people, eq(people.id, personId))
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.personId, personId)))
    .where(eq(projects.id, sql.placeholder("projectId")))
    .prepare("workload_submission_context");
}
type SubmissionContextRow = Awaited<ReturnType<ReturnType<typeof submissionContextQuery>["execute"]>>[number];
/** The context row with its allocation's terms decoded (once per lookup, not per submission). */
type SubmissionContext = SubmissionContextRow & { readonly terms: Allocation };


/** The request as its audit event digests it: the script left out. */
function withoutScript(request: WorkloadInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) if (key !== "script") out[key] = value;
  return out;
}

export class WorkloadService {
  /** Writes the batches (public for tests and metrics: how they were written). */
  readonly writer: SubmissionWriter;
  private readonly batcher: SubmissionBatcher<Queued, WorkloadView>;
  /** The project, its allocation and the submitter's membership and Linux user: one prepared query. */
  private readonly submissionContext: ReturnType<typeof submissionContextQuery>;
  /** Submission contexts looked up in the last few seconds (recent-cache.ts). */
  private readonly contexts: RecentCache<SubmissionContext>;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly fleetView: FleetViewCache,
  ) {
    this.writer = new SubmissionWriter(deps.store, deps.auditKey);
    this.batcher = new SubmissionBatcher(async (items) => (await this.writer.write(items.map((q) => q.submission))).map((r, i) => (r.ok ? { ok: true, value: items[i]!.view } : r)));
    this.submissionContext = submissionContextQuery(deps.store.db);
    this.contexts = new RecentCache(deps.store);
  }

  /** Submits a workload to a project; a member of the project submits, as their mapped Linux user. */
  async submit(actor: Actor, projectId: string, input: unknown, options: CreateOptions = {}): Promise<Created<WorkloadView>> {
    const person = requirePerson(actor);
    const request = parseOrThrow(WorkloadInput, input);
    const now = this.deps.clock.now();
    const found = await this.contextOf(projectId, person.personId);
    if (found === undefined || (found.memberRole === null && !person.memberships.has(found.project.organizationId))) {
      throw new HighwayError("NOT_FOUND", { detail: "project not found", detailKo: "프로젝트를 찾을 수 없습니다" });
    }
    if (found.memberRole === null) throw new HighwayError("FORBIDDEN", { detail: "only members of the project submit workloads to it", detailKo: "프로젝트 구성원만 이 프로젝트에 워크로드를 제출할 수 있습니다" });
    const fleet = await this.fleetView.get();
    const allocation = found.terms;
    const admitted = admitWorkload(request, allocation, fleet.partitions, now.toISOString());
    if (!admitted.ok) throwViolations(admitted.violations);
    const linuxUser = found.linuxUser;
    if (linuxUser === null) {
      throw new HighwayError("WORKLOAD_NO_LINUX_USER", {
        field: "submittedBy",
        rule: "WORKLOAD_NO_LINUX_USER",
        detail: "ask an administrator to map your Linux user (highway person set-linux-user)",
        detailKo: "관리자에게 Linux 사용자 연결을 요청하십시오(highway person set-linux-user)",
      });
    }
    const a = admitted.value;
    const id = newId(now);
    const submission: Submission = {
      row: {
        id,
        projectId,
        allocationId: found.allocation.id,
        organizationId: found.project.organizationId,
        programId: found.project.programId,
        submittedBy: person.personId,
        name: request.name ?? `workload-${id.slice(-8)}`,
        acceleratorClass: a.acceleratorClass,
        model: a.model,
        acceleratorsPerNode: request.acceleratorsPerNode,
        nodeCount: request.nodes,
        accelerators: a.accelerators,
        timeLimitSeconds: a.timeLimitSeconds,
        priorityTier: a.priorityTier,
        preemptible: request.preemptible,
        spec: toStored(specOf(request)),
        linuxUser,
        state: "queued",
        reason: QUEUED.reason,
        lifecycleClauses: QUEUED.clauses,
        reservedSeconds: a.reservationSeconds,
        submittedAt: now,
        updatedAt: now,
      },
      actor: actorLabel(actor),
      change: toStored({ projectId, request: withoutScript(request), reservedSeconds: a.reservationSeconds }),
    };
    const view = workloadView(newWorkloadRow(submission.row));
    // With an Idempotency-Key the submission commits with its key, alone; without one it joins the next batch.
    if (options.idempotencyKey === undefined) return { value: await this.batcher.submit({ submission, view }), replayed: false };
    return createOnce(this.deps, actorLabel(actor), `workload.submit:${projectId}`, toStored(request), options, async (tx) => {
      const [result] = await this.writer.inTransaction(tx, [submission]);
      if (!result!.ok) throw result!.error;
      return view;
    });
  }

  /**
   * The submission's context, remembered for a few seconds per project and person: a burst of
   * submissions reads it once. Staleness is harmless to money: an allocation that ended or shrank
   * meanwhile has no balance left, and the batch's reservation refuses the submission.
   */
  private async contextOf(projectId: string, personId: string): Promise<SubmissionContext | undefined> {
    const key = `${projectId}/${personId}`;
    const cached = this.contexts.recall(key);
    if (cached !== undefined) return cached;
    const generation = this.contexts.generation();
    const [row] = await this.submissionContext.execute({ projectId, personId });
    const value = row === undefined ? undefined : { ...row, terms: fromStored<Allocation>(row.allocation.data) };
    // Only a context that admits submissions is remembered, so a fix (a mapped user, a new member) counts at once.
    if (value !== undefined && value.memberRole !== null && value.linuxUser !== null) this.contexts.remember(key, value, generation);
    return value;
  }

  async list(actor: Actor, query: unknown): Promise<Page<WorkloadView>> {
    requireAuthenticated(actor);
    const q = parseOrThrow(WorkloadListQuery, query, "query");
    const page: PageRequest = { cursor: q.cursor, limit: q.limit };
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    // Filtering by another tenant's organization or project answers as if it did not exist.
    if (q.organizationId !== undefined) requireOrganizationReader(actor, q.organizationId);
    if (q.projectId !== undefined) {
      const [project] = await this.deps.store.db.select({ organizationId: projects.organizationId }).from(projects).where(eq(projects.id, q.projectId));
      if (project === undefined || !canReadOrganization(actor, project.organizationId)) throw new HighwayError("NOT_FOUND", { detail: "project not found", detailKo: "프로젝트를 찾을 수 없습니다" });
    }
    const conditions: (SQL | undefined)[] = [
      after === null ? undefined : gt(workloads.id, after),
      q.projectId === undefined ? undefined : eq(workloads.projectId, q.projectId),
      q.organizationId === undefined ? undefined : eq(workloads.organizationId, q.organizationId),
      q.state === undefined ? undefined : eq(workloads.state, q.state),
    ];
    if (!canReadAllOrganizations(actor)) {
      const mine = actor.kind === "person" ? [...actor.memberships.keys()] : [];
      if (mine.length === 0) return { items: [], nextCursor: null };
      conditions.push(inArray(workloads.organizationId, mine));
    }
    const rows = await this.deps.store.db.select().from(workloads).where(and(...conditions)).orderBy(asc(workloads.id)).limit(size + 1);
    const names = await this.#names(rows);
    return toPage(rows, size, (row) => workloadView(row, names));
  }

  async get(actor: Actor, id: string): Promise<WorkloadView & { readonly events: readonly WorkloadEventView[] }> {
    const row = await this.visible(actor, this.deps.store.db, id);
    const events = await this.deps.store.db.select().from(workloadEvents).where(eq(workloadEvents.workloadId, id)).orderBy(asc(workloadEvents.at), asc(workloadEvents.id));
    const names = await this.#names([row], events);
    return { ...workloadView(row, names), events: events.map((e) => eventView(e, names, row)) };
  }

  /**
   * Cancels a workload. A queued one ends at once and its reservation returns to the balance; one
   * on a cluster is marked, and the control loop stops its job and meters it to its end.
   */
  async cancel(actor: Actor, id: string): Promise<WorkloadView> {
    requirePerson(actor);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const row = await this.visible(actor, tx, id, true);
      if (!this.canManage(actor, row)) throw new HighwayError("FORBIDDEN", {
          detail: "only the submitter, a project manager or PI, or an org_admin cancels a workload",
          detailKo: "워크로드는 제출자, 프로젝트 관리자나 PI, org_admin만 취소할 수 있습니다",
        });
      const state = row.state as WorkloadState;
      if (isEnded(state)) throw new HighwayError("WORKLOAD_ENDED", { detail: `the workload ended ${state}`, detailKo: `워크로드가 이미 ${state} 상태로 종료되었습니다` });
      let updated: WorkloadRow | undefined;
      const by = lifecycleReason({ key: "cancelled-by", params: { by: actorLabel(actor) } });
      if (state === "queued") {
        await releaseReservation(tx, row, now);
        [updated] = await tx
          .update(workloads)
          .set({ state: "cancelled", ...reasonColumns(by), waitCode: null, waitClauses: null, reservedSeconds: 0n, cancelRequestedAt: now, endedAt: now, updatedAt: now })
          .where(eq(workloads.id, id))
          .returning();
        await recordEvent(tx, id, "cancelled", row.attempt, lifecycleReason({ key: "cancelled-while-queued", params: {} }), actorLabel(actor), now);
      } else if (row.cancelRequestedAt === null) {
        [updated] = await tx
          .update(workloads)
          .set({ cancelRequestedAt: now, ...reasonColumns(by), updatedAt: now })
          .where(eq(workloads.id, id))
          .returning();
        await recordEvent(tx, id, state, row.attempt, lifecycleReason({ key: "cancel-requested", params: {} }), actorLabel(actor), now);
      }
      await appendAudit(tx, this.deps.auditKey, { chain: row.organizationId, actor: actorLabel(actor), action: "workload.cancelled", subjectType: "workload", subjectId: id, change: { state }, at: now });
      return workloadView(updated ?? row);
    });
  }

  /** What the workload's current (or last) run printed, from its cluster. */
  async output(actor: Actor, id: string): Promise<{ readonly runId: string | null; readonly stdout: string; readonly stderr: string; readonly truncated: boolean }> {
    const row = await this.visible(actor, this.deps.store.db, id);
    if (row.attempt === 0 || row.cluster === null) return { runId: null, stdout: "", stderr: "", truncated: false };
    const executor = this.deps.executors?.get(row.cluster);
    if (executor === undefined) throw new HighwayError("SERVICE_UNAVAILABLE", { detail: `no executor for cluster ${row.cluster} on this server`, detailKo: `이 서버에는 클러스터 ${row.cluster}의 실행기가 없습니다` });
    const runId = runIdOf(row.id, row.attempt);
    const out = await executor.output(runId);
    return { runId, stdout: out?.stdout ?? "", stderr: out?.stderr ?? "", truncated: out?.truncated ?? false };
  }

  /** The workload, or NOT_FOUND for one the actor may not see. */
  /** The names the reasons of `rows` (and of their `events`) mention (reason-names.ts). */
  async #names(rows: readonly WorkloadRow[], events: readonly (typeof workloadEvents.$inferSelect)[] = []): Promise<ReasonNames> {
    return readReasonNames(
      this.deps.store.db,
      rows.map((r) => r.projectId),
      [...rows.map((r) => r.waitClauses), ...rows.map((r) => r.lifecycleClauses), ...events.map((e) => e.lifecycleClauses)],
    );
  }

  private async visible(actor: Actor, db: Db, id: string, lock = false): Promise<WorkloadRow> {
    requireAuthenticated(actor);
    if (!z.uuid().safeParse(id).success) throw new HighwayError("NOT_FOUND", { detail: "workload not found", detailKo: "워크로드를 찾을 수 없습니다" });
    const query = db.select().from(workloads).where(eq(workloads.id, id));
    const [row] = lock ? await query.for("update") : await query;
    const mine = actor.kind === "person" && row !== undefined && actor.memberships.has(row.organizationId);
    if (row === undefined || !(mine || canReadAllOrganizations(actor))) throw new HighwayError("NOT_FOUND", { detail: "workload not found", detailKo: "워크로드를 찾을 수 없습니다" });
    return row;
  }

  private canManage(actor: Actor, row: WorkloadRow): boolean {
    if (actor.kind !== "person") return actor.kind === "system";
    if (actor.personId === row.submittedBy || actor.platformRoles.has("platform_admin")) return true;
    return actor.memberships.get(row.organizationId) === "org_admin";
  }
}

/** The row's columns for a lifecycle reason: its text and its clauses, written together. */
function reasonColumns(reason: LifecycleReason): Pick<WorkloadRow, "reason" | "lifecycleClauses"> {
  return { reason: reason.reason, lifecycleClauses: reason.clauses };
}

function eventView(e: typeof workloadEvents.$inferSelect, names: ReasonNames, owner: ReasonOwner): WorkloadEventView {
  const clauses = lifecycleClausesOf(e.reason, e.lifecycleClauses);
  return {
    at: e.at.toISOString(),
    state: e.state,
    attempt: e.attempt,
    reason: e.reason,
    reasonText: clauses === null ? null : lifecycleText(clauses, names, owner),
    lifecycleClauses: clauses,
    actor: e.actor,
  };
}
