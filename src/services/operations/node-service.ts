/**
 * Operating the fleet's nodes: platform administrators drain and resume nodes and book maintenance
 * windows; the control loop stops placing new work on a drained node, on the nodes of a window
 * from `maintenanceLeadSeconds` before it starts until it ends, and on nodes their cluster reports
 * drained, draining or down (synced here from each cluster's inventory). Running work is left to
 * finish; nothing is drained on the cluster itself (Slurm keeps its own node states).
 *
 * Administrators act; administrators and auditors read. Every change appends an event to the
 * platform's audit chain; a sync records what clusters say, not what anyone decided, and is not
 * audited.
 */
import { and, asc, eq, gt, isNull, type SQL } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import { withParticle } from "../../domain/korean-particles.js";
import {
  DEFAULT_MAINTENANCE_LEAD_SECONDS,
  MaintenanceWindowInput,
  NODE_STATES,
  NodeDrainInput,
  windowViolations,
} from "../../domain/operations/index.js";
import { parseOrThrow, throwViolations } from "../../domain/validation.js";
import { isUuid, newId } from "../../store/ids.js";
import { maintenanceWindows, nodeDrains } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit, PLATFORM_CHAIN } from "../audit/audit-log.js";
import { requirePlatformRole } from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { createOnce, type CreateOptions, type Created } from "../idempotency.js";
import { decodeCursor, pageSize, toPage, type Page } from "../pagination.js";
import type { FleetViewCache } from "../workloads/fleet-view.js";
import { fleetNodeIndexOf, type FleetNodeIndex } from "./fleet-node-index.js";
import { syncInventory, type InventorySyncReport } from "./inventory-sync.js";
import { loadConditions, nodeViewOf, scanNodes, type NodeView } from "./node-listing.js";

type WindowRow = typeof maintenanceWindows.$inferSelect;

/** A maintenance window as the API shows it. */
export interface MaintenanceWindowView {
  readonly id: string;
  readonly cluster: string;
  /** Null for the whole cluster. */
  readonly nodes: readonly string[] | null;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly reason: string;
  readonly status: "upcoming" | "current" | "ended" | "cancelled";
  readonly createdBy: string;
  readonly createdAt: string;
  readonly cancelledAt: string | null;
}

export const NodeListQuery = z.strictObject({
  cluster: z.string().min(1).max(200).optional(),
  state: z.enum(NODE_STATES).optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const MaintenanceListQuery = z.strictObject({
  cluster: z.string().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** The actor of the periodic sync. */
export const INVENTORY_SYNC_ACTOR: Actor = { kind: "system", name: "inventory-sync" };

export interface NodeServiceOptions {
  /** Must match the control loop's: a node shows `maintenance` exactly when the loop closes it. */
  readonly maintenanceLeadSeconds?: number;
}

const READERS = ["platform_admin", "auditor"] as const;

export class NodeService {
  readonly #lead: number;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly fleetView: FleetViewCache,
    options: NodeServiceOptions = {},
  ) {
    this.#lead = options.maintenanceLeadSeconds ?? DEFAULT_MAINTENANCE_LEAD_SECONDS;
  }

  /** Nodes of the fleet in fleet order with their state, optionally of one cluster or in one state. */
  async list(actor: Actor, query: unknown): Promise<Page<NodeView>> {
    requirePlatformRole(actor, ...READERS);
    const q = parseOrThrow(NodeListQuery, query, "query");
    const fleet = await this.fleetView.get();
    const index = fleetNodeIndexOf(fleet);
    if (q.cluster !== undefined && !index.hasCluster(q.cluster)) {
      throw new HighwayError("CLUSTER_UNKNOWN", { field: "query.cluster", detail: `the fleet has no cluster ${q.cluster}`, detailKo: `플릿에 클러스터 ${withParticle(q.cluster, "이/가")} 없습니다` });
    }
    const now = this.deps.clock.now();
    const tables = await loadConditions(this.deps.store.db, now, q.cluster);
    return scanNodes(fleet.nodes(), index, { cluster: q.cluster, state: q.state, cursor: q.cursor, limit: pageSize(q) }, tables, now, this.#lead);
  }

  /** Closes a node to new work; work running there finishes. Draining a drained node again updates the reason. */
  async drain(actor: Actor, node: string, input: unknown): Promise<NodeView> {
    requirePlatformRole(actor, "platform_admin");
    const { reason } = parseOrThrow(NodeDrainInput, input);
    const cluster = await this.clusterOfNode(node);
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      const [existing] = await tx.select().from(nodeDrains).where(eq(nodeDrains.node, node)).for("update");
      if (existing?.reason === reason) return;
      const row = { node, cluster, reason, drainedBy: actorLabel(actor), drainedAt: now };
      if (existing === undefined) await tx.insert(nodeDrains).values(row).onConflictDoUpdate({ target: nodeDrains.node, set: row });
      else await tx.update(nodeDrains).set(row).where(eq(nodeDrains.node, node));
      await this.audit(tx, actor, "node.drained", "node", node, { cluster, reason }, now);
    });
    return this.view(node);
  }

  /** Lifts an operator's drain; what a window or the cluster's report says still holds. */
  async resume(actor: Actor, node: string): Promise<NodeView> {
    requirePlatformRole(actor, "platform_admin");
    const cluster = await this.clusterOfNode(node);
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      const removed = await tx.delete(nodeDrains).where(eq(nodeDrains.node, node)).returning();
      if (removed.length > 0) await this.audit(tx, actor, "node.resumed", "node", node, { cluster, drainedBy: removed[0]!.drainedBy }, now);
    });
    return this.view(node);
  }

  /** Books a window on a cluster (all of it, or the nodes named); once per Idempotency-Key. */
  async bookMaintenance(actor: Actor, input: unknown, options: CreateOptions = {}): Promise<Created<MaintenanceWindowView>> {
    requirePlatformRole(actor, "platform_admin");
    const request = parseOrThrow(MaintenanceWindowInput, input);
    const now = this.deps.clock.now();
    const index = fleetNodeIndexOf(await this.fleetView.get());
    const violations = windowViolations(request, now, index);
    if (violations.length > 0) throwViolations(violations);
    const nodes = request.nodes === undefined ? null : [...new Set(request.nodes)];
    return createOnce(this.deps, actorLabel(actor), "maintenance.book", request, options, async (tx) => {
      const [row] = await tx
        .insert(maintenanceWindows)
        .values({
          id: newId(now),
          cluster: request.cluster,
          nodes,
          startsAt: new Date(request.startsAt),
          endsAt: new Date(request.endsAt),
          reason: request.reason,
          createdBy: actorLabel(actor),
          createdAt: now,
        })
        .returning();
      await this.audit(tx, actor, "maintenance.booked", "maintenance_window", row!.id, { cluster: row!.cluster, nodes, startsAt: request.startsAt, endsAt: request.endsAt, reason: request.reason }, now);
      return this.windowView(row!, now);
    });
  }

  /** Cancels a window that has not ended; cancelling a cancelled one changes nothing. */
  async cancelMaintenance(actor: Actor, id: string): Promise<MaintenanceWindowView> {
    requirePlatformRole(actor, "platform_admin");
    if (!isUuid(id)) throw new HighwayError("NOT_FOUND", { detail: "maintenance window not found", detailKo: "점검 기간을 찾을 수 없습니다" });
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const [row] = await tx.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, id)).for("update");
      if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "maintenance window not found", detailKo: "점검 기간을 찾을 수 없습니다" });
      if (row.cancelledAt !== null) return this.windowView(row, now);
      if (row.endsAt.getTime() <= now.getTime()) throw new HighwayError("MAINTENANCE_WINDOW_ENDED", {
          detail: `window ${id} ended at ${row.endsAt.toISOString()}`,
          detailKo: `점검 기간 ${withParticle(id, "은/는")} ${row.endsAt.toISOString()}에 끝났습니다`,
        });
      const [cancelled] = await tx.update(maintenanceWindows).set({ cancelledAt: now }).where(eq(maintenanceWindows.id, id)).returning();
      await this.audit(tx, actor, "maintenance.cancelled", "maintenance_window", id, { cluster: row.cluster }, now);
      return this.windowView(cancelled!, now);
    });
  }

  /** Windows upcoming or current (neither cancelled nor over), in booking order. */
  async listMaintenance(actor: Actor, query: unknown): Promise<Page<MaintenanceWindowView>> {
    requirePlatformRole(actor, ...READERS);
    const q = parseOrThrow(MaintenanceListQuery, query, "query");
    const after = decodeCursor(q.cursor);
    const size = pageSize(q);
    const now = this.deps.clock.now();
    const conditions: SQL[] = [isNull(maintenanceWindows.cancelledAt), gt(maintenanceWindows.endsAt, now)];
    if (q.cluster !== undefined) conditions.push(eq(maintenanceWindows.cluster, q.cluster));
    if (after !== null) conditions.push(gt(maintenanceWindows.id, after));
    const rows = await this.deps.store.db
      .select()
      .from(maintenanceWindows)
      .where(and(...conditions))
      .orderBy(asc(maintenanceWindows.id))
      .limit(size + 1);
    return toPage(rows, size, (row) => this.windowView(row, now));
  }

  /**
   * Reads every cluster's inventory into the nodes' reported states (see inventory-sync.ts). The
   * server calls it on an interval as INVENTORY_SYNC_ACTOR; administrators may call it at will.
   */
  async syncInventory(actor: Actor = INVENTORY_SYNC_ACTOR): Promise<InventorySyncReport> {
    requirePlatformRole(actor, "platform_admin");
    const index = fleetNodeIndexOf(await this.fleetView.get());
    return syncInventory(this.deps.store, this.deps.executors ?? new Map(), index, () => this.deps.clock.now());
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** The node's cluster, or NODE_UNKNOWN naming it. */
  private async clusterOfNode(node: string): Promise<string> {
    const cluster = (await this.index()).clusterOf(node);
    if (cluster === undefined) throw nodeUnknown(node);
    return cluster;
  }

  private async index(): Promise<FleetNodeIndex> {
    return fleetNodeIndexOf(await this.fleetView.get());
  }

  /** One node's view, as it stands after a change. */
  private async view(node: string): Promise<NodeView> {
    const fleet = await this.fleetView.get();
    const position = fleetNodeIndexOf(fleet).positionOf(node);
    const fleetNode = position === undefined ? undefined : fleet.nodes()[position];
    if (fleetNode === undefined) throw nodeUnknown(node);
    const now = this.deps.clock.now();
    return nodeViewOf(fleetNode, await loadConditions(this.deps.store.db, now, fleetNode.cluster), now, this.#lead);
  }

  private windowView(row: WindowRow, now: Date): MaintenanceWindowView {
    const status = row.cancelledAt !== null ? "cancelled" : row.endsAt <= now ? "ended" : row.startsAt <= now ? "current" : "upcoming";
    return {
      id: row.id,
      cluster: row.cluster,
      nodes: row.nodes as string[] | null,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      reason: row.reason,
      status,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      cancelledAt: row.cancelledAt?.toISOString() ?? null,
    };
  }

  private audit(tx: Db, actor: Actor, action: string, subjectType: string, subjectId: string, change: unknown, at: Date): Promise<void> {
    return appendAudit(tx, this.deps.auditKey, { chain: PLATFORM_CHAIN, actor: actorLabel(actor), action, subjectType, subjectId, change, at });
  }
}

function nodeUnknown(node: string): HighwayError {
  return new HighwayError("NODE_UNKNOWN", { field: "path.node", detail: `the fleet has no node ${node}`, detailKo: `플릿에 노드 ${withParticle(node, "이/가")} 없습니다` });
}
