CREATE TABLE "accelerator_models" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"accelerator_class" text NOT NULL,
	"vendor" text NOT NULL,
	"kind" text NOT NULL,
	"memory_gib" double precision NOT NULL,
	"bf16_dense_tflops" double precision NOT NULL,
	"ref_price_krw_per_hour" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fleet_clusters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"site_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fleet_node_pools" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cluster_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"model_id" uuid NOT NULL,
	"nodes" integer NOT NULL,
	"accelerators_per_node" integer NOT NULL,
	"nvlink_domain_nodes" integer NOT NULL,
	"nodes_per_rack" integer NOT NULL,
	"racks_per_pod" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fleet_operators" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fleet_sites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"operator_id" uuid NOT NULL,
	"region" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "fleet_clusters" ADD CONSTRAINT "fleet_clusters_site_id_fleet_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."fleet_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet_node_pools" ADD CONSTRAINT "fleet_node_pools_cluster_id_fleet_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."fleet_clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet_node_pools" ADD CONSTRAINT "fleet_node_pools_model_id_accelerator_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."accelerator_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet_sites" ADD CONSTRAINT "fleet_sites_operator_id_fleet_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."fleet_operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accelerator_models_key_key" ON "accelerator_models" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "fleet_clusters_key_key" ON "fleet_clusters" USING btree ("key");--> statement-breakpoint
CREATE INDEX "fleet_clusters_site_idx" ON "fleet_clusters" USING btree ("site_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fleet_node_pools_cluster_position_key" ON "fleet_node_pools" USING btree ("cluster_id","position");--> statement-breakpoint
CREATE INDEX "fleet_node_pools_model_idx" ON "fleet_node_pools" USING btree ("model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fleet_operators_key_key" ON "fleet_operators" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "fleet_sites_key_key" ON "fleet_sites" USING btree ("key");--> statement-breakpoint
CREATE INDEX "fleet_sites_operator_idx" ON "fleet_sites" USING btree ("operator_id");