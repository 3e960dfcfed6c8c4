/**
 * The fleet registry: imports a fleet file (the format of fixtures/fleet/national-260k.json) and
 * answers what the fleet holds. An import runs in one transaction and upserts every entity by its
 * natural id (model, operator, site and cluster ids; a pool's cluster and position), so importing
 * the same file again changes nothing and a changed file updates in place, keeping row ids. An
 * entity the file no longer names is retired (`retiredAt` set), never deleted: allocations,
 * workloads and usage may refer to it; it leaves lists and the capacity summary, and naming it in
 * a later import revives it. Imports are serialized by a transaction-scoped advisory lock.
 *
 * Only platform administrators import; any authenticated person reads. Each import appends one
 * `fleet.imported` event to the platform chain with the file's digest and the counts.
 */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import { FleetFileSchema, type FleetFile } from "../../domain/fleet.js";
import { checkFleetFile } from "../../domain/fleet-check.js";
import {
  acceleratorClasses,
  isMonth,
  seoulMonth,
  summarizeCapacity,
  type AcceleratorClassRow,
  type CapacityPool,
  type CapacitySummary,
} from "../../domain/fleet-capacity.js";
import { parseOrThrow, throwViolations } from "../../domain/validation.js";
import { checkMessage } from "../../domain/zod-korean.js";
import { newId } from "../../store/ids.js";
import { acceleratorModels, fleetClusters, fleetNodePools, fleetOperators, fleetSites } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit, digestOf, PLATFORM_CHAIN } from "../audit/audit-log.js";
import { requirePlatformRole } from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../pagination.js";

/** What happened to one kind of entity in an import. */
export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
}

/** The answer to an import. */
export interface FleetImportResult {
  readonly name: string;
  /** sha256 of the file's canonical JSON. */
  readonly digest: string;
  readonly models: ChangeCounts;
  readonly operators: ChangeCounts;
  readonly sites: ChangeCounts;
  readonly clusters: ChangeCounts;
  readonly pools: ChangeCounts;
  readonly totals: { readonly gpus: number; readonly npus: number; readonly nodes: number };
}

/** Columns every registry row shares. */
interface Lifecycle {
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly retiredAt: string | null;
}

export interface AcceleratorModelView extends Lifecycle {
  readonly id: string;
  readonly key: string;
  readonly acceleratorClass: string;
  readonly vendor: string;
  readonly kind: "gpu" | "npu";
  readonly memoryGiB: number;
  readonly bf16DenseTflops: number;
  readonly refPriceKrwPerHour: number;
}
export interface OperatorView extends Lifecycle {
  readonly id: string;
  readonly key: string;
}
export interface SiteView extends Lifecycle {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly operator: string;
  readonly region: string;
}
export interface ClusterView extends Lifecycle {
  readonly id: string;
  readonly key: string;
  readonly site: string;
  readonly operator: string;
  readonly region: string;
}
export interface NodePoolView extends Lifecycle {
  readonly id: string;
  readonly cluster: string;
  readonly site: string;
  readonly position: number;
  readonly model: string;
  readonly acceleratorClass: string;
  readonly nodes: number;
  readonly acceleratorsPerNode: number;
  readonly accelerators: number;
  readonly nvlinkDomainNodes: number;
  readonly nodesPerRack: number;
  readonly racksPerPod: number;
}

/** A list request: a page, and whether retired entities are included. */
export const FleetListQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  includeRetired: z.enum(["true", "false"]).optional(),
});
export type FleetListQuery = z.infer<typeof FleetListQuery>;

/** A summary request: the calendar month (Asia/Seoul), this month by default. */
export const FleetSummaryQuery = z.strictObject({
  month: z
    .string()
    .refine(isMonth, checkMessage("must be a month YYYY-MM", "YYYY-MM 형식의 달이어야 합니다"))
    .optional(),
});

/** The capacity summary with the registry's counts of what it covers. */
export interface FleetSummary extends CapacitySummary {
  readonly operators: number;
  readonly sites: number;
  readonly clusters: number;
  readonly pools: number;
  readonly models: number;
  /** Every class of the active models, with its models and reference price (whether or not pools use them). */
  readonly classes: readonly AcceleratorClassRow[];
}

type ModelRow = typeof acceleratorModels.$inferSelect;
type PoolFields = Pick<
  typeof fleetNodePools.$inferSelect,
  "modelId" | "nodes" | "acceleratorsPerNode" | "nvlinkDomainNodes" | "nodesPerRack" | "racksPerPod"
>;

const IMPORT_LOCK = sql`select pg_advisory_xact_lock(hashtext('highway.fleet.import'))`;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const lifecycle = (r: { createdAt: Date; updatedAt: Date; retiredAt: Date | null }): Lifecycle => ({
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  retiredAt: iso(r.retiredAt),
});

function modelView(r: ModelRow): AcceleratorModelView {
  return {
    id: r.id,
    key: r.key,
    acceleratorClass: r.acceleratorClass,
    vendor: r.vendor,
    kind: r.kind as "gpu" | "npu",
    memoryGiB: r.memoryGib,
    bf16DenseTflops: r.bf16DenseTflops,
    refPriceKrwPerHour: Number(r.refPriceKrwPerHour),
    ...lifecycle(r),
  };
}

const counts = (): ChangeCounts => ({ created: 0, updated: 0, unchanged: 0, retired: 0 });

/** True when any field of `want` differs from `have`. */
function differs<T extends object>(have: T, want: Partial<T>): boolean {
  return (Object.keys(want) as (keyof T)[]).some((k) => have[k] !== want[k]);
}

/**
 * Upserts one entity kind by natural key: inserts the new, updates the changed (reviving the
 * retired), leaves the rest alone, and retires what `wanted` does not name. Returns key -> id.
 */
async function reconcile<R extends { id: string; retiredAt: Date | null }, F extends object>(
  rows: readonly R[],
  keyOf: (row: R) => string,
  wanted: ReadonlyMap<string, F>,
  now: Date,
  write: {
    insert(id: string, key: string, fields: F): Promise<void>;
    update(id: string, set: Partial<F> & { updatedAt: Date; retiredAt: Date | null }): Promise<void>;
  },
): Promise<{ ids: Map<string, string>; counts: ChangeCounts }> {
  const c = counts();
  const ids = new Map<string, string>();
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  for (const [key, fields] of wanted) {
    const row = byKey.get(key);
    if (row === undefined) {
      const id = newId(now);
      await write.insert(id, key, fields);
      ids.set(key, id);
      c.created++;
      continue;
    }
    ids.set(key, row.id);
    if (row.retiredAt !== null || differs(row as unknown as F, fields)) {
      await write.update(row.id, { ...fields, updatedAt: now, retiredAt: null });
      c.updated++;
    } else c.unchanged++;
  }
  for (const row of rows) {
    if (wanted.has(keyOf(row)) || row.retiredAt !== null) continue;
    await write.update(row.id, { updatedAt: now, retiredAt: now } as Partial<F> & { updatedAt: Date; retiredAt: Date });
    c.retired++;
  }
  return { ids, counts: c };
}

/** Use cases of the fleet registry. */
export class FleetRegistry {
  constructor(private readonly deps: ServiceDeps) {}

  /** Imports a fleet file (platform administrators); idempotent, a changed file updates. */
  async import(actor: Actor, input: unknown): Promise<FleetImportResult> {
    requirePlatformRole(actor, "platform_admin");
    const fleet = parseOrThrow(FleetFileSchema, input);
    const violations = checkFleetFile(fleet);
    if (violations.length > 0) throwViolations(violations);
    const now = this.deps.clock.now();
    const digest = digestOf(fleet);
    return this.deps.store.transaction(async (tx) => {
      await tx.execute(IMPORT_LOCK);
      const result = await this.reconcileAll(tx, fleet, digest, now);
      await appendAudit(tx, this.deps.auditKey, {
        chain: PLATFORM_CHAIN,
        actor: actorLabel(actor),
        action: "fleet.imported",
        subjectType: "fleet",
        subjectId: fleet.name,
        change: result,
        at: now,
      });
      return result;
    });
  }

  private async reconcileAll(tx: Db, fleet: FleetFile, digest: string, now: Date): Promise<FleetImportResult> {
    const models = await reconcile(
      await tx.select().from(acceleratorModels),
      (r) => r.key,
      new Map(
        Object.entries(fleet.acceleratorModels).map(([key, m]) => [
          key,
          {
            acceleratorClass: m.class,
            vendor: m.vendor,
            kind: m.kind,
            memoryGib: m.memoryGiB,
            bf16DenseTflops: m.bf16DenseTflops,
            refPriceKrwPerHour: BigInt(m.refPriceKrwPerHour),
          },
        ]),
      ),
      now,
      {
        insert: async (id, key, f) => void (await tx.insert(acceleratorModels).values({ id, key, ...f, createdAt: now, updatedAt: now })),
        update: async (id, set) => void (await tx.update(acceleratorModels).set(set).where(eq(acceleratorModels.id, id))),
      },
    );
    const operators = await reconcile(
      await tx.select().from(fleetOperators),
      (r) => r.key,
      new Map(fleet.sites.map((s) => [s.operator, {}])),
      now,
      {
        insert: async (id, key) => void (await tx.insert(fleetOperators).values({ id, key, createdAt: now, updatedAt: now })),
        update: async (id, set) => void (await tx.update(fleetOperators).set(set).where(eq(fleetOperators.id, id))),
      },
    );
    const sites = await reconcile(
      await tx.select().from(fleetSites),
      (r) => r.key,
      new Map(fleet.sites.map((s) => [s.id, { name: s.name, operatorId: operators.ids.get(s.operator)!, region: s.region }])),
      now,
      {
        insert: async (id, key, f) => void (await tx.insert(fleetSites).values({ id, key, ...f, createdAt: now, updatedAt: now })),
        update: async (id, set) => void (await tx.update(fleetSites).set(set).where(eq(fleetSites.id, id))),
      },
    );
    const clusters = await reconcile(
      await tx.select().from(fleetClusters),
      (r) => r.key,
      new Map(fleet.sites.flatMap((s) => s.clusters.map((c) => [c.id, { siteId: sites.ids.get(s.id)! }] as const))),
      now,
      {
        insert: async (id, key, f) => void (await tx.insert(fleetClusters).values({ id, key, ...f, createdAt: now, updatedAt: now })),
        update: async (id, set) => void (await tx.update(fleetClusters).set(set).where(eq(fleetClusters.id, id))),
      },
    );
    // A pool's natural key is its cluster's row id and its position in the cluster.
    const wantedPools = new Map<string, PoolFields & { clusterId: string; position: number }>();
    for (const site of fleet.sites) {
      for (const cluster of site.clusters) {
        const clusterId = clusters.ids.get(cluster.id)!;
        cluster.pools.forEach((p, position) => {
          wantedPools.set(`${clusterId}/${position}`, {
            clusterId,
            position,
            modelId: models.ids.get(p.model)!,
            nodes: p.nodes,
            acceleratorsPerNode: p.acceleratorsPerNode,
            nvlinkDomainNodes: p.nvlinkDomainNodes,
            nodesPerRack: p.nodesPerRack,
            racksPerPod: p.racksPerPod,
          });
        });
      }
    }
    const pools = await reconcile(await tx.select().from(fleetNodePools), (r) => `${r.clusterId}/${r.position}`, wantedPools, now, {
      insert: async (id, _key, f) => void (await tx.insert(fleetNodePools).values({ id, ...f, createdAt: now, updatedAt: now })),
      update: async (id, set) => void (await tx.update(fleetNodePools).set(set).where(eq(fleetNodePools.id, id))),
    });
    const totals = { gpus: 0, npus: 0, nodes: 0 };
    for (const pool of fleet.sites.flatMap((s) => s.clusters.flatMap((c) => c.pools))) {
      totals.nodes += pool.nodes;
      totals[fleet.acceleratorModels[pool.model]!.kind === "gpu" ? "gpus" : "npus"] += pool.nodes * pool.acceleratorsPerNode;
    }
    return {
      name: fleet.name,
      digest,
      models: models.counts,
      operators: operators.counts,
      sites: sites.counts,
      clusters: clusters.counts,
      pools: pools.counts,
      totals,
    };
  }

  /** Accelerator models with their classes. */
  async listModels(actor: Actor, query: FleetListQuery): Promise<Page<AcceleratorModelView>> {
    requireReader(actor);
    const { after, size, active } = listing(query);
    const rows = await this.deps.store.db
      .select()
      .from(acceleratorModels)
      .where(and(after === null ? undefined : gt(acceleratorModels.id, after), active ? isNull(acceleratorModels.retiredAt) : undefined))
      .orderBy(asc(acceleratorModels.id))
      .limit(size + 1);
    return toPage(rows, size, modelView);
  }

  /** Operators. */
  async listOperators(actor: Actor, query: FleetListQuery): Promise<Page<OperatorView>> {
    requireReader(actor);
    const { after, size, active } = listing(query);
    const rows = await this.deps.store.db
      .select()
      .from(fleetOperators)
      .where(and(after === null ? undefined : gt(fleetOperators.id, after), active ? isNull(fleetOperators.retiredAt) : undefined))
      .orderBy(asc(fleetOperators.id))
      .limit(size + 1);
    return toPage(rows, size, (r) => ({ id: r.id, key: r.key, ...lifecycle(r) }));
  }

  /** Sites with their operator and region. */
  async listSites(actor: Actor, query: FleetListQuery): Promise<Page<SiteView>> {
    requireReader(actor);
    const { after, size, active } = listing(query);
    const rows = await this.deps.store.db
      .select({ site: fleetSites, operator: fleetOperators.key })
      .from(fleetSites)
      .innerJoin(fleetOperators, eq(fleetOperators.id, fleetSites.operatorId))
      .where(and(after === null ? undefined : gt(fleetSites.id, after), active ? isNull(fleetSites.retiredAt) : undefined))
      .orderBy(asc(fleetSites.id))
      .limit(size + 1);
    return toPage(
      rows.map((r) => ({ ...r, id: r.site.id })),
      size,
      ({ site, operator }) => ({ id: site.id, key: site.key, name: site.name, operator, region: site.region, ...lifecycle(site) }),
    );
  }

  /** Clusters with their site, operator and region. */
  async listClusters(actor: Actor, query: FleetListQuery): Promise<Page<ClusterView>> {
    requireReader(actor);
    const { after, size, active } = listing(query);
    const rows = await this.deps.store.db
      .select({ cluster: fleetClusters, site: fleetSites.key, region: fleetSites.region, operator: fleetOperators.key })
      .from(fleetClusters)
      .innerJoin(fleetSites, eq(fleetSites.id, fleetClusters.siteId))
      .innerJoin(fleetOperators, eq(fleetOperators.id, fleetSites.operatorId))
      .where(and(after === null ? undefined : gt(fleetClusters.id, after), active ? isNull(fleetClusters.retiredAt) : undefined))
      .orderBy(asc(fleetClusters.id))
      .limit(size + 1);
    return toPage(
      rows.map((r) => ({ ...r, id: r.cluster.id })),
      size,
      ({ cluster, site, region, operator }) => ({ id: cluster.id, key: cluster.key, site, operator, region, ...lifecycle(cluster) }),
    );
  }

  /** Node pools with their model, class and topology parameters. */
  async listPools(actor: Actor, query: FleetListQuery): Promise<Page<NodePoolView>> {
    requireReader(actor);
    const { after, size, active } = listing(query);
    const rows = await this.deps.store.db
      .select({ pool: fleetNodePools, cluster: fleetClusters.key, site: fleetSites.key, model: acceleratorModels.key, acceleratorClass: acceleratorModels.acceleratorClass })
      .from(fleetNodePools)
      .innerJoin(fleetClusters, eq(fleetClusters.id, fleetNodePools.clusterId))
      .innerJoin(fleetSites, eq(fleetSites.id, fleetClusters.siteId))
      .innerJoin(acceleratorModels, eq(acceleratorModels.id, fleetNodePools.modelId))
      .where(and(after === null ? undefined : gt(fleetNodePools.id, after), active ? isNull(fleetNodePools.retiredAt) : undefined))
      .orderBy(asc(fleetNodePools.id))
      .limit(size + 1);
    return toPage(
      rows.map((r) => ({ ...r, id: r.pool.id })),
      size,
      ({ pool, cluster, site, model, acceleratorClass }) => ({
        id: pool.id,
        cluster,
        site,
        position: pool.position,
        model,
        acceleratorClass,
        nodes: pool.nodes,
        acceleratorsPerNode: pool.acceleratorsPerNode,
        accelerators: pool.nodes * pool.acceleratorsPerNode,
        nvlinkDomainNodes: pool.nvlinkDomainNodes,
        nodesPerRack: pool.nodesPerRack,
        racksPerPod: pool.racksPerPod,
        ...lifecycle(pool),
      }),
    );
  }

  /** Capacity of the active fleet for a month (this month in Asia/Seoul by default). */
  async summary(actor: Actor, query: unknown = {}): Promise<FleetSummary> {
    requireReader(actor);
    const { month } = parseOrThrow(FleetSummaryQuery, query, "query");
    const rows = await this.deps.store.db
      .select({
        operator: fleetOperators.key,
        site: fleetSites.key,
        region: fleetSites.region,
        cluster: fleetClusters.key,
        model: acceleratorModels.key,
        acceleratorClass: acceleratorModels.acceleratorClass,
        kind: acceleratorModels.kind,
        nodes: fleetNodePools.nodes,
        acceleratorsPerNode: fleetNodePools.acceleratorsPerNode,
      })
      .from(fleetNodePools)
      .innerJoin(fleetClusters, eq(fleetClusters.id, fleetNodePools.clusterId))
      .innerJoin(fleetSites, eq(fleetSites.id, fleetClusters.siteId))
      .innerJoin(fleetOperators, eq(fleetOperators.id, fleetSites.operatorId))
      .innerJoin(acceleratorModels, eq(acceleratorModels.id, fleetNodePools.modelId))
      .where(isNull(fleetNodePools.retiredAt))
      .orderBy(asc(fleetNodePools.id));
    const pools: CapacityPool[] = rows.map((r) => ({ ...r, kind: r.kind === "npu" ? "npu" : "gpu" }));
    const summary = summarizeCapacity(pools, month ?? seoulMonth(this.deps.clock.now()));
    const models = await this.activeModelRows();
    const classes = acceleratorClasses(models.map((m) => ({ key: m.key, acceleratorClass: m.acceleratorClass, kind: m.kind as "gpu" | "npu", refPriceKrwPerHour: Number(m.refPriceKrwPerHour) })));
    const distinct = (f: (p: CapacityPool) => string) => new Set(pools.map(f)).size;
    return {
      ...summary,
      operators: distinct((p) => p.operator),
      sites: distinct((p) => p.site),
      clusters: distinct((p) => p.cluster),
      pools: pools.length,
      models: distinct((p) => p.model),
      classes,
    };
  }

  /**
   * The active accelerator models as stored, in key order: `acceleratorClass` and
   * `refPriceKrwPerHour` (bigint won) are what awards price with (domain/programs/reference-price.ts).
   * Pass a transaction to read inside it.
   */
  /**
   * The fleet in service, as a fleet file: what the scheduler's node snapshot, the simulated
   * clusters and admission are built from. Null while no fleet has been imported.
   */
  async currentFleet(db: Db = this.deps.store.db): Promise<FleetFile | null> {
    const [models, operators, sites, clusters, pools] = await Promise.all([
      db.select().from(acceleratorModels).where(isNull(acceleratorModels.retiredAt)).orderBy(asc(acceleratorModels.key)),
      db.select().from(fleetOperators),
      db.select().from(fleetSites).where(isNull(fleetSites.retiredAt)).orderBy(asc(fleetSites.id)),
      db.select().from(fleetClusters).where(isNull(fleetClusters.retiredAt)).orderBy(asc(fleetClusters.id)),
      db.select().from(fleetNodePools).where(isNull(fleetNodePools.retiredAt)).orderBy(asc(fleetNodePools.position)),
    ]);
    if (sites.length === 0) return null;
    const modelKey = new Map(models.map((m) => [m.id, m.key]));
    const operatorKey = new Map(operators.map((o) => [o.id, o.key]));
    const fleet: FleetFile = {
      name: "registry",
      acceleratorModels: Object.fromEntries(
        models.map((m) => [m.key, { class: m.acceleratorClass, vendor: m.vendor, kind: m.kind as "gpu" | "npu", memoryGiB: m.memoryGib, bf16DenseTflops: m.bf16DenseTflops, refPriceKrwPerHour: Number(m.refPriceKrwPerHour) }]),
      ),
      sites: sites.map((site) => ({
        id: site.key,
        name: site.name,
        operator: operatorKey.get(site.operatorId) ?? "",
        region: site.region,
        clusters: clusters
          .filter((c) => c.siteId === site.id)
          .map((c) => ({
            id: c.key,
            pools: pools
              .filter((p) => p.clusterId === c.id && modelKey.has(p.modelId))
              .map((p) => ({ model: modelKey.get(p.modelId) ?? "", nodes: p.nodes, acceleratorsPerNode: p.acceleratorsPerNode, nvlinkDomainNodes: p.nvlinkDomainNodes, nodesPerRack: p.nodesPerRack, racksPerPod: p.racksPerPod })),
          }))
          .filter((c) => c.pools.length > 0),
      })),
    };
    return fleet;
  }

  async activeModelRows(db: Db = this.deps.store.db): Promise<ModelRow[]> {
    return db.select().from(acceleratorModels).where(isNull(acceleratorModels.retiredAt)).orderBy(asc(acceleratorModels.key));
  }
}

/** Any authenticated person (or the platform itself) reads the fleet. */
function requireReader(actor: Actor): void {
  if (actor.kind === "anonymous") throw new HighwayError("AUTH_REQUIRED");
}

function listing(query: FleetListQuery): { after: string | null; size: number; active: boolean } {
  const page: PageRequest = { cursor: query.cursor, limit: query.limit };
  return { after: decodeCursor(page.cursor), size: pageSize(page), active: query.includeRetired !== "true" };
}
