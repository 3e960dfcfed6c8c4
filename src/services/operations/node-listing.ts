/**
 * Nodes with their platform state, a page at a time. The fleet's node list (51,071 nodes
 * nationally) is never copied or sorted: a page scans it from the cursor's position, within the
 * cluster's range when one is asked for, and joins each node to three small tables held in maps
 * (drains, windows not over, cluster reports), so a page costs O(nodes scanned) lookups. Without a
 * state filter that is the page size; a filter on a rare state may scan to the end of the range.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import type { FleetNode } from "../../domain/fleet.js";
import { HighwayError } from "../../domain/errors.js";
import { nodeStateOf, windowCloses, type NodeState, type ReportedNodeState } from "../../domain/operations/index.js";
import { maintenanceWindows, nodeDrains, nodeInventory } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import type { Page } from "../pagination.js";
import type { FleetNodeIndex } from "./fleet-node-index.js";

type DrainRow = typeof nodeDrains.$inferSelect;
type WindowRow = typeof maintenanceWindows.$inferSelect;
type InventoryRow = typeof nodeInventory.$inferSelect;

/** A node of the fleet and what keeps it from new work, if anything. */
export interface NodeView {
  readonly node: string;
  readonly cluster: string;
  readonly site: string;
  readonly operator: string;
  readonly model: string;
  readonly accelerators: number;
  readonly state: NodeState;
  readonly drain: { readonly reason: string; readonly drainedBy: string; readonly drainedAt: string } | null;
  /** The earliest window covering the node that is not over; `closing` once it closes the node. */
  readonly maintenance: { readonly id: string; readonly startsAt: string; readonly endsAt: string; readonly reason: string; readonly closing: boolean } | null;
  /** What the cluster last reported, when it was not simply in service. */
  readonly reported: { readonly state: ReportedNodeState; readonly reason: string | null; readonly gresType: string | null; readonly accelerators: number; readonly seenAt: string } | null;
}

interface LiveWindow {
  readonly row: WindowRow;
  /** The window's nodes, or null for the whole cluster. */
  readonly nodes: ReadonlySet<string> | null;
}

/** The small tables a page joins, keyed for O(1) lookups. */
export interface NodeConditionTables {
  readonly drains: ReadonlyMap<string, DrainRow>;
  readonly reports: ReadonlyMap<string, InventoryRow>;
  /** Windows neither cancelled nor over, per cluster, earliest start first. */
  readonly windows: ReadonlyMap<string, readonly LiveWindow[]>;
}

/** Reads drains, live windows and reports, of one cluster or of the whole fleet. */
export async function loadConditions(db: Db, now: Date, cluster?: string): Promise<NodeConditionTables> {
  const [drains, windows, reports] = await Promise.all([
    db.select().from(nodeDrains).where(cluster === undefined ? undefined : eq(nodeDrains.cluster, cluster)),
    db
      .select()
      .from(maintenanceWindows)
      .where(and(isNull(maintenanceWindows.cancelledAt), gt(maintenanceWindows.endsAt, now), cluster === undefined ? undefined : eq(maintenanceWindows.cluster, cluster))),
    db.select().from(nodeInventory).where(cluster === undefined ? undefined : eq(nodeInventory.cluster, cluster)),
  ]);
  const byCluster = new Map<string, LiveWindow[]>();
  for (const row of windows.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const nodes = row.nodes as string[] | null;
    byCluster.set(row.cluster, [...(byCluster.get(row.cluster) ?? []), { row, nodes: nodes === null ? null : new Set(nodes) }]);
  }
  return { drains: new Map(drains.map((d) => [d.node, d])), reports: new Map(reports.map((r) => [r.node, r])), windows: byCluster };
}

/** The earliest live window covering the node, if any. */
function windowOf(node: FleetNode, tables: NodeConditionTables): WindowRow | undefined {
  return tables.windows.get(node.cluster)?.find((w) => w.nodes === null || w.nodes.has(node.id))?.row;
}

/** The node's state alone, without building its view (a filtered scan tests every node). */
function stateOf(node: FleetNode, tables: NodeConditionTables, now: Date, leadSeconds: number): NodeState {
  const window = windowOf(node, tables);
  return nodeStateOf({
    drained: tables.drains.has(node.id),
    inMaintenance: window !== undefined && windowCloses(window, now, leadSeconds),
    reported: (tables.reports.get(node.id)?.state ?? null) as ReportedNodeState | null,
  });
}

/** One node joined to its conditions. */
export function nodeViewOf(node: FleetNode, tables: NodeConditionTables, now: Date, leadSeconds: number): NodeView {
  const drain = tables.drains.get(node.id);
  const report = tables.reports.get(node.id);
  const window = windowOf(node, tables);
  const closing = window !== undefined && windowCloses(window, now, leadSeconds);
  const reported = (report?.state ?? null) as ReportedNodeState | null;
  return {
    node: node.id,
    cluster: node.cluster,
    site: node.site,
    operator: node.operator,
    model: node.model,
    accelerators: node.accelerators,
    state: nodeStateOf({ drained: drain !== undefined, inMaintenance: closing, reported }),
    drain: drain === undefined ? null : { reason: drain.reason, drainedBy: drain.drainedBy, drainedAt: drain.drainedAt.toISOString() },
    maintenance:
      window === undefined ? null : { id: window.id, startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString(), reason: window.reason, closing },
    reported:
      report === undefined
        ? null
        : { state: report.state as ReportedNodeState, reason: report.reason, gresType: report.gresType, accelerators: report.accelerators, seenAt: report.seenAt.toISOString() },
  };
}

/** What a page asks for, already validated. */
export interface NodeScan {
  readonly cluster?: string | undefined;
  readonly state?: NodeState | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

/** Scans the node list for one page; the cursor names the last node returned. */
export function scanNodes(nodes: readonly FleetNode[], index: FleetNodeIndex, scan: NodeScan, tables: NodeConditionTables, now: Date, leadSeconds: number): Page<NodeView> {
  let { start, end } = { start: 0, end: nodes.length };
  if (scan.cluster !== undefined) {
    const range = index.rangeOf(scan.cluster);
    if (range === undefined) return { items: [], nextCursor: null };
    ({ start, end } = range);
  }
  if (scan.cursor !== undefined) start = Math.max(start, positionAfter(index, scan.cursor));
  const items: NodeView[] = [];
  for (let i = start; i < end; i++) {
    const node = nodes[i]!;
    if (scan.state !== undefined && stateOf(node, tables, now, leadSeconds) !== scan.state) continue;
    if (items.length === scan.limit) return { items, nextCursor: encodeNodeCursor(items[items.length - 1]!.node) };
    items.push(nodeViewOf(node, tables, now, leadSeconds));
  }
  return { items, nextCursor: null };
}

/** Encodes the last node of a page. */
export function encodeNodeCursor(node: string): string {
  return Buffer.from(`node:${node}`, "utf8").toString("base64url");
}

/** The position to continue from, or INVALID_CURSOR when the cursor names no node of the fleet. */
function positionAfter(index: FleetNodeIndex, cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const position = text.startsWith("node:") ? index.positionOf(text.slice("node:".length)) : undefined;
  if (position === undefined) throw new HighwayError("INVALID_CURSOR", { field: "query.cursor", rule: "INVALID_CURSOR" });
  return position + 1;
}
