/**
 * A scheduler replica for bench/submit.ts: the control loop in its own process on the bench's
 * database, dispatching to simulated clusters of the fleet in service, as a deployment runs API
 * replicas beside one scheduler. Runs until SIGTERM, then prints its cycle count as JSON.
 */
import { loadConfig } from "../src/config/config.js";
import { ExecutorDirectory } from "../src/executors/executor-directory.js";
import { systemClock } from "../src/runtime.js";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { createServices } from "../src/services/services.js";
import { openStore } from "../src/store/open-store.js";

const url = process.argv[2];
if (url === undefined) throw new Error("usage: scheduler-replica.ts POSTGRES_URL");
const store = await openStore({ kind: "postgres", url, maxConnections: 4 });
const executors = new ExecutorDirectory({ simulate: true, clock: systemClock });
const services = createServices({ store, clock: systemClock, auditKey: "bench-audit-key-0123456789abcdef0123456789", sessionTtlHours: 12, loginMaxFailures: 5, loginWindowMinutes: 15, executors });
let cycles = 0;
let errors = 0;
/** Cycles that built the scheduler's state afresh (the others kept it). */
let built = 0;
// The pause between cycles that `highway serve` uses (HIGHWAY_SCHEDULER_INTERVAL_MS, 2 s by default).
const intervalMs = loadConfig({ env: process.env }).schedulerIntervalMs;
const loop = new ControlLoop(services.deps, services.fleetView, {
  holder: "bench-scheduler",
  intervalMs,
  onFleet: (view) => {
    cycles++;
    executors.refresh(view.fleet);
  },
  onError: () => errors++,
  onCycle: (report) => {
    if (report.schedulerState === "built") built++;
  },
});
loop.start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
  void loop.stop().then(async () => {
    await store.close();
    const cpu = process.cpuUsage();
    process.stdout.write(JSON.stringify({ intervalMs, cycles, built, errors, cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2) }) + "\n");
    process.exit(0);
  });
});
