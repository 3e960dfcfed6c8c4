/**
 * The dev cluster matches its fleet file: fleet/slurm-dev.json parses and passes the registry's
 * checks, names the nodes `highwaydev-n00001..4` (expandFleet), and, when scripts/slurm-dev.sh runs
 * the cluster, Slurm's nodes are exactly those, each with the GRES type its model maps to in the
 * cluster config the script writes (read with parseSlurmClusterConfig, driven through createSlurmExecutor).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFleetFile } from "../src/domain/fleet-check.js";
import { expandFleet, parseFleet } from "../src/domain/fleet.js";
import { createSlurmExecutor, gresTypeFor, parseSlurmClusterConfig } from "../src/executors/slurm/slurm-cluster-config.js";
import { findSlurmDev, REQUIRE_SLURM } from "./support/slurm-dev.js";

const FLEET_PATH = join(import.meta.dirname, "..", "fleet", "slurm-dev.json");
const fleet = parseFleet(JSON.parse(readFileSync(FLEET_PATH, "utf8")));

describe("fleet/slurm-dev.json", () => {
  it("parses and passes every fleet-file check", () => {
    expect(checkFleetFile(fleet)).toEqual([]);
    expect(fleet.sites.map((s) => [s.region, s.clusters.map((c) => c.id)])).toEqual([["KR-30", ["highwaydev"]]]);
  });

  it("uses the national fleet's model keys, classes and prices", () => {
    const national = parseFleet(JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "fleet", "national-260k.json"), "utf8")));
    for (const [key, model] of Object.entries(fleet.acceleratorModels)) expect(model).toEqual(national.acceleratorModels[key]);
  });

  it("names the nodes highwaydev-n00001..4: two h100-sxm, then two h200-sxm, eight GPUs each", () => {
    expect(expandFleet(fleet).map((n) => [n.id, n.model, n.acceleratorClass, n.accelerators])).toEqual([
      ["highwaydev-n00001", "h100-sxm", "hopper", 8],
      ["highwaydev-n00002", "h100-sxm", "hopper", 8],
      ["highwaydev-n00003", "h200-sxm", "hopper", 8],
      ["highwaydev-n00004", "h200-sxm", "hopper", 8],
    ]);
  });
});

const found = await findSlurmDev();

describe.skipIf(typeof found === "string" && !REQUIRE_SLURM)("the running dev cluster matches fleet/slurm-dev.json", () => {
  it("has exactly the fleet's nodes, each with its model's GRES type from cluster.json, through the executor the config builds", async () => {
    if (typeof found === "string") throw new Error(`HIGHWAY_REQUIRE_SLURM=1 but no Slurm: ${found}`);
    if (!found.clusterConfig) throw new Error("the slurm-dev env file names no cluster config");
    const config = parseSlurmClusterConfig(JSON.parse(readFileSync(found.clusterConfig, "utf8")));
    expect(config.id).toBe("highwaydev");
    const executor = createSlurmExecutor(config);
    const nodes = await executor.inventory();
    const byName = (a: readonly [string, ...unknown[]], b: readonly [string, ...unknown[]]): number => a[0].localeCompare(b[0]);
    expect(nodes.map((n) => [n.name, n.gresType, n.accelerators] as const).sort(byName)).toEqual(
      expandFleet(fleet)
        .filter((n) => n.cluster === config.id)
        .map((n) => [n.id, gresTypeFor(config, n.model), n.accelerators] as const),
    );
  });
});
