/**
 * The clusters a server dispatches to, by fleet cluster id: the ones configured with a real
 * executor (a Slurm site), and, when simulation is on, a simulated cluster for every other cluster
 * of the fleet in service. `refresh` adds simulated clusters for clusters a fleet import brought
 * (the control loop calls it with the fleet it schedules on); configured clusters never change.
 */
import type { Clock } from "../domain/clock.js";
import type { FleetFile } from "../domain/fleet.js";
import type { ClusterExecutor } from "./cluster-executor.js";
import { SimulatedCluster } from "./simulated/simulated-cluster.js";

export class ExecutorDirectory extends Map<string, ClusterExecutor> {
  constructor(
    private readonly options: { readonly simulate: boolean; readonly clock: Clock; readonly configured?: readonly ClusterExecutor[] },
  ) {
    super();
    for (const executor of options.configured ?? []) this.set(executor.clusterId, executor);
  }

  refresh(fleet: FleetFile | null): void {
    if (!this.options.simulate || fleet === null) return;
    for (const site of fleet.sites) {
      for (const cluster of site.clusters) {
        if (this.has(cluster.id)) continue;
        const pools = cluster.pools.map((p) => ({ model: p.model, nodes: p.nodes, acceleratorsPerNode: p.acceleratorsPerNode }));
        this.set(cluster.id, new SimulatedCluster({ clusterId: cluster.id, pools, clock: this.options.clock }));
      }
    }
  }
}
