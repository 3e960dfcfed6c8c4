/** `highway program|call|round|application|review|allocation|report`: the programs API from the command line. */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { printJson, printRecord, printTable } from "../output.js";
import { act, actList, type GlobalOptions } from "../target.js";

type Opts = GlobalOptions & Record<string, string | boolean | undefined>;
type Row = Record<string, unknown>;

/** Reads a JSON file given on the command line. */
function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

function output(options: Opts, value: unknown, columns?: string[]): void {
  if (options.json || columns === undefined) return printJson(value);
  if (Array.isArray(value)) printTable(value as Row[], columns);
  else printRecord(value as Row);
}

/** Registers the programs commands. */
export function registerProgramCommands(program: Command, globals: () => GlobalOptions): void {
  const programs = program.command("program").description("programs (budgets, eligibility, cost share, targets)");
  programs
    .command("create")
    .description("define a program from a JSON file (the POST /api/v1/programs body)")
    .requiredOption("--file <path>", "program definition")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const body = readJson(options.file as string);
      const created = await act({ ...globals(), ...options }, {
        api: (client) => client.request("POST", "/api/v1/programs", body),
        direct: async (runtime, actor) => (await runtime.services.programs.create(actor, body)).value,
      });
      printJson(created);
    });
  programs
    .command("list")
    .description("list programs")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const items = await actList({ ...globals(), ...options }, `/api/v1/programs`, (runtime, actor, page) => runtime.services.programs.list(actor, page));
      const rows = items.map((p) => ({ id: p.id, code: p.code, fiscalYear: p.fiscalYear, name: (p.settings as { name: { ko: string } }).name.ko, committedKrw: (p.committed as { krw: unknown }).krw }));
      if (options.json) printJson(items);
      else printTable(rows, ["id", "code", "fiscalYear", "name", "committedKrw"]);
    });
  programs
    .command("show <id>")
    .description("show one program with its commitment")
    .option("--json", "print JSON")
    .action(async (id: string, options: Opts) => {
      const found = await act({ ...globals(), ...options }, {
        api: (client) => client.request("GET", `/api/v1/programs/${encodeURIComponent(id)}`),
        direct: (runtime, actor) => runtime.services.programs.get(actor, id),
      });
      printJson(found);
    });
  programs
    .command("report <id>")
    .description("the program report (JSON, or CSV with --csv)")
    .option("--call <id>", "only this call")
    .option("--csv", "print CSV (UTF-8 with BOM)")
    .option("--json", "print JSON")
    .action(async (id: string, options: Opts) => {
      const call = options.call as string | undefined;
      const query = call ? `?callId=${encodeURIComponent(call)}` : "";
      if (options.csv) {
        const text = await act<string>({ ...globals(), ...options }, {
          api: async (client) => {
            const response = await fetch(new URL(`/api/v1/programs/${encodeURIComponent(id)}/report.csv${query}`, client.baseUrl), { headers: client.headers() });
            return response.text();
          },
          direct: (runtime, actor) => runtime.services.reports.programCsv(actor, id, call),
        });
        process.stdout.write(text);
        return;
      }
      const report = await act({ ...globals(), ...options }, {
        api: (client) => client.request("GET", `/api/v1/programs/${encodeURIComponent(id)}/report${query}`),
        direct: (runtime, actor) => runtime.services.reports.program(actor, id, call),
      });
      printJson(report);
    });

  const calls = program.command("call").description("calls of a program");
  calls
    .command("list <programId>")
    .description("list a program's calls")
    .option("--json", "print JSON")
    .action(async (programId: string, options: Opts) => {
      const items = await actList({ ...globals(), ...options }, `/api/v1/programs/${programId}/calls`, (runtime, actor, page) => runtime.services.programs.listCalls(actor, programId, page));
      output(options, items);
    });

  const roundsCommand = program.command("round").description("rounds of a call");
  roundsCommand
    .command("list <callId>")
    .description("list a call's rounds")
    .option("--json", "print JSON")
    .action(async (callId: string, options: Opts) => {
      const items = await actList({ ...globals(), ...options }, `/api/v1/calls/${callId}/rounds`, (runtime, actor, page) => runtime.services.programs.listRounds(actor, callId, page));
      output(options, items);
    });

  const apps = program.command("application").description("applications");
  apps
    .command("list")
    .description("list the applications you may see")
    .option("--round <id>", "only this round")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const round = options.round as string | undefined;
      const items = await actList({ ...globals(), ...options }, `/api/v1/applications${round ? `?roundId=${encodeURIComponent(round)}` : ""}`, (runtime, actor, page) => runtime.services.applications.list(actor, { roundId: round }, page));
      output(options, items.map((a) => ({ id: a.id, organizationId: a.organizationId, state: a.state, title: (a.content as { title: string }).title, submittedAt: a.submittedAt })), ["id", "organizationId", "state", "title", "submittedAt"]);
    });
  apps
    .command("show <id>")
    .description("show one application")
    .option("--json", "print JSON")
    .action(async (id: string, options: Opts) => {
      printJson(
        await act({ ...globals(), ...options }, {
          api: (client) => client.request("GET", `/api/v1/applications/${encodeURIComponent(id)}`),
          direct: (runtime, actor) => runtime.services.applications.get(actor, id),
        }),
      );
    });

  program
    .command("review")
    .description("reviews")
    .command("list")
    .description("your review assignments")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const items = await actList({ ...globals(), ...options }, `/api/v1/reviews`, (runtime, actor, page) => runtime.services.applications.myReviews(actor, page));
      output(options, items, ["id", "applicationId", "status", "dueAt", "score"]);
    });

  program
    .command("allocation")
    .description("allocations")
    .command("show <id>")
    .description("an allocation and its scheduling queue")
    .option("--json", "print JSON")
    .action(async (id: string, options: Opts) => {
      printJson(
        await act({ ...globals(), ...options }, {
          api: (client) => client.request("GET", `/api/v1/allocations/${encodeURIComponent(id)}`),
          direct: (runtime, actor) => runtime.services.allocations.get(actor, id),
        }),
      );
    });
}
