/**
 * Inventory sync: what each cluster says about its nodes, into `node_inventory`, which the control
 * loop reads to close nodes. Per cluster, in one transaction, the table comes to hold exactly the
 * cluster's nodes of the fleet that its latest report shows out of simple service (drained,
 * draining, down, unknown), with the time of the report; a node reported back in service, or no
 * longer reported, loses its row. A cluster that does not answer keeps its rows as they were: a
 * lost connection must not reopen nodes that were down when it was last seen.
 */
import { and, eq, notInArray, sql } from "drizzle-orm";
import { IN_SERVICE_REPORTS } from "../../domain/operations/index.js";
import type { ClusterExecutor, NodeInventory } from "../../executors/cluster-executor.js";
import { nodeInventory } from "../../store/schema/index.js";
import type { Store } from "../../store/store.js";
import type { FleetNodeIndex } from "./fleet-node-index.js";

/** What one sync did with one cluster. */
export type ClusterSyncResult =
  | {
      readonly kind: "synced";
      readonly cluster: string;
      /** Nodes in the report. */
      readonly reported: number;
      /** Of those, not simply in service: the cluster's rows now. */
      readonly notInService: number;
      /** Nodes that were in service at the last sync and are not now. */
      readonly leftService: number;
      /** Nodes that were not in service at the last sync and are now (rows deleted). */
      readonly backInService: number;
      /** Reported nodes the fleet does not place in this cluster; ignored. */
      readonly notInFleet: number;
    }
  | { readonly kind: "unreachable"; readonly cluster: string; readonly error: string };

/** What one sync did, over every cluster with an executor. */
export interface InventorySyncReport {
  readonly at: string;
  readonly clusters: readonly ClusterSyncResult[];
  readonly synced: number;
  readonly unreachable: number;
  readonly leftService: number;
  readonly backInService: number;
}

/** Rows per insert statement: 7 parameters each, well under PostgreSQL's 65,535. */
const CHUNK = 1000;

/** Syncs every cluster in turn; one cluster's failure is reported and the others go on. */
export async function syncInventory(store: Store, executors: ReadonlyMap<string, ClusterExecutor>, index: FleetNodeIndex, now: () => Date): Promise<InventorySyncReport> {
  const results: ClusterSyncResult[] = [];
  for (const [cluster, executor] of executors) {
    let report: NodeInventory[];
    try {
      report = await executor.inventory();
    } catch (error) {
      results.push({ kind: "unreachable", cluster, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    results.push(await storeReport(store, cluster, report, index, now()));
  }
  const synced = results.filter((r) => r.kind === "synced");
  return {
    at: now().toISOString(),
    clusters: results,
    synced: synced.length,
    unreachable: results.length - synced.length,
    leftService: synced.reduce((n, r) => n + r.leftService, 0),
    backInService: synced.reduce((n, r) => n + r.backInService, 0),
  };
}

async function storeReport(store: Store, cluster: string, report: readonly NodeInventory[], index: FleetNodeIndex, seenAt: Date): Promise<ClusterSyncResult> {
  const ours = report.filter((n) => index.clusterOf(n.name) === cluster);
  const out = ours.filter((n) => !IN_SERVICE_REPORTS.has(n.state));
  const names = out.map((n) => n.name);
  return store.transaction(async (tx) => {
    const before = new Set((await tx.select({ node: nodeInventory.node }).from(nodeInventory).where(eq(nodeInventory.cluster, cluster))).map((r) => r.node));
    for (let i = 0; i < out.length; i += CHUNK) {
      await tx
        .insert(nodeInventory)
        .values(out.slice(i, i + CHUNK).map((n) => ({ node: n.name, cluster, state: n.state, reason: n.reason, gresType: n.gresType, accelerators: n.accelerators, seenAt })))
        .onConflictDoUpdate({
          target: nodeInventory.node,
          set: {
            cluster,
            state: sql`excluded.state`,
            reason: sql`excluded.reason`,
            gresType: sql`excluded.gres_type`,
            accelerators: sql`excluded.accelerators`,
            seenAt,
          },
        });
    }
    const removed = await tx
      .delete(nodeInventory)
      .where(names.length === 0 ? eq(nodeInventory.cluster, cluster) : and(eq(nodeInventory.cluster, cluster), notInArray(nodeInventory.node, names)))
      .returning({ node: nodeInventory.node });
    return {
      kind: "synced",
      cluster,
      reported: report.length,
      notInService: out.length,
      leftService: names.filter((n) => !before.has(n)).length,
      backInService: removed.length,
      notInFleet: report.length - ours.length,
    };
  });
}
