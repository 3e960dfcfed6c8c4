/** A node's Slurm state (base state and flags) in the inventory's terms. Pure. */
import type { NodeInventory } from "../cluster-executor.js";

/** The inventory's node states. */
export type NodeState = NodeInventory["state"];

/**
 * Maps a node's base state (`idle`, `mixed`, `allocated`, `down`, ...) and flags (`DRAIN`, ...) to
 * a `NodeState`. Down wins over drain; a draining node still runs jobs, a drained one is empty.
 * `NOT_RESPONDING` alone is not down: slurmctld marks such a node DOWN itself after SlurmdTimeout,
 * and a freshly resumed node shows the flag for a moment.
 */
export function mapSlurmNodeState(base: string, flags: readonly string[]): NodeState {
  const b = base.toLowerCase();
  const f = new Set(flags.map((x) => x.toUpperCase()));
  if (b === "down" || b === "error" || f.has("FAIL")) return "down";
  if (b === "drained" || f.has("DRAINED")) return "drained";
  if (b === "draining" || f.has("DRAINING")) return "draining";
  if (f.has("DRAIN")) return b === "allocated" || b === "mixed" || f.has("COMPLETING") ? "draining" : "drained";
  if (b === "idle" || b === "mixed" || b === "allocated") return b;
  return "unknown";
}
