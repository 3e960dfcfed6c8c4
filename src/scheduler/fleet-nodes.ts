/** Converts a fleet file into the scheduler's node snapshots, every node free and schedulable. */
import { expandFleet } from "../domain/fleet.js";
import type { FleetFile } from "../domain/fleet.js";
import type { NodeSnapshot } from "./types.js";

/** All nodes of a fleet, free and schedulable, in file order. */
export function fleetNodeSnapshots(fleet: FleetFile): NodeSnapshot[] {
  return expandFleet(fleet).map((n) => ({
    id: n.id,
    site: n.site,
    cluster: n.cluster,
    pod: n.pod,
    rack: n.rack,
    nvlinkDomain: n.nvlinkDomain,
    model: n.model,
    acceleratorClass: n.acceleratorClass,
    kind: fleet.acceleratorModels[n.model]?.kind ?? "gpu",
    accelerators: n.accelerators,
    free: n.accelerators,
    schedulable: true,
  }));
}
