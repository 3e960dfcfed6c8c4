/**
 * Workloads and their execution: the workloads projects submit, each one's state history, the
 * balance each allocation's reservations and metered use are kept against, the scheduler's
 * leadership lease (its fencing epoch), decayed usage for fair share, and what operators and
 * clusters say about nodes (drains, maintenance windows, synced inventory).
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, people } from "./identity.js";
import { allocations, programs, projects } from "./programs.js";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const workloads = pgTable(
  "workloads",
  {
    id: uuid("id").primaryKey(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id),
    allocationId: uuid("allocation_id")
      .notNull()
      .references(() => allocations.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    submittedBy: uuid("submitted_by")
      .notNull()
      .references(() => people.id),
    name: text("name").notNull(),
    acceleratorClass: text("accelerator_class").notNull(),
    /** The one model asked for; null for any model of the class. */
    model: text("model"),
    acceleratorsPerNode: integer("accelerators_per_node").notNull(),
    nodeCount: integer("node_count").notNull(),
    accelerators: integer("accelerators").notNull(),
    timeLimitSeconds: integer("time_limit_seconds").notNull(),
    priorityTier: integer("priority_tier").notNull(),
    preemptible: boolean("preemptible").notNull(),
    /** WorkloadSpec (domain/workloads/workload.ts). */
    spec: jsonb("spec").notNull(),
    linuxUser: text("linux_user").notNull(),
    state: text("state").notNull(),
    /** Why it waits or how it ended, in words a person reads. */
    reason: text("reason"),
    /** The scheduler's stable waiting code while queued. */
    waitCode: text("wait_code"),
    /**
     * The waiting reason as facts while queued (the scheduler's WaitClause list), written with
     * `reason` and `wait_code`; the API renders it in Korean and English. Null otherwise.
     */
    waitClauses: jsonb("wait_clauses"),
    /**
     * Any other reason as facts (a LifecycleClause list, domain/workloads/lifecycle-reason.ts),
     * written with `reason` in the same statement; null while the reason is a waiting reason, and
     * for reasons written before it existed.
     */
    lifecycleClauses: jsonb("lifecycle_clauses"),
    /** 0 until first dispatched; each dispatch is a new attempt and a new cluster job. */
    attempt: integer("attempt").notNull().default(0),
    cluster: text("cluster"),
    placedModel: text("placed_model"),
    nodes: jsonb("nodes"),
    jobId: text("job_id"),
    dispatchedAt: instant("dispatched_at"),
    startedAt: instant("started_at"),
    endedAt: instant("ended_at"),
    exitCode: integer("exit_code"),
    cancelRequestedAt: instant("cancel_requested_at"),
    /** Set when the scheduler preempts the run: it is being stopped with a grace period. */
    preemptingAt: instant("preempting_at"),
    /** Accelerator-seconds still reserved against the balance. */
    reservedSeconds: bigint("reserved_seconds", { mode: "bigint" }).notNull(),
    /** Accelerator-seconds metered over all attempts. */
    meteredSeconds: bigint("metered_seconds", { mode: "bigint" }).notNull().default(sql`0`),
    /** How far the current run has been metered. */
    meteredUntil: instant("metered_until"),
    submittedAt: instant("submitted_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
    /** The fencing epoch of the scheduler leader that last wrote the workload. */
    epoch: bigint("epoch", { mode: "number" }),
  },
  (t) => [
    index("workloads_active_idx")
      .on(t.state)
      .where(sql`state in ('queued', 'dispatched', 'running')`),
    index("workloads_project_idx").on(t.projectId, t.id),
    index("workloads_organization_idx").on(t.organizationId, t.id),
  ],
);

/** A workload's state history, one row per transition. */
export const workloadEvents = pgTable(
  "workload_events",
  {
    id: uuid("id").primaryKey(),
    workloadId: uuid("workload_id")
      .notNull()
      .references(() => workloads.id),
    at: instant("at").notNull(),
    state: text("state").notNull(),
    attempt: integer("attempt").notNull(),
    reason: text("reason"),
    /** The reason as facts (a LifecycleClause list), inserted with it; null for events from before. */
    lifecycleClauses: jsonb("lifecycle_clauses"),
    actor: text("actor").notNull(),
  },
  (t) => [index("workload_events_workload_idx").on(t.workloadId, t.at)],
);

/**
 * Per allocation and class: granted seconds (released hours x 3,600), metered use net of credits,
 * and what running and waiting workloads hold in reservation. A submission reserves with one
 * conditional update, so concurrent submissions can never reserve more than the balance.
 */
export const allocationBalances = pgTable(
  "allocation_balances",
  {
    allocationId: uuid("allocation_id")
      .notNull()
      .references(() => allocations.id),
    acceleratorClass: text("accelerator_class").notNull(),
    grantedSeconds: bigint("granted_seconds", { mode: "bigint" }).notNull(),
    usedSeconds: bigint("used_seconds", { mode: "bigint" }).notNull(),
    reservedSeconds: bigint("reserved_seconds", { mode: "bigint" }).notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.allocationId, t.acceleratorClass] })],
);

/** The scheduler's leadership: each new leader increments the epoch; writes carry and check it. */
export const schedulerLeases = pgTable("scheduler_leases", {
  name: text("name").primaryKey(),
  epoch: bigint("epoch", { mode: "number" }).notNull(),
  holder: text("holder").notNull(),
  acquiredAt: instant("acquired_at").notNull(),
});

/** A project's metered use, exponentially decayed, for fair share. */
export const queueUsage = pgTable("queue_usage", {
  projectId: uuid("project_id")
    .primaryKey()
    .references(() => projects.id),
  decayedSeconds: doublePrecision("decayed_seconds").notNull(),
  asOf: instant("as_of").notNull(),
});

/** An operator's drain of one node: nothing new is placed on it until it is resumed. */
export const nodeDrains = pgTable("node_drains", {
  node: text("node").primaryKey(),
  cluster: text("cluster").notNull(),
  reason: text("reason").notNull(),
  drainedBy: text("drained_by").notNull(),
  drainedAt: instant("drained_at").notNull(),
});

/** A booked maintenance window on nodes of a cluster (all of them when `nodes` is null). */
export const maintenanceWindows = pgTable(
  "maintenance_windows",
  {
    id: uuid("id").primaryKey(),
    cluster: text("cluster").notNull(),
    nodes: jsonb("nodes"),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    reason: text("reason").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull(),
    cancelledAt: instant("cancelled_at"),
  },
  (t) => [index("maintenance_windows_cluster_idx").on(t.cluster, t.endsAt)],
);

/** What a cluster last said about a node that is not simply in service (drained, down). */
export const nodeInventory = pgTable(
  "node_inventory",
  {
    node: text("node").primaryKey(),
    cluster: text("cluster").notNull(),
    state: text("state").notNull(),
    reason: text("reason"),
    gresType: text("gres_type"),
    accelerators: integer("accelerators").notNull(),
    seenAt: instant("seen_at").notNull(),
  },
  (t) => [index("node_inventory_cluster_idx").on(t.cluster)],
);
