/**
 * Assembles the product from its configuration: opens the store (PGlite or PostgreSQL), applies
 * migrations, loads the audit sealing key, and builds the services. Used by `highway serve` and
 * by CLI commands that own the data directory.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Config } from "./config/config.js";
import type { Clock } from "./domain/clock.js";
import { openStore, storeOptionsFromConfig } from "./store/open-store.js";
import type { Store } from "./store/store.js";
import { createServices, type Services } from "./services/services.js";
import { ExecutorDirectory } from "./executors/executor-directory.js";

/** An opened product: store and services, and how to close them. */
export interface Runtime {
  readonly config: Config;
  readonly store: Store;
  readonly services: Services;
  /** The clusters this server dispatches to. */
  readonly executors: ExecutorDirectory;
  close(): Promise<void>;
}

/** The system clock, for production use. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * The key that seals audit hashes: HIGHWAY_AUDIT_KEY, else `audit.key` in the data directory
 * (created on first use, mode 0600). It lives outside the database on purpose.
 */
export function loadAuditKey(config: Config): string {
  if (config.auditKey !== undefined) return config.auditKey;
  const path = join(config.dataDir, "audit.key");
  if (!existsSync(path)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600);
  }
  return readFileSync(path, "utf8").trim();
}

/** Opens the store, migrates it, and builds the services. */
export async function openRuntime(config: Config, clock: Clock = systemClock): Promise<Runtime> {
  const store = await openStore(storeOptionsFromConfig(config));
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  const executors = new ExecutorDirectory({ simulate: config.simulateClusters, clock });
  const services = createServices({
    executors,
    store,
    clock,
    auditKey: loadAuditKey(config),
    sessionTtlHours: config.sessionTtlHours,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMinutes: config.loginWindowMinutes,
  });
  return { config, store, services, executors, close: () => store.close() };
}
