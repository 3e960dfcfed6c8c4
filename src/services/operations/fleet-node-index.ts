/**
 * Positions of nodes in a FleetView's node list, built once per view (O(n) for n nodes, 51,071 in
 * the national fleet) and then answering in O(1): where a node is, and which contiguous range of
 * the list a cluster's nodes fill (`expandFleet` lists them cluster by cluster).
 */
import type { FleetLookup } from "../../domain/operations/index.js";
import type { FleetView } from "../workloads/fleet-view.js";

/** A half-open range [start, end) of the node list. */
export interface NodeRange {
  readonly start: number;
  readonly end: number;
}

/** Lookups over one FleetView's nodes. */
export interface FleetNodeIndex extends FleetLookup {
  /** The node's position in `view.nodes()`, or undefined when the fleet has no such node. */
  positionOf(node: string): number | undefined;
  /** Where the cluster's nodes lie in `view.nodes()`, or undefined for an unknown cluster. */
  rangeOf(cluster: string): NodeRange | undefined;
}

const built = new WeakMap<FleetView, FleetNodeIndex>();

/** The index of a view; views are immutable, so it is kept as long as the view lives. */
export function fleetNodeIndexOf(view: FleetView): FleetNodeIndex {
  let index = built.get(view);
  if (index === undefined) {
    index = buildIndex(view);
    built.set(view, index);
  }
  return index;
}

function buildIndex(view: FleetView): FleetNodeIndex {
  const nodes = view.nodes();
  const positions = new Map<string, number>();
  const ranges = new Map<string, { start: number; end: number }>();
  nodes.forEach((node, i) => {
    positions.set(node.id, i);
    const range = ranges.get(node.cluster);
    if (range === undefined) ranges.set(node.cluster, { start: i, end: i + 1 });
    else range.end = i + 1;
  });
  return {
    positionOf: (node) => positions.get(node),
    rangeOf: (cluster) => ranges.get(cluster),
    // A cluster without nodes (all its pools retired) is still a cluster of the fleet.
    hasCluster: (cluster) => view.clusters.has(cluster),
    clusterOf: (node) => {
      const i = positions.get(node);
      return i === undefined ? undefined : nodes[i]?.cluster;
    },
  };
}
