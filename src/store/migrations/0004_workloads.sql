CREATE TABLE "allocation_balances" (
	"allocation_id" uuid NOT NULL,
	"accelerator_class" text NOT NULL,
	"granted_seconds" bigint NOT NULL,
	"used_seconds" bigint NOT NULL,
	"reserved_seconds" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "allocation_balances_allocation_id_accelerator_class_pk" PRIMARY KEY("allocation_id","accelerator_class")
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cluster" text NOT NULL,
	"nodes" jsonb,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "node_drains" (
	"node" text PRIMARY KEY NOT NULL,
	"cluster" text NOT NULL,
	"reason" text NOT NULL,
	"drained_by" text NOT NULL,
	"drained_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "node_inventory" (
	"node" text PRIMARY KEY NOT NULL,
	"cluster" text NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"gres_type" text,
	"accelerators" integer NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "queue_usage" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"decayed_seconds" double precision NOT NULL,
	"as_of" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduler_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"epoch" bigint NOT NULL,
	"holder" text NOT NULL,
	"acquired_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workload_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workload_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"attempt" integer NOT NULL,
	"reason" text,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workloads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"allocation_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"submitted_by" uuid NOT NULL,
	"name" text NOT NULL,
	"accelerator_class" text NOT NULL,
	"model" text,
	"accelerators_per_node" integer NOT NULL,
	"node_count" integer NOT NULL,
	"accelerators" integer NOT NULL,
	"time_limit_seconds" integer NOT NULL,
	"priority_tier" integer NOT NULL,
	"preemptible" boolean NOT NULL,
	"spec" jsonb NOT NULL,
	"linux_user" text NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"wait_code" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"cluster" text,
	"placed_model" text,
	"nodes" jsonb,
	"job_id" text,
	"dispatched_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"exit_code" integer,
	"cancel_requested_at" timestamp with time zone,
	"preempting_at" timestamp with time zone,
	"reserved_seconds" bigint NOT NULL,
	"metered_seconds" bigint DEFAULT 0 NOT NULL,
	"metered_until" timestamp with time zone,
	"submitted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"epoch" bigint
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "linux_user" text;--> statement-breakpoint
ALTER TABLE "usage_ledger" ADD COLUMN "run_id" text;--> statement-breakpoint
ALTER TABLE "usage_ledger" ADD COLUMN "operator" text;--> statement-breakpoint
ALTER TABLE "usage_ledger" ADD COLUMN "site" text;--> statement-breakpoint
ALTER TABLE "usage_ledger" ADD COLUMN "cluster" text;--> statement-breakpoint
ALTER TABLE "usage_ledger" ADD COLUMN "accelerators" integer;--> statement-breakpoint
ALTER TABLE "usage_ledger" ADD COLUMN "price_per_hour_krw" bigint;--> statement-breakpoint
ALTER TABLE "allocation_balances" ADD CONSTRAINT "allocation_balances_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_usage" ADD CONSTRAINT "queue_usage_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workload_events" ADD CONSTRAINT "workload_events_workload_id_workloads_id_fk" FOREIGN KEY ("workload_id") REFERENCES "public"."workloads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workloads" ADD CONSTRAINT "workloads_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workloads" ADD CONSTRAINT "workloads_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workloads" ADD CONSTRAINT "workloads_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workloads" ADD CONSTRAINT "workloads_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workloads" ADD CONSTRAINT "workloads_submitted_by_people_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "maintenance_windows_cluster_idx" ON "maintenance_windows" USING btree ("cluster","ends_at");--> statement-breakpoint
CREATE INDEX "node_inventory_cluster_idx" ON "node_inventory" USING btree ("cluster");--> statement-breakpoint
CREATE INDEX "workload_events_workload_idx" ON "workload_events" USING btree ("workload_id","at");--> statement-breakpoint
CREATE INDEX "workloads_active_idx" ON "workloads" USING btree ("state") WHERE state in ('queued', 'dispatched', 'running');--> statement-breakpoint
CREATE INDEX "workloads_project_idx" ON "workloads" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "workloads_organization_idx" ON "workloads" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_ledger_run_interval_key" ON "usage_ledger" USING btree ("run_id","kind","started_at");--> statement-breakpoint
CREATE INDEX "usage_ledger_org_idx" ON "usage_ledger" USING btree ("organization_id","started_at");--> statement-breakpoint
CREATE INDEX "usage_ledger_cluster_idx" ON "usage_ledger" USING btree ("cluster","started_at");