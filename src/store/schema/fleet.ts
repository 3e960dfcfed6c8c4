/**
 * The fleet registry: operators, sites, clusters, node pools and accelerator models, as imported
 * from a fleet file (src/domain/fleet.ts). Nodes are not stored: a pool keeps its topology
 * parameters and `expandFleet` derives its nodes. Each row has a UUIDv7 `id` (pagination order)
 * and its natural key from the file (`key`; a pool's is its cluster and position). A row the
 * latest import no longer names is not deleted but marked `retired_at`, so that allocations,
 * workloads and usage that refer to it keep their reference; naming it again revives it.
 */
import { bigint, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

const lifecycle = {
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
  retiredAt: instant("retired_at"),
};

/** An accelerator model; `class` groups interchangeable models (budgets and quotas are per class). */
export const acceleratorModels = pgTable(
  "accelerator_models",
  {
    id: uuid("id").primaryKey(),
    key: text("key").notNull(),
    acceleratorClass: text("accelerator_class").notNull(),
    vendor: text("vendor").notNull(),
    kind: text("kind").notNull(),
    memoryGib: doublePrecision("memory_gib").notNull(),
    bf16DenseTflops: doublePrecision("bf16_dense_tflops").notNull(),
    refPriceKrwPerHour: bigint("ref_price_krw_per_hour", { mode: "bigint" }).notNull(),
    ...lifecycle,
  },
  (t) => [uniqueIndex("accelerator_models_key_key").on(t.key)],
);

/** A company or agency that runs sites. */
export const fleetOperators = pgTable(
  "fleet_operators",
  {
    id: uuid("id").primaryKey(),
    key: text("key").notNull(),
    ...lifecycle,
  },
  (t) => [uniqueIndex("fleet_operators_key_key").on(t.key)],
);

/** A data centre in one region, run by one operator. */
export const fleetSites = pgTable(
  "fleet_sites",
  {
    id: uuid("id").primaryKey(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => fleetOperators.id),
    region: text("region").notNull(),
    ...lifecycle,
  },
  (t) => [uniqueIndex("fleet_sites_key_key").on(t.key), index("fleet_sites_operator_idx").on(t.operatorId)],
);

/** One Slurm cluster at a site. */
export const fleetClusters = pgTable(
  "fleet_clusters",
  {
    id: uuid("id").primaryKey(),
    key: text("key").notNull(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => fleetSites.id),
    ...lifecycle,
  },
  (t) => [uniqueIndex("fleet_clusters_key_key").on(t.key), index("fleet_clusters_site_idx").on(t.siteId)],
);

/**
 * A pool of identical nodes: the `position`-th pool of its cluster in the file (node names and
 * topology ids count from it, as `expandFleet` does).
 */
export const fleetNodePools = pgTable(
  "fleet_node_pools",
  {
    id: uuid("id").primaryKey(),
    clusterId: uuid("cluster_id")
      .notNull()
      .references(() => fleetClusters.id),
    position: integer("position").notNull(),
    modelId: uuid("model_id")
      .notNull()
      .references(() => acceleratorModels.id),
    nodes: integer("nodes").notNull(),
    acceleratorsPerNode: integer("accelerators_per_node").notNull(),
    nvlinkDomainNodes: integer("nvlink_domain_nodes").notNull(),
    nodesPerRack: integer("nodes_per_rack").notNull(),
    racksPerPod: integer("racks_per_pod").notNull(),
    ...lifecycle,
  },
  (t) => [uniqueIndex("fleet_node_pools_cluster_position_key").on(t.clusterId, t.position), index("fleet_node_pools_model_idx").on(t.modelId)],
);
