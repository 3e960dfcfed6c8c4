/**
 * Maintenance windows: what an operator books (a cluster, optionally some of its nodes, a start, an
 * end, a reason), the rules a booking must meet, and which windows close which nodes at an instant.
 * Nodes close `leadSeconds` before a window starts so that work placed just before it does not run
 * into it; a window stops closing them at its end or when it is cancelled.
 */
import { z } from "zod";
import type { Violation } from "../errors.js";

/** How long before a window starts its nodes stop taking new work, unless configured otherwise. */
export const DEFAULT_MAINTENANCE_LEAD_SECONDS = 4 * 3600;

const NodeName = z.string().min(1).max(200);

/** A booking as the API and the CLI send it. Instants carry their offset (`Z` or `+09:00`). */
export const MaintenanceWindowInput = z.strictObject({
  cluster: z.string().min(1).max(200),
  /** Some nodes of the cluster; absent for the whole cluster. */
  nodes: z.array(NodeName).min(1).max(100_000).optional(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  reason: z.string().trim().min(1).max(500),
});
export type MaintenanceWindowInput = z.infer<typeof MaintenanceWindowInput>;

/** The part of a stored window that decides which nodes it closes and when. */
export interface WindowScope {
  readonly cluster: string;
  /** Null for every node of the cluster. */
  readonly nodes: readonly string[] | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly cancelledAt: Date | null;
}

/** True when the window covers the node. */
export function windowCovers(window: Pick<WindowScope, "cluster" | "nodes">, node: { readonly id: string; readonly cluster: string }): boolean {
  return window.cluster === node.cluster && (window.nodes === null || window.nodes.includes(node.id));
}

/** True when the window closes its nodes at `now`: not cancelled, not over, starting within the lead. */
export function windowCloses(window: Pick<WindowScope, "startsAt" | "endsAt" | "cancelledAt">, now: Date, leadSeconds: number): boolean {
  return window.cancelledAt === null && window.endsAt.getTime() > now.getTime() && window.startsAt.getTime() <= now.getTime() + leadSeconds * 1000;
}

/** What validation needs to know about the fleet. */
export interface FleetLookup {
  hasCluster(cluster: string): boolean;
  /** The cluster of a node, or undefined when the fleet has no such node. */
  clusterOf(node: string): string | undefined;
}

/**
 * Every rule a booking breaks, with fields relative to the body: an unknown cluster, nodes not in
 * it, an end not after the start or not in the future.
 */
export function windowViolations(input: MaintenanceWindowInput, now: Date, fleet: FleetLookup): Violation[] {
  const out: Violation[] = [];
  if (!fleet.hasCluster(input.cluster)) {
    out.push({ field: "cluster", rule: "CLUSTER_UNKNOWN", message: `the fleet has no cluster ${input.cluster}`, messageKo: `플릿에 ${input.cluster} 클러스터가 없습니다` });
  } else {
    (input.nodes ?? []).forEach((node, i) => {
      const cluster = fleet.clusterOf(node);
      if (cluster === input.cluster) return;
      out.push(
        cluster === undefined
          ? { field: `nodes.${i}`, rule: "NODE_UNKNOWN", message: `the fleet has no node ${node}`, messageKo: `플릿에 ${node} 노드가 없습니다` }
          : {
              field: `nodes.${i}`,
              rule: "NODE_UNKNOWN",
              message: `node ${node} is in cluster ${cluster}, not ${input.cluster}`,
              messageKo: `${node} 노드는 ${input.cluster}가 아니라 ${cluster} 클러스터에 있습니다`,
            },
      );
    });
  }
  const startsAt = Date.parse(input.startsAt);
  const endsAt = Date.parse(input.endsAt);
  if (endsAt <= startsAt) {
    out.push({
      field: "endsAt",
      rule: "MAINTENANCE_WINDOW_INVALID",
      message: `ends at ${input.endsAt}, not after it starts at ${input.startsAt}`,
      messageKo: `종료 시각 ${input.endsAt}이 시작 시각 ${input.startsAt}보다 늦지 않습니다`,
    });
  } else if (endsAt <= now.getTime()) {
    out.push({ field: "endsAt", rule: "MAINTENANCE_WINDOW_INVALID", message: `ends at ${input.endsAt}, which has passed`, messageKo: `종료 시각 ${input.endsAt}이 이미 지났습니다` });
  }
  return out;
}
