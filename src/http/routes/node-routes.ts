/** Routes for operating the fleet: nodes and their states, drains, maintenance windows, inventory sync. */
import { z } from "zod";
import { MaintenanceWindowInput, NODE_STATES, NodeDrainInput } from "../../domain/operations/index.js";
import { MaintenanceListQuery, NodeListQuery } from "../../services/operations/node-service.js";
import { route, type RouteSpec } from "../route.js";
import { Id, Instant, pageOf } from "../schemas.js";

const REPORTED_STATES = ["idle", "mixed", "allocated", "drained", "draining", "down", "unknown"] as const;

const NodeView = z.object({
  node: z.string(),
  cluster: z.string(),
  site: z.string(),
  operator: z.string(),
  model: z.string(),
  accelerators: z.number().int(),
  state: z.enum(NODE_STATES).describe("in_service, or what closes the node to new work: an operator's drain, a maintenance window, the cluster's report"),
  drain: z.object({ reason: z.string(), drainedBy: z.string(), drainedAt: Instant }).nullable(),
  maintenance: z
    .object({ id: Id, startsAt: Instant, endsAt: Instant, reason: z.string(), closing: z.boolean().describe("true once the window closes the node (from the lead before it starts)") })
    .nullable()
    .describe("The earliest window covering the node that is not over"),
  reported: z
    .object({ state: z.enum(REPORTED_STATES), reason: z.string().nullable(), gresType: z.string().nullable(), accelerators: z.number().int(), seenAt: Instant })
    .nullable()
    .describe("What the cluster reported at the last inventory sync, when the node was not simply in service"),
});

const MaintenanceWindowView = z.object({
  id: Id,
  cluster: z.string(),
  nodes: z.array(z.string()).nullable().describe("null: every node of the cluster"),
  startsAt: Instant,
  endsAt: Instant,
  reason: z.string(),
  status: z.enum(["upcoming", "current", "ended", "cancelled"]),
  createdBy: z.string(),
  createdAt: Instant,
  cancelledAt: Instant.nullable(),
});

const ClusterSyncResult = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("synced"),
    cluster: z.string(),
    reported: z.number().int(),
    notInService: z.number().int(),
    leftService: z.number().int(),
    backInService: z.number().int(),
    notInFleet: z.number().int(),
  }),
  z.object({ kind: z.literal("unreachable"), cluster: z.string(), error: z.string() }),
]);

const InventorySyncReport = z.object({
  at: Instant,
  clusters: z.array(ClusterSyncResult),
  synced: z.number().int(),
  unreachable: z.number().int().describe("clusters that did not answer; their nodes keep their last reported states"),
  leftService: z.number().int(),
  backInService: z.number().int(),
});

const NodeParams = z.strictObject({ node: z.string().min(1).max(200) });
const WindowParams = z.strictObject({ windowId: z.string().max(100) });

export const nodeRoutes: RouteSpec[] = [
  route({
    method: "GET",
    url: "/api/v1/nodes",
    operationId: "listNodes",
    summary: "Nodes of the fleet with their state (platform administrators and auditors), in fleet order, optionally of one cluster or in one state",
    tag: "nodes",
    auth: "person",
    query: NodeListQuery,
    response: pageOf(NodeView),
    handler: ({ services, actor, query }) => services.nodes.list(actor, query),
  }),
  route({
    method: "POST",
    url: "/api/v1/nodes/:node/drain",
    operationId: "drainNode",
    summary: "Drain a node (platform administrators): the scheduler places no new work on it; work running there finishes",
    tag: "nodes",
    auth: "person",
    params: NodeParams,
    body: NodeDrainInput,
    example: { reason: "GPU 3 reports uncorrectable ECC errors" },
    response: NodeView,
    handler: ({ services, actor, params, body }) => services.nodes.drain(actor, params.node, body),
  }),
  route({
    method: "POST",
    url: "/api/v1/nodes/:node/resume",
    operationId: "resumeNode",
    summary: "Lift an operator's drain (platform administrators); a window or the cluster's report may still keep the node closed",
    tag: "nodes",
    auth: "person",
    params: NodeParams,
    response: NodeView,
    handler: ({ services, actor, params }) => services.nodes.resume(actor, params.node),
  }),
  route({
    method: "POST",
    url: "/api/v1/nodes/sync",
    operationId: "syncNodeInventory",
    summary: "Read every cluster's node inventory now (platform administrators); the server also does this on an interval",
    tag: "nodes",
    auth: "person",
    response: InventorySyncReport,
    handler: ({ services, actor }) => services.nodes.syncInventory(actor),
  }),
  route({
    method: "POST",
    url: "/api/v1/maintenance-windows",
    operationId: "bookMaintenanceWindow",
    summary: "Book a maintenance window on a cluster or some of its nodes (platform administrators); its nodes close to new work ahead of it",
    tag: "nodes",
    auth: "person",
    creates: true,
    body: MaintenanceWindowInput,
    example: {
      cluster: "example-daejeon-a",
      nodes: ["example-daejeon-a-n00001", "example-daejeon-a-n00002"],
      startsAt: "2026-12-05T01:00:00+09:00",
      endsAt: "2026-12-05T07:00:00+09:00",
      reason: "InfiniBand switch firmware upgrade",
    },
    response: MaintenanceWindowView,
    handler: ({ services, actor, body, idempotencyKey }) => services.nodes.bookMaintenance(actor, body, { idempotencyKey }),
  }),
  route({
    method: "GET",
    url: "/api/v1/maintenance-windows",
    operationId: "listMaintenanceWindows",
    summary: "Maintenance windows upcoming or under way (platform administrators and auditors)",
    tag: "nodes",
    auth: "person",
    query: MaintenanceListQuery,
    response: pageOf(MaintenanceWindowView),
    handler: ({ services, actor, query }) => services.nodes.listMaintenance(actor, query),
  }),
  route({
    method: "POST",
    url: "/api/v1/maintenance-windows/:windowId/cancel",
    operationId: "cancelMaintenanceWindow",
    summary: "Cancel a maintenance window that has not ended (platform administrators); its nodes reopen",
    tag: "nodes",
    auth: "person",
    params: WindowParams,
    response: MaintenanceWindowView,
    handler: ({ services, actor, params }) => services.nodes.cancelMaintenance(actor, params.windowId),
  }),
];
