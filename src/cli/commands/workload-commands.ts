/**
 * `highway workload`: submit a workload to a project, follow it, read what it printed, cancel it.
 * Submitting needs a person, so it goes through a server's API with an API token (--token or
 * HIGHWAY_TOKEN); reading works directly on the data directory too.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { HighwayError } from "../../domain/errors.js";
import type { WorkloadEventView, WorkloadView } from "../../services/workloads/workload-service.js";
import { cliLanguage, reasonIn } from "../cli-language.js";
import { printJson, printRecord, printTable } from "../output.js";
import { act, actList, type GlobalOptions } from "../target.js";

type Opts = GlobalOptions & Record<string, string | boolean | string[] | undefined>;

const COLUMNS = ["id", "name", "state", "accelerators", "placedModel", "cluster", "attempt", "reason"];

function readScript(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new HighwayError("VALIDATION_FAILED", { field: "script", rule: "unreadable", detail: `cannot read ${file}: ${(error as Error).message}`, detailKo: `${file} 파일을 읽을 수 없습니다: ${(error as Error).message}` });
  }
}

function integer(value: string | boolean | string[] | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new HighwayError("VALIDATION_FAILED", { field, rule: "integer", detail: `${field} must be a whole number`, detailKo: `${field} 값은 정수여야 합니다` });
  return n;
}

function environment(pairs: string[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new HighwayError("VALIDATION_FAILED", { field: "env", rule: "format", detail: `--env wants NAME=VALUE, got ${pair}`, detailKo: `--env 값은 NAME=VALUE 형식이어야 합니다(받은 값: ${pair})` });
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

const collectValues = (value: string, previous: string[] = []) => [...previous, value];

export function registerWorkloadCommands(program: Command, globals: () => GlobalOptions): void {
  const workload = program.command("workload").description("workloads: submit, list, show, logs, cancel");
  workload
    .command("submit")
    .description("submit a workload to a project (time limit x accelerators is reserved against the allocation)")
    .requiredOption("--project <id>", "the project")
    .option("--model <key>", "one accelerator model, e.g. h100-sxm")
    .option("--class <class>", "any model of a class, e.g. hopper")
    .requiredOption("--gpus-per-node <n>", "accelerators on every node")
    .option("--nodes <n>", "nodes (default 1)")
    .requiredOption("--time <minutes>", "time limit in minutes")
    .requiredOption("--script <file>", "the batch script (starts with #!)")
    .option("--name <name>", "a name")
    .option("--image <image>", "a container image")
    .option("--env <NAME=VALUE>", "an environment variable (repeatable)", collectValues)
    .option("--dataset <id>", "a dataset reference (repeatable)", collectValues)
    .option("--tier <n>", "priority tier (default: the allocation's)")
    .option("--preemptible", "may be preempted for non-preemptible work")
    .option("--expected-seconds <n>", "for simulated clusters: how long it runs")
    .option("--idempotency-key <key>", "retrying with the same key never submits twice")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const body: Record<string, unknown> = {
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.model === undefined ? {} : { model: options.model }),
        ...(options.class === undefined ? {} : { acceleratorClass: options.class }),
        acceleratorsPerNode: integer(options.gpusPerNode, "gpus-per-node"),
        nodes: integer(options.nodes, "nodes") ?? 1,
        timeLimitMinutes: integer(options.time, "time"),
        script: readScript(String(options.script)),
        environment: environment(options.env as string[] | undefined),
        datasets: (options.dataset as string[] | undefined) ?? [],
        preemptible: options.preemptible === true,
        ...(options.image === undefined ? {} : { image: options.image }),
        ...(options.tier === undefined ? {} : { priorityTier: integer(options.tier, "tier") }),
        ...(options.expectedSeconds === undefined ? {} : { expectedDurationSeconds: integer(options.expectedSeconds, "expected-seconds") }),
      };
      const key = typeof options.idempotencyKey === "string" ? options.idempotencyKey : undefined;
      const project = String(options.project);
      const created = await act<WorkloadView>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", `/api/v1/projects/${encodeURIComponent(project)}/workloads`, body, key ? { "idempotency-key": key } : {}),
        direct: async (runtime, actor) => (await runtime.services.workloads.submit(actor, project, body, { idempotencyKey: key })).value,
      });
      if (options.json) return printJson(created);
      process.stdout.write(`submitted ${created.id} (${created.name}): ${created.state}, ${created.accelerators} x ${created.model ?? created.acceleratorClass}, reserved ${(Number(created.reservedAcceleratorSeconds) / 3600).toFixed(2)} accelerator-hours\n`);
    });
  workload
    .command("list")
    .description("workloads you can see")
    .option("--project <id>", "of one project")
    .option("--state <state>", "queued, dispatched, running, succeeded, failed, cancelled, timed_out")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const query = { ...(options.project ? { projectId: String(options.project) } : {}), ...(options.state ? { state: String(options.state) } : {}) };
      const qs = new URLSearchParams(query).toString();
      const items = await actList<WorkloadView>({ ...globals(), ...options }, `/api/v1/workloads${qs ? `?${qs}` : ""}`, (runtime, actor, page) => runtime.services.workloads.list(actor, { ...query, ...page }));
      if (options.json) return printJson(items);
      const lang = cliLanguage(globals().lang, process.env);
      printTable(
        items.map((w) => ({ ...w, reason: reasonIn(w, lang) })),
        COLUMNS,
      );
    });
  workload
    .command("show <id>")
    .description("a workload and its state history")
    .option("--json", "print JSON")
    .action(async (id: string, options: Opts) => {
      const w = await act<WorkloadView & { readonly events: readonly WorkloadEventView[] }>({ ...globals(), ...options }, {
        api: (client) => client.request("GET", `/api/v1/workloads/${encodeURIComponent(id)}`),
        direct: (runtime, actor) => runtime.services.workloads.get(actor, id),
      });
      if (options.json) return printJson(w);
      // Reasons in the chosen language, the workload's and each event's; their other rendering and
      // their clauses are in --json.
      const lang = cliLanguage(globals().lang, process.env);
      const { events, spec: _spec, reasonText: _text, waitClauses: _clauses, lifecycleClauses: _facts, ...rest } = w;
      printRecord({ ...rest, reason: reasonIn(w, lang), nodeNames: rest.nodeNames.join(",") });
      process.stdout.write("\n");
      printTable(
        events.map((e) => ({ at: e.at, state: e.state, attempt: e.attempt, reason: reasonIn(e, lang), actor: e.actor })),
        ["at", "state", "attempt", "reason", "actor"],
      );
    });
  workload
    .command("logs <id>")
    .description("what the workload's current or last run printed")
    .action(async (id: string, options: Opts) => {
      const out = await act<{ stdout: string; stderr: string; truncated: boolean; runId: string | null }>({ ...globals(), ...options }, {
        api: (client) => client.request("GET", `/api/v1/workloads/${encodeURIComponent(id)}/output`),
        direct: (runtime, actor) => runtime.services.workloads.output(actor, id),
      });
      if (out.truncated) process.stderr.write("(output cut to its last part)\n");
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
    });
  workload
    .command("cancel <id>")
    .description("cancel a workload: a queued one ends at once, a running one is stopped on its cluster")
    .option("--json", "print JSON")
    .action(async (id: string, options: Opts) => {
      const w = await act<WorkloadView>({ ...globals(), ...options }, {
        api: (client) => client.request("POST", `/api/v1/workloads/${encodeURIComponent(id)}/cancel`),
        direct: (runtime, actor) => runtime.services.workloads.cancel(actor, id),
      });
      if (options.json) return printJson(w);
      process.stdout.write(`${w.id}: ${w.state}${w.cancelRequested && w.state !== "cancelled" ? " (cancel requested; its job is being stopped)" : ""}\n`);
    });
}
