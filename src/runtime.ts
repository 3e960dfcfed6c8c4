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
import { createSlurmExecutor, gresTypeFor, parseSlurmClusterConfig, type SlurmClusterConfig } from "./executors/slurm/slurm-cluster-config.js";
import { HighwayError } from "./domain/errors.js";

/** An opened product: store and services, and how to close them. */
export interface Runtime {
  readonly config: Config;
  readonly store: Store;
  readonly services: Services;
  /** The clusters this server dispatches to. */
  readonly executors: ExecutorDirectory;
  /** The GRES type a cluster calls a fleet model (a configured Slurm site's own names; else the model key). */
  gresType(cluster: string, model: string): string;
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
  const clusters = config.clustersFile === undefined ? [] : readClusters(config.clustersFile);
  const byId = new Map(clusters.map((c) => [c.id, c]));
  const executors = new ExecutorDirectory({ simulate: config.simulateClusters, clock, configured: clusters.map((c) => createSlurmExecutor(c)) });
  const gresType = (cluster: string, model: string): string => {
    const c = byId.get(cluster);
    return c === undefined ? model : gresTypeFor(c, model);
  };
  const services = createServices({
    executors,
    store,
    clock,
    auditKey: loadAuditKey(config),
    sessionTtlHours: config.sessionTtlHours,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMinutes: config.loginWindowMinutes,
  });
  return { config, store, services, executors, gresType, close: () => store.close() };
}

/** The clusters file: one Slurm cluster's configuration, or an array of them. */
export function readClusters(file: string): SlurmClusterConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new HighwayError("CONFIG_INVALID", { field: "HIGHWAY_CLUSTERS_FILE", rule: "readable_json", detail: `cannot read clusters file ${file}`, detailKo: `클러스터 파일을 읽을 수 없습니다: ${file}`, cause });
  }
  return (Array.isArray(parsed) ? parsed : [parsed]).map((c, i) => parseSlurmClusterConfig(c, `clusters[${i}]`));
}
