/**
 * Finding the Slurm the Slurm tests run against: HIGHWAY_SLURM_URL (and friends) from the
 * environment, or the env file `scripts/slurm-dev.sh start` writes. When none answers, the tests
 * skip, unless HIGHWAY_REQUIRE_SLURM=1 turns the skip into a failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
const ENV_FILE = join(process.env.SLURM_DEV_STATE_DIR ?? join(ROOT, ".tmp", "slurm-dev"), "env");

/** True when a missing Slurm must fail the run instead of skipping it. */
export const REQUIRE_SLURM = process.env.HIGHWAY_REQUIRE_SLURM === "1";

/** A reachable slurmrestd and the names the dev cluster uses. */
export interface SlurmDevTarget {
  readonly url: string;
  readonly token: string;
  /** The user the token belongs to (the SlurmUser). */
  readonly tokenUser: string;
  /** The mapped Linux user jobs run as (never root). */
  readonly user: string;
  readonly account: string;
  readonly partition: string;
  readonly cluster: string;
  /** Set when this machine runs the cluster, for `scontrol` and `sacct`. */
  readonly slurmConf: string | undefined;
  /** The cluster config JSON scripts/slurm-dev.sh writes (slurm-cluster-config.ts), when there is one. */
  readonly clusterConfig: string | undefined;
  /** Where jobs write their output (mode 1777 on the dev cluster), when known. */
  readonly outputRoot: string | undefined;
  /** Every Linux user jobs may run as, the mapped user first. */
  readonly users: readonly string[];
}

/** Parses KEY='value' lines of the slurm-dev env file. */
function parseEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!m?.[1]) continue;
    out[m[1]] = (m[2] ?? "").replace(/^'(.*)'$/, "$1");
  }
  return out;
}

/** Finds the cluster to test (slurmrestd answers a ping), or says why there is none. */
export async function findSlurmDev(): Promise<SlurmDevTarget | string> {
  let env: Record<string, string | undefined> = process.env;
  if (!env.HIGHWAY_SLURM_URL) {
    if (!existsSync(ENV_FILE)) return `HIGHWAY_SLURM_URL is unset and ${ENV_FILE} does not exist (run scripts/slurm-dev.sh start)`;
    env = { ...parseEnvFile(ENV_FILE), ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("HIGHWAY_SLURM_"))) };
  }
  const url = env.HIGHWAY_SLURM_URL?.replace(/\/$/, "");
  const slurmConf = env.SLURM_CONF;
  let token = env.HIGHWAY_SLURM_TOKEN;
  if (url && !token) {
    const minted = spawnSync("scontrol", ["token", "username=root", "lifespan=3600"], {
      encoding: "utf8",
      env: { ...process.env, ...(slurmConf ? { SLURM_CONF: slurmConf } : {}) },
    });
    token = /SLURM_JWT=(\S+)/.exec(minted.stdout ?? "")?.[1];
  }
  if (!url || !token) return "HIGHWAY_SLURM_URL or HIGHWAY_SLURM_TOKEN is missing";
  const target: SlurmDevTarget = {
    url,
    token,
    tokenUser: env.HIGHWAY_SLURM_TOKEN_USER ?? "root",
    user: env.HIGHWAY_SLURM_USER ?? "hwtest1",
    account: env.HIGHWAY_SLURM_ACCOUNT ?? "hwdev",
    partition: env.HIGHWAY_SLURM_PARTITION ?? "gpu",
    cluster: env.HIGHWAY_SLURM_CLUSTER ?? "highwaydev",
    slurmConf,
    clusterConfig: env.HIGHWAY_SLURM_CLUSTER_CONFIG,
    outputRoot: env.HIGHWAY_SLURM_OUTPUT_ROOT,
    users: (env.HIGHWAY_SLURM_USERS ?? env.HIGHWAY_SLURM_USER ?? "hwtest1").split(/\s+/).filter((u) => u !== ""),
  };
  try {
    const res = await fetch(`${url}/slurm/v0.0.38/ping`, {
      headers: { "X-SLURM-USER-NAME": target.tokenUser, "X-SLURM-USER-TOKEN": token },
      signal: AbortSignal.timeout(3000),
    });
    if (!res.ok) return `slurmrestd at ${url} answered ${res.status} to ping`;
  } catch (err) {
    return `slurmrestd at ${url} is unreachable: ${(err as Error).message}`;
  }
  return target;
}

/** Polls until `probe` returns a value, or fails naming what it waited for (a bounded wait, not a timing assertion). */
export async function poll<T>(what: string, seconds: number, probe: () => Promise<T | undefined> | T | undefined, intervalMs = 300): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
