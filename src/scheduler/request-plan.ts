/**
 * The plan of a request shape: the partitions it could ever use, its shape (nodes x accelerators
 * per node) and accelerator class on each, independent of free capacity. Plans are built once per
 * shape and kept by the state across cycles; a cycle remembers on the plan the failures of the
 * shape (capacity only shrinks within a cycle) and the candidates each admitted-class mask leaves.
 */
import type { Cycle } from "./cycle.js";
import type { FleetIndex, Partition } from "./fleet-index.js";
import { shapeFor } from "./placement.js";
import type { Shape } from "./placement.js";
import type { Failure } from "./scheduler-state.js";
import type { AcceleratorRequest, PendingWorkload, TargetName } from "./types.js";
import { waitText } from "./waiting-reason-text.js";
import type { WaitText } from "./waiting-reason-text.js";

/** A partition a request can use and its shape there. */
export interface Candidate {
  readonly part: Partition;
  readonly shape: Shape;
  /** Index into the plan's classes. */
  readonly classIndex: number;
}

/** The candidates of a plan in the classes quota admits, and the partitions of the single-node ones. */
export interface Admitted {
  readonly candidates: readonly Candidate[];
  readonly singles: readonly number[];
  /** Accelerators a single-node candidate takes on its node. */
  readonly singleK: number;
}

/** What a request shape can use, independent of free capacity; cached across cycles. */
export interface RequestPlan {
  readonly key: string;
  readonly classes: readonly string[];
  /** The classes' numbers in the quota ledger. */
  readonly classIds: readonly number[];
  /**
   * Failures of the shape in the cycle `failedIn`, by (admitted-class mask, allowSpan): every
   * workload of the same shape then settles with one array read (capacity only shrinks within a
   * cycle). Kept on the plan rather than in a map of the cycle.
   */
  failedIn: Cycle | undefined;
  failures: (Failure | undefined)[];
  readonly candidates: readonly Candidate[];
  /** The candidates each admitted-class mask leaves, by mask, built on first use (see admitted). */
  readonly admitted: (Admitted | undefined)[];
  /** Set when no partition can ever hold the request: why, kept with the plan. */
  readonly neverFits?: WaitText;
}

/** Builds the plan of a request: candidate partitions, their shapes and classes. */
export function buildPlan(index: FleetIndex, w: PendingWorkload, key: string, classIndex: (cls: string) => number): RequestPlan {
  const n = w.accelerators;
  const target = targetName(w.request);
  const parts = index.partitionsFor(w.request.kind, w.request.kind === "any-gpu" ? "" : w.request.name);
  if (parts.length === 0) return { key, classes: [], classIds: [], candidates: [], admitted: [], neverFits: waitText([{ key: "unknown-target", params: { target } }]), failedIn: undefined, failures: [] };
  const classes: string[] = [];
  const candidates: Candidate[] = [];
  for (const p of parts) {
    const part = index.partitions[p]!;
    const shape = shapeFor(n, part.nodeSize, w.acceleratorsPerNode);
    if (!shape || shape.nodes > part.nodeCount) continue;
    let c = classes.indexOf(part.acceleratorClass);
    if (c < 0) c = classes.push(part.acceleratorClass) - 1;
    candidates.push({ part, shape, classIndex: c });
  }
  const classIds = classes.map(classIndex);
  if (candidates.length === 0) {
    const neverFits = waitText([{ key: "never-fits", params: { accelerators: n, target, perNode: w.acceleratorsPerNode ?? null } }]);
    return { key, classes, classIds, candidates, admitted: [], neverFits, failedIn: undefined, failures: [] };
  }
  return { key, classes, classIds, candidates, admitted: [], failedIn: undefined, failures: [] };
}

/** The candidates of the classes in `mask` (bit c: the plan's class c), kept on the plan. */
export function admitted(plan: RequestPlan, mask: number): Admitted {
  // The lookup apart from admit(), whose arrows capture `mask`: V8 would allocate their context
  // on every call of a function holding them, found or not.
  return plan.admitted[mask] ?? admit(plan, mask);
}

/** Builds and keeps the candidates of a mask (see admitted). */
function admit(plan: RequestPlan, mask: number): Admitted {
  const candidates = plan.candidates.filter((c) => (mask & (1 << c.classIndex)) !== 0);
  const single = candidates.filter((c) => c.shape.nodes === 1);
  const a: Admitted = { candidates, singles: single.map((c) => c.part.index), singleK: single[single.length - 1]?.shape.perNode ?? 0 };
  while (plan.admitted.length < mask) plan.admitted.push(undefined);
  plan.admitted[mask] = a;
  return a;
}

/** How a request names its accelerators in a reason: its model or class, null for any GPU. */
export function targetName(r: AcceleratorRequest): TargetName {
  return r.kind === "any-gpu" ? null : r.name;
}
