/** `highway fleet`: import a fleet file, list what the registry holds, summarize its capacity. */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { HighwayError } from "../../domain/errors.js";
import { type FleetImportResult, type FleetListQuery, type FleetRegistry, type FleetSummary } from "../../services/fleet/fleet-registry.js";
import type { Actor } from "../../services/context.js";
import type { Page } from "../../services/pagination.js";
import { printJson, printRecord, printTable } from "../output.js";
import { act, actList, type GlobalOptions } from "../target.js";

type Opts = GlobalOptions & Record<string, string | boolean | undefined>;

/** What `fleet list` can list: its API path, its service call and its table columns. */
const LISTS = {
  operators: { path: "operators", fetch: (r, a, q) => r.listOperators(a, q), columns: ["key", "id"] },
  sites: { path: "sites", fetch: (r, a, q) => r.listSites(a, q), columns: ["key", "name", "operator", "region"] },
  clusters: { path: "clusters", fetch: (r, a, q) => r.listClusters(a, q), columns: ["key", "site", "operator", "region"] },
  pools: {
    path: "pools",
    fetch: (r, a, q) => r.listPools(a, q),
    columns: ["cluster", "position", "model", "acceleratorClass", "nodes", "acceleratorsPerNode", "accelerators", "nvlinkDomainNodes", "nodesPerRack", "racksPerPod"],
  },
  models: {
    path: "models",
    fetch: (r, a, q) => r.listModels(a, q),
    columns: ["key", "acceleratorClass", "vendor", "kind", "memoryGiB", "bf16DenseTflops", "refPriceKrwPerHour"],
  },
} satisfies Record<string, ListSpec>;

interface ListSpec {
  readonly path: string;
  readonly fetch: (r: FleetRegistry, a: Actor, q: FleetListQuery) => Promise<Page<object>>;
  readonly columns: readonly string[];
}

type ListKind = keyof typeof LISTS;

function readFleetFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new HighwayError("VALIDATION_FAILED", { field: "file", rule: "unreadable", detail: `cannot read ${file}: ${(error as Error).message}`, detailKo: `${file} 파일을 읽을 수 없습니다: ${(error as Error).message}` });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HighwayError("MALFORMED_JSON", { detail: `${file}: ${(error as Error).message}`, detailKo: `${file} 파일이 올바른 JSON이 아닙니다: ${(error as Error).message}` });
  }
}

/** Registers the fleet commands on the program. */
export function registerFleetCommands(program: Command, globals: () => GlobalOptions): void {
  const fleet = program.command("fleet").description("the fleet registry: operators, sites, clusters, node pools, accelerator models");
  fleet
    .command("import <file>")
    .description("import a fleet file (platform administrators); re-importing is idempotent, a changed file updates")
    .option("--json", "print JSON")
    .action(async (file: string, options: Opts) => {
      const body = readFleetFile(file);
      const result = await act<FleetImportResult>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", "/api/v1/fleet/import", body),
        direct: (runtime, actor) => runtime.services.fleet.import(actor, body),
      });
      if (options.json) return printJson(result);
      process.stdout.write(`imported fleet ${result.name} (sha256 ${result.digest.slice(0, 12)}): ${result.totals.gpus} GPUs, ${result.totals.npus} NPUs, ${result.totals.nodes} nodes\n`);
      const kinds = ["models", "operators", "sites", "clusters", "pools"] as const;
      printTable(
        kinds.map((k) => ({ entity: k, ...result[k] })),
        ["entity", "created", "updated", "unchanged", "retired"],
      );
    });
  fleet
    .command("list <what>")
    .description("list operators, sites, clusters, pools or models")
    .option("--include-retired", "also list what the latest import no longer names")
    .option("--json", "print JSON")
    .action(async (what: string, options: Opts) => {
      if (!Object.hasOwn(LISTS, what)) {
        throw new HighwayError("VALIDATION_FAILED", {
          field: "what",
          rule: "enum",
          detail: `what to list: one of ${Object.keys(LISTS).join(", ")}`,
          detailKo: `목록으로 볼 대상은 다음 중 하나여야 합니다: ${Object.keys(LISTS).join(", ")}`,
        });
      }
      const spec: ListSpec = LISTS[what as ListKind];
      const retired = options.includeRetired === true;
      const items = await actList<object>({ ...globals(), ...options }, `/api/v1/fleet/${spec.path}${retired ? "?includeRetired=true" : ""}`, (runtime, actor, page) =>
        spec.fetch(runtime.services.fleet, actor, { ...page, ...(retired ? { includeRetired: "true" } : {}) }),
      );
      if (options.json) printJson(items);
      else printTable(items as Record<string, unknown>[], retired ? [...spec.columns, "retiredAt"] : spec.columns);
    });
  fleet
    .command("summary")
    .description("capacity by operator, region, model and class: accelerators and accelerator-hours per month")
    .option("--month <YYYY-MM>", "calendar month in Asia/Seoul (default: this month)")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const query = options.month === undefined ? {} : { month: String(options.month) };
      const summary = await act<FleetSummary>({ ...globals(), ...options }, {
        api: (client) => client.request("GET", `/api/v1/fleet/summary${query.month ? `?month=${encodeURIComponent(query.month)}` : ""}`),
        direct: (runtime, actor) => runtime.services.fleet.summary(actor, query),
      });
      if (options.json) return printJson(summary);
      printRecord({ month: summary.month, hoursInMonth: summary.hoursInMonth, ...summary.totals });
      process.stdout.write("\nclasses\n");
      printTable(summary.classes as unknown as Record<string, unknown>[], ["key", "kind", "models", "referencePriceKrwPerHour"]);
      const columns = ["key", "nodes", "gpus", "npus", "accelerators", "acceleratorHoursPerMonth"];
      for (const [title, rows] of [
        ["by operator", summary.byOperator],
        ["by region", summary.byRegion],
        ["by model", summary.byModel],
        ["by class", summary.byClass],
      ] as const) {
        process.stdout.write(`\n${title}\n`);
        printTable(rows as unknown as Record<string, unknown>[], title === "by model" ? ["key", "acceleratorClass", ...columns.slice(1)] : columns);
      }
    });
}
