/** `highway node` and `highway maintenance`: node states, drains, inventory sync, maintenance windows. */
import type { Command } from "commander";
import type { InventorySyncReport } from "../../services/operations/inventory-sync.js";
import type { NodeView } from "../../services/operations/node-listing.js";
import type { MaintenanceWindowView } from "../../services/operations/node-service.js";
import { printJson, printRecord, printTable } from "../output.js";
import { act, actList, type GlobalOptions } from "../target.js";

type Opts = GlobalOptions & Record<string, string | boolean | undefined>;

/** A node as one table row: what closes it, in a few words. */
function nodeRow(n: NodeView): Record<string, unknown> {
  const why = n.drain?.reason ?? (n.maintenance?.closing ? n.maintenance.reason : null) ?? n.reported?.reason ?? null;
  return { node: n.node, cluster: n.cluster, model: n.model, accelerators: n.accelerators, state: n.state, reported: n.reported?.state ?? null, why };
}

function printNode(n: NodeView): void {
  printRecord(nodeRow(n));
}

const WINDOW_COLUMNS = ["id", "cluster", "nodes", "startsAt", "endsAt", "status", "reason"];

function query(params: Record<string, string | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (typeof v === "string") q.set(k, v);
  return q.size === 0 ? "" : `?${q}`;
}

/** Registers the node and maintenance commands on the program. */
export function registerNodeCommands(program: Command, globals: () => GlobalOptions): void {
  const node = program.command("node").description("the fleet's nodes: states, drains, inventory sync (platform administrators)");
  node
    .command("list")
    .description("nodes with their state: in_service, drained, maintenance, reported_down, reported_drained")
    .option("--cluster <cluster>", "only this cluster's nodes")
    .option("--state <state>", "only nodes in this state")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const filter = { cluster: options.cluster, state: options.state };
      const items = await actList<NodeView>({ ...globals(), ...options }, `/api/v1/nodes${query(filter)}`, (runtime, actor, page) =>
        runtime.services.nodes.list(actor, { ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)), ...page }),
      );
      if (options.json) return printJson(items);
      printTable(items.map(nodeRow), ["node", "cluster", "model", "accelerators", "state", "reported", "why"]);
    });
  node
    .command("drain <node>")
    .description("place no new work on the node; work running there finishes (Slurm's own state is left alone)")
    .requiredOption("--reason <reason>", "why, for the audit log and other operators")
    .option("--json", "print JSON")
    .action(async (name: string, options: Opts) => {
      const body = { reason: String(options.reason) };
      const view = await act<NodeView>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", `/api/v1/nodes/${encodeURIComponent(name)}/drain`, body),
        direct: (runtime, actor) => runtime.services.nodes.drain(actor, name, body),
      });
      if (options.json) return printJson(view);
      printNode(view);
    });
  node
    .command("resume <node>")
    .description("lift an operator's drain; a maintenance window or the cluster's report may still keep the node closed")
    .option("--json", "print JSON")
    .action(async (name: string, options: Opts) => {
      const view = await act<NodeView>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", `/api/v1/nodes/${encodeURIComponent(name)}/resume`),
        direct: (runtime, actor) => runtime.services.nodes.resume(actor, name),
      });
      if (options.json) return printJson(view);
      printNode(view);
    });
  node
    .command("sync")
    .description("read every cluster's node inventory now (drained, draining and down nodes close to new work)")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const report = await act<InventorySyncReport>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", "/api/v1/nodes/sync"),
        direct: (runtime, actor) => runtime.services.nodes.syncInventory(actor),
      });
      if (options.json) return printJson(report);
      process.stdout.write(`synced ${report.synced} cluster(s), ${report.unreachable} unreachable; ${report.leftService} node(s) left service, ${report.backInService} came back\n`);
      printTable(
        report.clusters.map((c) => (c.kind === "synced" ? { ...c, error: null } : { cluster: c.cluster, kind: c.kind, error: c.error })),
        ["cluster", "kind", "reported", "notInService", "leftService", "backInService", "notInFleet", "error"],
      );
    });

  const maintenance = program.command("maintenance").description("maintenance windows: their nodes close to new work ahead of them (platform administrators)");
  maintenance
    .command("book")
    .description("book a window on a cluster, or on some of its nodes")
    .requiredOption("--cluster <cluster>", "the cluster")
    .option("--nodes <a,b,...>", "only these nodes (default: the whole cluster)")
    .requiredOption("--from <instant>", "start, ISO 8601 with offset, e.g. 2026-12-05T01:00:00+09:00")
    .requiredOption("--to <instant>", "end, ISO 8601 with offset")
    .requiredOption("--reason <reason>", "why")
    .option("--idempotency-key <key>", "retrying with the same key books once")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const nodes = typeof options.nodes === "string" ? options.nodes.split(",").map((n) => n.trim()).filter((n) => n !== "") : undefined;
      const body = { cluster: String(options.cluster), ...(nodes === undefined ? {} : { nodes }), startsAt: String(options.from), endsAt: String(options.to), reason: String(options.reason) };
      const key = typeof options.idempotencyKey === "string" ? options.idempotencyKey : undefined;
      const window = await act<MaintenanceWindowView>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", "/api/v1/maintenance-windows", body, key === undefined ? {} : { "idempotency-key": key }),
        direct: async (runtime, actor) => (await runtime.services.nodes.bookMaintenance(actor, body, { idempotencyKey: key })).value,
      });
      if (options.json) return printJson(window);
      printRecord({ ...window });
    });
  maintenance
    .command("list")
    .description("windows upcoming or under way")
    .option("--cluster <cluster>", "only this cluster's windows")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const filter = options.cluster === undefined ? {} : { cluster: String(options.cluster) };
      const items = await actList<MaintenanceWindowView>({ ...globals(), ...options }, `/api/v1/maintenance-windows${query(filter)}`, (runtime, actor, page) =>
        runtime.services.nodes.listMaintenance(actor, { ...filter, ...page }),
      );
      if (options.json) return printJson(items);
      printTable(items.map((w) => ({ ...w, nodes: w.nodes ?? "all" })), WINDOW_COLUMNS);
    });
  maintenance
    .command("cancel <id>")
    .description("cancel a window that has not ended; its nodes reopen")
    .option("--json", "print JSON")
    .action(async (id: string, options: Opts) => {
      const window = await act<MaintenanceWindowView>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", `/api/v1/maintenance-windows/${encodeURIComponent(id)}/cancel`),
        direct: (runtime, actor) => runtime.services.nodes.cancelMaintenance(actor, id),
      });
      if (options.json) return printJson(window);
      printRecord({ ...window });
    });
}
