/**
 * Programs and the allocation lifecycle: programs, calls, rounds, applications, reviews, projects,
 * allocations, their scheduling queues, progress reports and the usage ledger. Settings that the
 * pure domain owns (program rules, round settings, an allocation's grants and tranches, a queue's
 * parameters) are stored as JSON in the domain's own shape; the columns beside them are what
 * queries filter, join and lock on.
 */
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, people } from "./identity.js";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const programs = pgTable("programs", {
  id: uuid("id").primaryKey(),
  code: text("code").notNull().unique(),
  fiscalYear: integer("fiscal_year").notNull(),
  nameKo: text("name_ko").notNull(),
  nameEn: text("name_en").notNull(),
  /** ProgramSettings (domain/programs/program.ts). */
  settings: jsonb("settings").notNull(),
  /** BudgetAmounts committed by allocations; changed only under this row's lock. */
  committed: jsonb("committed").notNull(),
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
});

export const calls = pgTable(
  "calls",
  {
    id: uuid("id").primaryKey(),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    code: text("code").notNull(),
    settings: jsonb("settings").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [uniqueIndex("calls_program_code_key").on(t.programId, t.code)],
);

export const rounds = pgTable(
  "rounds",
  {
    id: uuid("id").primaryKey(),
    callId: uuid("call_id")
      .notNull()
      .references(() => calls.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    /** RoundSettings (domain/programs/round.ts). */
    settings: jsonb("settings").notNull(),
    opensAt: instant("opens_at").notNull(),
    closesAt: instant("closes_at").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [index("rounds_call_idx").on(t.callId)],
);

export const applications = pgTable(
  "applications",
  {
    id: uuid("id").primaryKey(),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => people.id),
    state: text("state").notNull(),
    /** ApplicationSettings (domain/programs/application.ts). */
    content: jsonb("content").notNull(),
    submittedAt: instant("submitted_at"),
    decidedAt: instant("decided_at"),
    /** The decision's outcome, public note and reasons, once decided. */
    decision: jsonb("decision"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [index("applications_round_idx").on(t.roundId), index("applications_org_idx").on(t.organizationId)],
);

export const reviewAssignments = pgTable(
  "review_assignments",
  {
    id: uuid("id").primaryKey(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => people.id),
    status: text("status").notNull(),
    dueAt: instant("due_at"),
    scores: jsonb("scores"),
    /** Weighted score in centipoints (0..10,000). */
    score: integer("score"),
    publicComment: text("public_comment"),
    privateComment: text("private_comment"),
    assignedAt: instant("assigned_at").notNull(),
    submittedAt: instant("submitted_at"),
    /** When the reviewer was reminded of the deadline (review.due), once. */
    remindedAt: instant("reminded_at"),
  },
  (t) => [uniqueIndex("review_assignments_key").on(t.applicationId, t.reviewerId), index("review_assignments_reviewer_idx").on(t.reviewerId)],
);

export const reviewerConflicts = pgTable(
  "reviewer_conflicts",
  {
    id: uuid("id").primaryKey(),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => people.id),
    kind: text("kind").notNull(),
    organizationId: uuid("organization_id").references(() => organizations.id),
    applicationId: uuid("application_id").references(() => applications.id),
    note: text("note").notNull(),
    declaredAt: instant("declared_at").notNull(),
  },
  (t) => [index("reviewer_conflicts_reviewer_idx").on(t.reviewerId)],
);

export const projects = pgTable("projects", {
  id: uuid("id").primaryKey(),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  programId: uuid("program_id")
    .notNull()
    .references(() => programs.id),
  applicationId: uuid("application_id")
    .notNull()
    .unique()
    .references(() => applications.id),
  title: text("title").notNull(),
  createdAt: instant("created_at").notNull(),
});

export const projectMembers = pgTable(
  "project_members",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    role: text("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.personId] })],
);

export const allocations = pgTable(
  "allocations",
  {
    id: uuid("id").primaryKey(),
    projectId: uuid("project_id")
      .notNull()
      .unique()
      .references(() => projects.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    status: text("status").notNull(),
    /** Allocation (domain/programs/allocation.ts). */
    data: jsonb("data").notNull(),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    /** Set while the allocation is flagged idle (reclaim warning), cleared when it is used or reduced. */
    idleSince: instant("idle_since"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [index("allocations_program_idx").on(t.programId), index("allocations_org_idx").on(t.organizationId)],
);

/** A project's scheduling queue, rewritten in the same transaction as every allocation change. */
export const queues = pgTable("queues", {
  projectId: uuid("project_id")
    .primaryKey()
    .references(() => projects.id),
  cohort: text("cohort").notNull(),
  /** QueueParameters (domain/programs/queue-from-allocation.ts). */
  parameters: jsonb("parameters").notNull(),
  updatedAt: instant("updated_at").notNull(),
});

export const progressReports = pgTable("progress_reports", {
  id: uuid("id").primaryKey(),
  allocationId: uuid("allocation_id")
    .notNull()
    .references(() => allocations.id),
  trancheIndex: integer("tranche_index").notNull(),
  status: text("status").notNull(),
  content: jsonb("content").notNull(),
  submittedBy: uuid("submitted_by")
    .notNull()
    .references(() => people.id),
  submittedAt: instant("submitted_at").notNull(),
  reviewedAt: instant("reviewed_at"),
  reviewNote: text("review_note"),
});

/**
 * The usage ledger: immutable entries of metered use (and credits) per allocation, priced by the
 * accelerator model and split into the organization's co-pay and the government's share. The
 * execution work appends to it; reclaim and reports read it.
 */
export const usageLedger = pgTable(
  "usage_ledger",
  {
    id: uuid("id").primaryKey(),
    allocationId: uuid("allocation_id")
      .notNull()
      .references(() => allocations.id),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    workloadId: text("workload_id").notNull(),
    /** `<workload>.<attempt>` for metered runs; null for entries recorded by hand. */
    runId: text("run_id"),
    /** usage | credit (a credit gives back what a failed run's usage charged). */
    kind: text("kind").notNull(),
    operator: text("operator"),
    site: text("site"),
    cluster: text("cluster"),
    accelerators: integer("accelerators"),
    pricePerHourKrw: bigint("price_per_hour_krw", { mode: "bigint" }),
    acceleratorClass: text("accelerator_class").notNull(),
    model: text("model").notNull(),
    startedAt: instant("started_at").notNull(),
    endedAt: instant("ended_at").notNull(),
    acceleratorSeconds: bigint("accelerator_seconds", { mode: "bigint" }).notNull(),
    krw: bigint("krw", { mode: "bigint" }).notNull(),
    governmentKrw: bigint("government_krw", { mode: "bigint" }).notNull(),
    coPayKrw: bigint("co_pay_krw", { mode: "bigint" }).notNull(),
    recordedAt: instant("recorded_at").notNull(),
  },
  (t) => [
    index("usage_ledger_allocation_idx").on(t.allocationId, t.endedAt),
    // A run's interval is metered once: a replayed metering pass cannot append it twice.
    uniqueIndex("usage_ledger_run_interval_key").on(t.runId, t.kind, t.startedAt),
    index("usage_ledger_org_idx").on(t.organizationId, t.startedAt),
    index("usage_ledger_cluster_idx").on(t.cluster, t.startedAt),
    // An operator's monthly settlement statement reads one operator's month.
    index("usage_ledger_operator_idx").on(t.operator, t.startedAt),
  ],
);
