/**
 * `highway serve`: opens the runtime, seeds demo data on request, listens, announces the server in
 * the data directory (so the CLI talks to it instead of opening the store), prints the bootstrap
 * token on a first run, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Config } from "./config/config.js";
import { buildApp } from "./http/app.js";
import { openRuntime } from "./runtime.js";
import { seedDemo } from "./services/demo/seed.js";
import { startNotifications } from "./services/notifications/start-notifications.js";
import { ControlLoop, type Failpoint } from "./services/execution/control-loop.js";
import { VERSION } from "./version.js";

/** The file through which the CLI finds a server running on a data directory. */
export function serverFile(dataDir: string): string {
  return join(dataDir, "server.json");
}

/**
 * Starts the scheduler loop. HIGHWAY_FAILPOINT names a step at which the process kills itself
 * (SIGKILL, no cleanup): the reconciliation tests use it to crash between decision, submission and
 * commit.
 */
function startControlLoop(runtime: Awaited<ReturnType<typeof openRuntime>>, config: Config, onError: (error: unknown) => void): ControlLoop {
  const failAt = process.env.HIGHWAY_FAILPOINT;
  const loop = new ControlLoop(runtime.services.deps, runtime.services.fleetView, {
    holder: `${hostname()}:${process.pid}`,
    intervalMs: config.schedulerIntervalMs,
    meterIntervalSeconds: config.meterIntervalSeconds,
    pendingTimeoutSeconds: config.pendingTimeoutSeconds,
    onFleet: (view) => runtime.executors.refresh(view.fleet),
    gresType: (cluster, model) => runtime.gresType(cluster, model),
    onError,
    ...(failAt ? { failpoint: (name: Failpoint) => (name === failAt ? process.kill(process.pid, "SIGKILL") : undefined) } : {}),
  });
  loop.start();
  return loop;
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the server; `print` receives the lines a person should read. */
export async function startServer(config: Config, options: { demo: boolean; print: (line: string) => void }): Promise<RunningServer> {
  const runtime = await openRuntime(config);
  try {
    if (options.demo) {
      const seeded = await seedDemo(runtime.services);
      if (seeded.organizations > 0) {
        const states = Object.entries(seeded.applicationsByState).map(([state, n]) => `${n} ${state}`).join(", ");
        options.print(`demo: seeded ${seeded.organizations} organizations, ${seeded.people} people, ${seeded.programs} programs, applications: ${states}; ${seeded.workloads} workloads`);
      }
    }
    const app = await buildApp({ services: runtime.services, config });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    writeFileSync(serverFile(config.dataDir), JSON.stringify({ pid: process.pid, url }));
    const notifications = startNotifications(runtime.services.deps, { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom }, { onError: (err) => app.log.error({ err }, "notification pass failed") });
    // Reviewers hear of deadlines a day ahead; the sweep is idempotent, so every replica may run it.
    const reminders = setInterval(() => {
      runtime.services.applications.remindDueReviews().catch((err: unknown) => app.log.error({ err }, "review reminder sweep failed"));
    }, 60_000);
    reminders.unref();
    // What each cluster says about its nodes (drained, down) reaches the scheduler within a minute.
    const inventory = setInterval(() => {
      runtime.services.nodes.syncInventory().catch((err: unknown) => app.log.error({ err }, "inventory sync failed"));
    }, 60_000);
    inventory.unref();
    const loop = config.scheduler ? startControlLoop(runtime, config, (err) => app.log.error({ err }, "scheduler cycle failed")) : null;
    const where = runtime.store.kind === "pglite" ? `PGlite at ${config.dataDir}` : "PostgreSQL";
    options.print(`AI Highway ${VERSION} listening on ${url} (${where}); API docs at ${url}/docs`);
    const bootstrapToken = await runtime.services.bootstrap.issueToken();
    if (bootstrapToken !== null) {
      options.print("");
      options.print("First run: there is no administrator yet. Create one with this one-time bootstrap token:");
      options.print(`  npx highway admin create --email you@example.kr --name "Your Name" --bootstrap-token ${bootstrapToken}`);
      options.print(`  (or POST ${url}/api/v1/bootstrap with {"bootstrapToken", "email", "name", "password"})`);
      options.print("The command prints an API token for the new administrator. A new token is issued at each start until then.");
      options.print("");
    }
    let closed = false;
    return {
      url,
      close: async () => {
        if (closed) return;
        closed = true;
        rmSync(serverFile(config.dataDir), { force: true });
        clearInterval(reminders);
        clearInterval(inventory);
        await loop?.stop();
        await notifications.stop();
        await app.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
