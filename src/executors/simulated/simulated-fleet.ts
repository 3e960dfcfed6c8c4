/**
 * Virtual clusters for a whole fleet file: one SimulatedCluster per cluster, all on one clock.
 * Nodes are named and ordered as `expandFleet` names them (`<cluster>-n00001`, ... across the
 * cluster's pools), and each node's GRES type is the fleet file's model key (`h100-sxm`, `gb200`),
 * which is what the scheduler must put in `JobSpec.gresType` for a simulated cluster. Building costs
 * O(clusters): no node is expanded until a cluster's inventory is asked for.
 */
import type { Clock } from "../../domain/clock.js";
import type { FleetFile } from "../../domain/fleet.js";
import { SimulatedCluster } from "./simulated-cluster.js";

/** The simulated clusters of a parsed fleet (see `parseFleet`), by cluster id, in file order. */
export class SimulatedFleet {
  readonly clusters: ReadonlyMap<string, SimulatedCluster>;

  constructor(fleet: FleetFile, clock: Clock) {
    const clusters = new Map<string, SimulatedCluster>();
    for (const site of fleet.sites) {
      for (const cluster of site.clusters) {
        const pools = cluster.pools.map((p) => ({ model: p.model, nodes: p.nodes, acceleratorsPerNode: p.acceleratorsPerNode }));
        clusters.set(cluster.id, new SimulatedCluster({ clusterId: cluster.id, pools, clock }));
      }
    }
    this.clusters = clusters;
  }

  /** The executor of one cluster; throws for a cluster the fleet does not have. */
  executor(clusterId: string): SimulatedCluster {
    const cluster = this.clusters.get(clusterId);
    if (!cluster) throw new Error(`the simulated fleet has no cluster ${clusterId}`);
    return cluster;
  }
}
