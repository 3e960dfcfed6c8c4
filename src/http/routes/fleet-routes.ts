/** Routes of the fleet registry: import a fleet file, list what it holds, summarize its capacity. */
import { z } from "zod";
import { FleetFileSchema, type FleetFile } from "../../domain/fleet.js";
import type { Actor } from "../../services/context.js";
import { FleetListQuery, FleetSummaryQuery, type FleetRegistry } from "../../services/fleet/fleet-registry.js";
import { route, type RouteSpec } from "../route.js";
import { Id, Instant, pageOf } from "../schemas.js";

const Counts = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), retired: z.number().int() });
const Totals = z.object({ gpus: z.number().int(), npus: z.number().int(), nodes: z.number().int() });

const FleetImportView = z.object({
  name: z.string(),
  digest: z.string().describe("sha256 of the file's canonical JSON"),
  models: Counts,
  operators: Counts,
  sites: Counts,
  clusters: Counts,
  pools: Counts,
  totals: Totals,
});

const LifecycleView = {
  createdAt: Instant,
  updatedAt: Instant,
  retiredAt: Instant.nullable().describe("set when the latest import no longer names it"),
};

const AcceleratorModelView = z.object({
  id: Id,
  key: z.string(),
  acceleratorClass: z.string(),
  vendor: z.string(),
  kind: z.enum(["gpu", "npu"]),
  memoryGiB: z.number(),
  bf16DenseTflops: z.number(),
  refPriceKrwPerHour: z.number().int(),
  ...LifecycleView,
});
const OperatorView = z.object({ id: Id, key: z.string(), ...LifecycleView });
const SiteView = z.object({ id: Id, key: z.string(), name: z.string(), operator: z.string(), region: z.string(), ...LifecycleView });
const ClusterView = z.object({ id: Id, key: z.string(), site: z.string(), operator: z.string(), region: z.string(), ...LifecycleView });
const NodePoolView = z.object({
  id: Id,
  cluster: z.string(),
  site: z.string(),
  position: z.number().int(),
  model: z.string(),
  acceleratorClass: z.string(),
  nodes: z.number().int(),
  acceleratorsPerNode: z.number().int(),
  accelerators: z.number().int(),
  nvlinkDomainNodes: z.number().int(),
  nodesPerRack: z.number().int(),
  racksPerPod: z.number().int(),
  ...LifecycleView,
});

const CapacityRow = z.object({
  key: z.string(),
  nodes: z.number().int(),
  gpus: z.number().int(),
  npus: z.number().int(),
  accelerators: z.number().int(),
  acceleratorHoursPerMonth: z.number().int(),
});
const FleetSummaryView = z.object({
  month: z.string().describe("calendar month in Asia/Seoul, YYYY-MM"),
  hoursInMonth: z.number().int(),
  totals: CapacityRow.omit({ key: true }),
  byOperator: z.array(CapacityRow),
  byRegion: z.array(CapacityRow),
  byModel: z.array(CapacityRow.extend({ acceleratorClass: z.string(), kind: z.enum(["gpu", "npu"]) })),
  byClass: z.array(CapacityRow),
  operators: z.number().int(),
  sites: z.number().int(),
  clusters: z.number().int(),
  pools: z.number().int(),
  models: z.number().int(),
  classes: z.array(
    z.object({
      key: z.string(),
      kind: z.enum(["gpu", "npu", "mixed"]),
      models: z.array(z.string()),
      referencePriceKrwPerHour: z.number().int().describe("the highest model price in the class, KRW per accelerator-hour"),
    }),
  ),
});

const EXAMPLE_FLEET: FleetFile = {
  name: "example",
  acceleratorModels: {
    "h100-sxm": { class: "hopper", vendor: "NVIDIA", kind: "gpu", memoryGiB: 80, bf16DenseTflops: 989, refPriceKrwPerHour: 3500 },
  },
  sites: [
    {
      id: "example-daejeon",
      name: "Example site, Daejeon",
      operator: "government",
      region: "KR-30",
      clusters: [{ id: "example-daejeon-a", pools: [{ model: "h100-sxm", nodes: 4, acceleratorsPerNode: 8, nvlinkDomainNodes: 1, nodesPerRack: 4, racksPerPod: 1 }] }],
    },
  ],
};

type Fetch = (registry: FleetRegistry, actor: Actor, query: FleetListQuery) => Promise<unknown>;
const LISTS: readonly { what: string; operationId: string; url: string; item: z.ZodType; fetch: Fetch }[] = [
  { what: "Accelerator models and their classes", operationId: "listAcceleratorModels", url: "/api/v1/fleet/models", item: AcceleratorModelView, fetch: (r, a, q) => r.listModels(a, q) },
  { what: "Operators", operationId: "listFleetOperators", url: "/api/v1/fleet/operators", item: OperatorView, fetch: (r, a, q) => r.listOperators(a, q) },
  { what: "Sites with their operator and region", operationId: "listFleetSites", url: "/api/v1/fleet/sites", item: SiteView, fetch: (r, a, q) => r.listSites(a, q) },
  { what: "Clusters (one Slurm cluster each)", operationId: "listFleetClusters", url: "/api/v1/fleet/clusters", item: ClusterView, fetch: (r, a, q) => r.listClusters(a, q) },
  { what: "Node pools with their model and topology", operationId: "listFleetPools", url: "/api/v1/fleet/pools", item: NodePoolView, fetch: (r, a, q) => r.listPools(a, q) },
];

export const fleetRoutes: RouteSpec[] = [
  route({
    method: "POST",
    url: "/api/v1/fleet/import",
    operationId: "importFleet",
    summary: "Import a fleet file (platform administrators); re-importing is idempotent, a changed file updates, what it no longer names is retired",
    tag: "fleet",
    auth: "person",
    body: FleetFileSchema,
    example: EXAMPLE_FLEET,
    response: FleetImportView,
    handler: ({ services, actor, body }) => services.fleet.import(actor, body),
  }),
  ...LISTS.map((l) =>
    route({
      method: "GET",
      url: l.url,
      operationId: l.operationId,
      summary: `${l.what} (active ones; includeRetired=true adds retired ones)`,
      tag: "fleet",
      auth: "person",
      query: FleetListQuery,
      response: pageOf(l.item),
      handler: ({ services, actor, query }) => l.fetch(services.fleet, actor, query),
    }),
  ),
  route({
    method: "GET",
    url: "/api/v1/fleet/summary",
    operationId: "getFleetSummary",
    summary: "Capacity by operator, region, model and class: accelerators and accelerator-hours in a calendar month (Asia/Seoul)",
    tag: "fleet",
    auth: "person",
    query: FleetSummaryQuery,
    response: FleetSummaryView,
    handler: ({ services, actor, query }) => services.fleet.summary(actor, query),
  }),
];
