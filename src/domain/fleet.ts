/**
 * The fleet file: accelerator models and classes, operators, sites, clusters and node pools, and
 * its expansion into individual nodes with topology coordinates. Node i of a pool is in NVLink
 * domain floor(i / nvlinkDomainNodes), rack floor(i / nodesPerRack) and pod
 * floor(rack / racksPerPod), counted per pool; the last rack or pod of a pool may be partial.
 * Node names run `<cluster>-n00001`, ... in pool order, continuing across the pools of a cluster
 * so that they stay unique.
 */
import { z } from "zod";

/** One accelerator model of the fleet file. */
export const AcceleratorModelSchema = z
  .object({
    class: z.string().min(1),
    vendor: z.string().min(1),
    kind: z.enum(["gpu", "npu"]),
    memoryGiB: z.number().positive(),
    bf16DenseTflops: z.number().positive(),
    refPriceKrwPerHour: z.number().int().nonnegative(),
  })
  .strict();

/** A pool of identical nodes in one cluster. */
export const NodePoolSchema = z
  .object({
    model: z.string().min(1),
    nodes: z.number().int().positive(),
    acceleratorsPerNode: z.number().int().positive(),
    nvlinkDomainNodes: z.number().int().positive(),
    nodesPerRack: z.number().int().positive(),
    racksPerPod: z.number().int().positive(),
  })
  .strict();

/** One Slurm cluster. */
export const ClusterSchema = z.object({ id: z.string().min(1), pools: z.array(NodePoolSchema).min(1) }).strict();

/** A site (a data centre in one region) run by one operator. */
export const SiteSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    operator: z.string().min(1),
    region: z.string().regex(/^KR-\d\d$/),
    clusters: z.array(ClusterSchema).min(1),
  })
  .strict();

/** The whole fleet file (fixtures/fleet/*.json). */
export const FleetFileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    totals: z.object({ gpus: z.number().int(), npus: z.number().int(), nodes: z.number().int() }).strict().optional(),
    acceleratorModels: z.record(z.string(), AcceleratorModelSchema),
    topologyNotes: z.string().optional(),
    sites: z.array(SiteSchema).min(1),
  })
  .strict();

/** A parsed fleet file. */
export type FleetFile = z.infer<typeof FleetFileSchema>;
/** An accelerator model. */
export type AcceleratorModel = z.infer<typeof AcceleratorModelSchema>;
/** A node pool. */
export type NodePool = z.infer<typeof NodePoolSchema>;

/** One node with its topology coordinates; pod, rack and domain ids are unique fleet-wide. */
export interface FleetNode {
  readonly id: string;
  readonly operator: string;
  readonly site: string;
  readonly cluster: string;
  /** InfiniBand leaf group, e.g. `samsung-gyeonggi-a/p0/pod003`. */
  readonly pod: string;
  readonly rack: string;
  readonly nvlinkDomain: string;
  readonly model: string;
  readonly acceleratorClass: string;
  readonly accelerators: number;
}

/** Parses and cross-checks a fleet file: every pool names a known model, totals (if given) add up. */
export function parseFleet(input: unknown): FleetFile {
  const fleet = FleetFileSchema.parse(input);
  const problems: string[] = [];
  const clusterIds = new Set<string>();
  let gpus = 0;
  let npus = 0;
  let nodes = 0;
  for (const site of fleet.sites) {
    for (const cluster of site.clusters) {
      if (clusterIds.has(cluster.id)) problems.push(`cluster ${cluster.id} appears twice`);
      clusterIds.add(cluster.id);
      for (const pool of cluster.pools) {
        const model = fleet.acceleratorModels[pool.model];
        if (!model) {
          problems.push(`cluster ${cluster.id} uses unknown model ${pool.model}`);
          continue;
        }
        nodes += pool.nodes;
        if (model.kind === "gpu") gpus += pool.nodes * pool.acceleratorsPerNode;
        else npus += pool.nodes * pool.acceleratorsPerNode;
      }
    }
  }
  if (fleet.totals && problems.length === 0) {
    const t = fleet.totals;
    if (t.gpus !== gpus || t.npus !== npus || t.nodes !== nodes) {
      problems.push(`totals say ${t.gpus} GPUs, ${t.npus} NPUs, ${t.nodes} nodes; the pools hold ${gpus}, ${npus}, ${nodes}`);
    }
  }
  if (problems.length > 0) throw new Error(`invalid fleet ${fleet.name}: ${problems.join("; ")}`);
  return fleet;
}

/** The accelerator class of each model, e.g. b200 -> blackwell. */
export function modelClasses(fleet: FleetFile): ReadonlyMap<string, string> {
  return new Map(Object.entries(fleet.acceleratorModels).map(([id, m]) => [id, m.class]));
}

/** A class's reference price: the highest model price in the class (DESIGN.md, Queue). */
export function classReferencePrice(fleet: FleetFile, acceleratorClass: string): number {
  let price = 0;
  for (const m of Object.values(fleet.acceleratorModels)) if (m.class === acceleratorClass) price = Math.max(price, m.refPriceKrwPerHour);
  return price;
}

/**
 * A string made of `parts`, stored flat. V8 keeps a string built by `+` or a template literal as a
 * tree of its parts (a cons string); every hash or comparison of it then reads through that tree.
 * Node names are hashed and compared on every scheduler snapshot, so they are built flat.
 */
function flat(...parts: string[]): string {
  return parts.join("");
}

/** Expands a fleet into its nodes, in file order. */
export function expandFleet(fleet: FleetFile): FleetNode[] {
  const out: FleetNode[] = [];
  for (const site of fleet.sites) {
    for (const cluster of site.clusters) {
      let n = 0;
      cluster.pools.forEach((pool, p) => {
        const model = fleet.acceleratorModels[pool.model];
        if (!model) throw new Error(`unknown model ${pool.model}`);
        const prefix = flat(cluster.id, "/p", String(p));
        for (let i = 0; i < pool.nodes; i++) {
          const rack = Math.floor(i / pool.nodesPerRack);
          n++;
          out.push({
            id: flat(cluster.id, "-n", String(n).padStart(5, "0")),
            operator: site.operator,
            site: site.id,
            cluster: cluster.id,
            pod: flat(prefix, "/pod", String(Math.floor(rack / pool.racksPerPod)).padStart(3, "0")),
            rack: flat(prefix, "/rack", String(rack).padStart(4, "0")),
            nvlinkDomain: flat(prefix, "/nvl", String(Math.floor(i / pool.nvlinkDomainNodes)).padStart(5, "0")),
            model: pool.model,
            acceleratorClass: model.class,
            accelerators: pool.acceleratorsPerNode,
          });
        }
      });
    }
  }
  return out;
}
