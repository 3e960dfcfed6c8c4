/**
 * Whether a node of the fleet takes new work, and if not, why: the platform's state of a node,
 * derived from what operators said (a drain, a maintenance window) and what its cluster last
 * reported. The control loop closes exactly these nodes; this module names the state for people.
 */
import { z } from "zod";

/** A node's state as the platform sees it; every state but `in_service` closes it to new work. */
export const NODE_STATES = ["in_service", "drained", "maintenance", "reported_down", "reported_drained"] as const;
export type NodeState = (typeof NODE_STATES)[number];

/** What a cluster can say about a node (the ClusterExecutor port's inventory states). */
export type ReportedNodeState = "idle" | "mixed" | "allocated" | "drained" | "draining" | "down" | "unknown";

/** Reported states in which a node simply serves: the inventory sync keeps no row for them. */
export const IN_SERVICE_REPORTS: ReadonlySet<ReportedNodeState> = new Set(["idle", "mixed", "allocated"]);

/**
 * Reported states that close a node to new work. `unknown` does not: Slurm reports it briefly while
 * a controller restarts, and closing the fleet on that would stall every queue.
 */
export const CLOSING_REPORTS: ReadonlySet<ReportedNodeState> = new Set(["drained", "draining", "down"]);

/** What closes (or would close) one node, as read from drains, windows and the synced inventory. */
export interface NodeConditions {
  /** An operator drained it. */
  readonly drained: boolean;
  /** A maintenance window covering it is on now or starts within the lead. */
  readonly inMaintenance: boolean;
  /** What its cluster last reported, when that was not simply in service. */
  readonly reported: ReportedNodeState | null;
}

/**
 * The node's state. When several things close a node the operator's own word comes first (a drain,
 * then a window), then the cluster's report, so that a resume or a cancellation shows what is left.
 */
export function nodeStateOf(c: NodeConditions): NodeState {
  if (c.drained) return "drained";
  if (c.inMaintenance) return "maintenance";
  if (c.reported === "down") return "reported_down";
  if (c.reported !== null && CLOSING_REPORTS.has(c.reported)) return "reported_drained";
  return "in_service";
}

/** An operator's drain as the API and the CLI send it. */
export const NodeDrainInput = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export type NodeDrainInput = z.infer<typeof NodeDrainInput>;
