/**
 * Cross-checks of a fleet file that its schema cannot express, each naming the field (a path
 * under the file's root, e.g. `sites.3.clusters.0.pools.1.model`) and the rule: every pool's
 * model is defined, every region is a current ISO 3166-2:KR code, site and cluster ids are unique
 * fleet-wide, and `totals` (when given) add up. `parseFleet` (domain/fleet.ts) checks the same
 * things but reports them as one message; the registry needs every field named.
 */
import type { Violation } from "./errors.js";
import type { FleetFile } from "./fleet.js";
import { withParticle } from "./korean-particles.js";
import { isRegionCode } from "./regions.js";

/** Every violated rule of a schema-valid fleet file; empty when the file is sound. */
export function checkFleetFile(fleet: FleetFile): Violation[] {
  const out: Violation[] = [];
  const siteIds = new Set<string>();
  const clusterIds = new Set<string>();
  const counted = { gpus: 0, npus: 0, nodes: 0 };
  let modelsKnown = true;
  fleet.sites.forEach((site, s) => {
    if (siteIds.has(site.id)) out.push({ field: `sites.${s}.id`, rule: "FLEET_DUPLICATE_ID", message: `site ${site.id} appears twice`, messageKo: `사이트 ${withParticle(site.id, "이/가")} 두 번 나옵니다` });
    siteIds.add(site.id);
    if (!isRegionCode(site.region)) {
      out.push({ field: `sites.${s}.region`, rule: "FLEET_REGION_UNKNOWN", message: `${site.region} is not a current ISO 3166-2:KR code`, messageKo: `${withParticle(site.region, "은/는")} 현행 ISO 3166-2:KR 코드가 아닙니다` });
    }
    site.clusters.forEach((cluster, c) => {
      if (clusterIds.has(cluster.id)) {
        out.push({ field: `sites.${s}.clusters.${c}.id`, rule: "FLEET_DUPLICATE_ID", message: `cluster ${cluster.id} appears twice`, messageKo: `클러스터 ${withParticle(cluster.id, "이/가")} 두 번 나옵니다` });
      }
      clusterIds.add(cluster.id);
      cluster.pools.forEach((pool, p) => {
        const model = Object.hasOwn(fleet.acceleratorModels, pool.model) ? fleet.acceleratorModels[pool.model] : undefined;
        if (model === undefined) {
          modelsKnown = false;
          out.push({ field: `sites.${s}.clusters.${c}.pools.${p}.model`, rule: "FLEET_MODEL_UNKNOWN", message: `model ${pool.model} is not in acceleratorModels`, messageKo: `모델 ${withParticle(pool.model, "이/가")} acceleratorModels에 없습니다` });
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
        out.push({ field: `totals.${key}`, rule: "FLEET_TOTALS_MISMATCH", message: `totals say ${fleet.totals[key]} ${key}; the pools hold ${counted[key]}`, messageKo: `totals의 ${withParticle(key, "은/는")} ${fleet.totals[key]}이지만 노드 풀을 더하면 ${counted[key]}입니다` });
      }
    }
  }
  return out;
}
