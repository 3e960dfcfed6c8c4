ALTER TABLE "workload_events" ADD COLUMN "lifecycle_clauses" jsonb;--> statement-breakpoint
ALTER TABLE "workloads" ADD COLUMN "lifecycle_clauses" jsonb;