/** `highway serve`, `migrate`, `export`, `import` and `audit verify`: the store and the server. */
import type { Command } from "commander";
import { importArchive, exportArchive } from "../../store/archive.js";
import { openStore, storeOptionsFromConfig } from "../../store/open-store.js";
import { HighwayError } from "../../domain/errors.js";
import { openRuntime } from "../../runtime.js";
import { startServer } from "../../server.js";
import { seedDemo } from "../../services/demo/seed.js";
import type { AuditVerification } from "../../services/audit/audit-log.js";
import { VERSION } from "../../version.js";
import { printJson, printTable } from "../output.js";
import { act, cliConfig, requireNoServer, type GlobalOptions } from "../target.js";

type Opts = GlobalOptions & Record<string, string | boolean | undefined>;

/** Registers the store and server commands on the program. */
export function registerStoreCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command("serve")
    .description("run the server (PGlite under the data directory, or PostgreSQL with DATABASE_URL)")
    .option("--demo", "seed demonstration data into an empty store")
    .option("--port <port>", "port to listen on (PORT)")
    .option("--host <host>", "address to bind (HIGHWAY_HOST)")
    .action(async (options: Opts) => {
      const config = cliConfig({ ...globals(), ...options }, { port: options.port, host: options.host });
      const server = await startServer(config, { demo: options.demo === true, print: (line) => process.stdout.write(`${line}\n`) });
      const stop = (signal: string) => {
        process.stdout.write(`received ${signal}, shutting down\n`);
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`shutdown failed: ${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });

  program
    .command("migrate")
    .description("apply the committed database migrations (serve does this too)")
    .action(async () => {
      const config = cliConfig(globals());
      requireNoServer(config, "migrate");
      const store = await openStore(storeOptionsFromConfig(config));
      try {
        await store.migrate();
        process.stdout.write(`migrations applied (${store.kind})\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command("export <file>")
    .description("write the whole store to a portable archive (gzip JSON Lines)")
    .option("--json", "print the row counts as JSON")
    .action(async (file: string, options: Opts) => {
      const config = cliConfig({ ...globals(), ...options });
      requireNoServer(config, "export");
      const runtime = await openRuntime(config);
      try {
        const counts = await exportArchive(runtime.store, file, VERSION);
        if (options.json) printJson(counts);
        else process.stdout.write(`exported ${sum(counts)} rows from ${Object.keys(counts).length} tables to ${file}\n`);
      } finally {
        await runtime.close();
      }
    });

  program
    .command("import <file>")
    .description("load an archive into an empty store (e.g. a PGlite pilot onto PostgreSQL)")
    .option("--json", "print the row counts as JSON")
    .action(async (file: string, options: Opts) => {
      const config = cliConfig({ ...globals(), ...options });
      requireNoServer(config, "import");
      const runtime = await openRuntime(config);
      try {
        const counts = await importArchive(runtime.store, file);
        if (options.json) printJson(counts);
        else process.stdout.write(`imported ${sum(counts)} rows into ${runtime.store.kind}\n`);
      } finally {
        await runtime.close();
      }
    });

  program
    .command("demo")
    .description("demonstration data")
    .command("load")
    .description("seed the demo (fleet, programs, 50 organizations, applications in every state) into an empty store")
    .option("--json", "print what was seeded as JSON")
    .action(async (options: Opts) => {
      const config = cliConfig({ ...globals(), ...options });
      requireNoServer(config, "demo load");
      const runtime = await openRuntime(config);
      try {
        const seeded = await seedDemo(runtime.services);
        if (options.json) printJson(seeded);
        else if (seeded.organizations === 0) process.stdout.write("the store already has data; nothing seeded\n");
        else process.stdout.write(`seeded ${seeded.organizations} organizations, ${seeded.people} people, ${seeded.programs} programs and ${Object.values(seeded.applicationsByState).reduce((a, b) => a + b, 0)} applications\n`);
      } finally {
        await runtime.close();
      }
    });

  const audit = program.command("audit").description("the audit log");
  audit
    .command("events")
    .description("events of one chain (an organization id, or platform), oldest first")
    .requiredOption("--chain <chain>", "organization id or platform")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const chain = options.chain as string;
      const items: Record<string, unknown>[] = [];
      let cursor: string | undefined;
      do {
        const page = await act<{ items: Record<string, unknown>[]; nextCursor: string | null }>({ ...globals(), ...options }, {
          api: (client) => client.request("GET", `/api/v1/audit/events?chain=${encodeURIComponent(chain)}&limit=200${cursor ? `&cursor=${cursor}` : ""}`),
          direct: async (runtime, actor) => (await runtime.services.audit.list(actor, chain, { limit: 200, cursor })) as never,
        });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      if (options.json) printJson(items);
      else printTable(items, ["seq", "at", "actor", "action", "subjectType", "subjectId"]);
    });
  audit
    .command("verify")
    .description("recompute every audit chain; exits 1 and names the first bad event when one is broken")
    .option("--json", "print JSON")
    .action(async (options: Opts) => {
      const result = await act<AuditVerification>({ ...globals(), ...options }, {
        api: (client) => client.request("GET", "/api/v1/audit/verify"),
        direct: (runtime, actor) => runtime.services.audit.verify(actor),
      });
      if (options.json) printJson(result);
      else if (result.ok) process.stdout.write(`audit log verified: ${result.events} events in ${result.chains} chains\n`);
      else printTable(result.faults as unknown as Record<string, unknown>[], ["chain", "seq", "kind", "detail"]);
      if (!result.ok) {
        const first = result.faults[0]!;
        throw new HighwayError("AUDIT_CHAIN_BROKEN", { detail: `chain ${first.chain}: ${first.detail}`, detailKo: `체인 ${first.chain}: ${first.detail}` });
      }
    });
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
