/**
 * Cross-checks of a fleet file that its schema cannot express, each naming the field (a path
 * under the file's root, e.g. `sites.3.clusters.0.pools.1.model`) and the rule: every pool's
 * model is defined, every region is a current ISO 3166-2:KR code, site and cluster ids are unique
 * fleet-wide, and `totals` (when given) add up. `parseFleet` (domain/fleet.ts) checks the same
 * things but reports them as one message; the registry needs every field named.
 */
import type { Violation } from "./errors.js";
import type { FleetFile } from "./fleet.js";
import { isRegionCode } from "./regions.js";

/** Every violated rule of a schema-valid fleet file; empty when the file is sound. */
export function checkFleetFile(fleet: FleetFile): Violation[] {
  const out: Violation[] = [];
  const siteIds = new Set<string>();
  const clusterIds = new Set<string>();
  const counted = { gpus: 0, npus: 0, nodes: 0 };
  let modelsKnown = true;
  fleet.sites.forEach((site, s) => {
    if (siteIds.has(site.id)) out.push({ field: `sites.${s}.id`, rule: "FLEET_DUPLICATE_ID", message: `site ${site.id} appears twice` });
    siteIds.add(site.id);
    if (!isRegionCode(site.region)) {
      out.push({ field: `sites.${s}.region`, rule: "FLEET_REGION_UNKNOWN", message: `${site.region} is not a current ISO 3166-2:KR code` });
    }
    site.clusters.forEach((cluster, c) => {
      if (clusterIds.has(cluster.id)) {
        out.push({ field: `sites.${s}.clusters.${c}.id`, rule: "FLEET_DUPLICATE_ID", message: `cluster ${cluster.id} appears twice` });
      }
      clusterIds.add(cluster.id);
      cluster.pools.forEach((pool, p) => {
        const model = Object.hasOwn(fleet.acceleratorModels, pool.model) ? fleet.acceleratorModels[pool.model] : undefined;
        if (model === undefined) {
          modelsKnown = false;
          out.push({ field: `sites.${s}.clusters.${c}.pools.${p}.model`, rule: "FLEET_MODEL_UNKNOWN", message: `model ${pool.model} is not in acceleratorModels` });
          return;
        }
        counted.nodes += pool.nodes;
        counted[model.kind === "gpu" ? "gpus" : "npus"] += pool.nodes * pool.acceleratorsPerNode;
      });
    });
  });
  if (fleet.totals !== undefined && modelsKnown) {
    for (const key of ["gpus", "npus", "nodes"] as const) {
      if (fleet.totals[key] !== counted[key]) {
        out.push({ field: `totals.${key}`, rule: "FLEET_TOTALS_MISMATCH", message: `totals say ${fleet.totals[key]} ${key}; the pools hold ${counted[key]}` });
      }
    }
  }
  return out;
}
