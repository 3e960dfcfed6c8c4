/**
 * One Slurm cluster as the platform's configuration names it, and the SlurmExecutor built from it.
 * The schema checks every field at once and the result is frozen; the JWT is not part of the
 * configuration but read from a file (re-read when it changes, so a rotated token is picked up) or
 * from an environment variable, at each request.
 */
import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import { withParticle } from "../../domain/korean-particles.js";
import { violationsDetail, violationsOf } from "../../domain/validation.js";
import { patternCheck } from "../../domain/zod-korean.js";
import type { SacctmgrRunner } from "./account-admin.js";
import { API_V0038 } from "./api-v0038.js";
import { SlurmExecutor } from "./slurm-executor.js";
import { SlurmrestdClient } from "./slurmrestd-client.js";

/** A Slurm GRES type name (`h100`), as `--gres=gpu:<type>:<n>` takes it. */
export const GRES_TYPE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** A Slurm account name as the platform writes it: lower case (Slurm lower-cases account names). */
export const SLURM_ACCOUNT_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

const envName = z.string().check(patternCheck(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name", "환경 변수 이름이어야 합니다"));

/** The configuration of one Slurm cluster (one entry of the platform's `clusters`). */
export const SlurmClusterConfigSchema = z
  .object({
    /** The fleet file's cluster id, e.g. `highwaydev`. */
    id: z.string().check(patternCheck(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a fleet cluster id (lower case, digits, dashes)", "플릿 클러스터 ID여야 합니다(소문자, 숫자, 하이픈)")),
    kind: z.literal("slurm"),
    /** slurmrestd's base URL. */
    url: z.url({ protocol: /^https?$/ }),
    apiVersion: z.enum(["v0.0.38"]).default("v0.0.38"),
    /** Slurm's ClusterName when it differs from the fleet id (used for associations). */
    slurmClusterName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
    /** The user the token belongs to (the SlurmUser): reads, cancels and account changes run as it. */
    serviceUser: z.string().min(1).max(64),
    token: z.union([z.object({ file: z.string().startsWith("/", "must be an absolute path") }).strict(), z.object({ env: envName }).strict()]),
    /** Fleet model key -> the GRES type the cluster's nodes declare, e.g. `{"h100-sxm": "h100"}`. */
    gresTypes: z.record(z.string().min(1), z.string().check(patternCheck(GRES_TYPE_PATTERN, "must be a Slurm GRES type name", "Slurm GRES 유형 이름이어야 합니다"))),
    partition: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
    /** A directory of the site's shared filesystem the job users can write (mode 1777) and the control plane reads. */
    outputRoot: z.string().startsWith("/", "must be an absolute path").optional(),
    /** Whether slurmdbd runs (job history, accounts and limits). */
    accounting: z.boolean(),
    /** The Slurm account under which the platform owns every account; nothing outside it is touched. */
    accountParent: z.string().regex(SLURM_ACCOUNT_PATTERN).default("highway"),
    /**
     * How to run sacctmgr for what slurmrestd 22.05 cannot do (changing an existing account's
     * limits): locally, or through e.g. `["ssh", "site-admin", "sacctmgr"]`.
     */
    sacctmgr: z.object({ argv: z.array(z.string().min(1)).min(1), env: z.record(envName, z.string()).optional() }).strict().optional(),
    /** Per request, milliseconds. */
    timeoutMs: z.number().int().positive().max(600_000).default(10_000),
  })
  .strict();

/** A parsed, frozen Slurm cluster configuration. */
export type SlurmClusterConfig = Readonly<z.infer<typeof SlurmClusterConfigSchema>>;

/** Parses one cluster's configuration; every problem at once as CONFIG_INVALID naming each field under `prefix`. */
export function parseSlurmClusterConfig(input: unknown, prefix = "cluster"): SlurmClusterConfig {
  const result = SlurmClusterConfigSchema.safeParse(input);
  if (!result.success) {
    // zod reports a missing union (`token`) as invalid_union; call it what it is.
    const absent = (field: string): boolean => (input as Record<string, unknown> | null)?.[field.slice(prefix.length + 1)] === undefined;
    const violations = violationsOf(result.error, prefix, input).map((v) =>
      v.rule === "invalid_union" && absent(v.field) ? { ...v, rule: "required", message: "is required", messageKo: "필수 항목입니다" } : v,
    );
    throw new HighwayError("CONFIG_INVALID", { ...violationsDetail(violations), violations });
  }
  return deepFreeze(result.data);
}

/**
 * The GRES type a cluster gives a fleet model (`h100-sxm` -> `h100`), for `JobSpec.gresType`.
 * Throws CONFIG_INVALID naming `gresTypes.<model>` when the cluster maps none.
 */
export function gresTypeFor(config: SlurmClusterConfig, fleetModelKey: string): string {
  if (Object.hasOwn(config.gresTypes, fleetModelKey)) return config.gresTypes[fleetModelKey]!;
  const known = Object.keys(config.gresTypes).join(", ") || "none";
  throw new HighwayError("CONFIG_INVALID", {
    detail: `cluster ${config.id} maps no Slurm GRES type for accelerator model ${fleetModelKey} (it maps: ${known})`,
    detailKo: `클러스터 ${config.id}의 설정에 가속기 모델 ${fleetModelKey}의 Slurm GRES 유형이 없습니다(설정된 모델: ${known === "none" ? "없음" : known})`,
    field: `gresTypes.${fleetModelKey}`,
    rule: "slurm_gres_type_unmapped",
  });
}

/** What createSlurmExecutor takes from its surroundings; tests pass their own. */
export interface SlurmExecutorDeps {
  /** Where `token.env` is looked up; process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly fetch?: typeof fetch;
  /** Waits out a cancel's grace. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Runs sacctmgr (see `config.sacctmgr`); a child process by default. */
  readonly runCommand?: (argv: readonly string[], env: Readonly<Record<string, string>>) => Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }>;
}

/** The SlurmExecutor of one configured cluster. */
export function createSlurmExecutor(config: SlurmClusterConfig, deps: SlurmExecutorDeps = {}): SlurmExecutor {
  const transport = new SlurmrestdClient({
    baseUrl: config.url,
    token: tokenSource(config, deps.env ?? process.env),
    timeoutMs: config.timeoutMs,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  return new SlurmExecutor({
    clusterId: config.id,
    transport,
    api: API_V0038,
    serviceUser: config.serviceUser,
    accounting: config.accounting,
    ...(config.outputRoot === undefined ? {} : { outputRoot: config.outputRoot }),
    slurmClusterName: config.slurmClusterName ?? config.id,
    accountParent: config.accountParent,
    ...(config.sacctmgr === undefined ? {} : { sacctmgr: sacctmgrRunner(config.sacctmgr, deps.runCommand ?? runChild) }),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
}

/** The current token: a file re-read when its mtime or size changes, or an environment variable read each time. */
export function tokenSource(config: Pick<SlurmClusterConfig, "id" | "token">, env: Readonly<Record<string, string | undefined>>): () => string {
  const token = config.token;
  if ("env" in token) {
    return () => {
      const value = env[token.env]?.trim();
      if (!value) throw tokenError(config.id, "token.env", "slurm_token_missing", `environment variable ${token.env} is unset or empty`, `환경 변수 ${withParticle(token.env, "이/가")} 설정되지 않았거나 비어 있습니다`);
      return value;
    };
  }
  let cached: { readonly stamp: string; readonly value: string } | null = null;
  return () => {
    try {
      const st = statSync(token.file);
      const stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
      if (cached?.stamp !== stamp) cached = { stamp, value: readFileSync(token.file, "utf8").trim() };
    } catch (error) {
      throw tokenError(config.id, "token.file", "slurm_token_unreadable", `cannot read ${token.file}: ${(error as Error).message}`, `${token.file} 파일을 읽을 수 없습니다: ${(error as Error).message}`, error);
    }
    if (cached.value === "") throw tokenError(config.id, "token.file", "slurm_token_missing", `${token.file} is empty`, `${token.file} 파일이 비어 있습니다`);
    return cached.value;
  };
}

function tokenError(clusterId: string, field: string, rule: string, why: string, whyKo: string, cause?: unknown): HighwayError {
  return new HighwayError("CONFIG_INVALID", { detail: `cluster ${clusterId}: no slurmrestd token: ${why}`, detailKo: `클러스터 ${clusterId}: slurmrestd 토큰이 없습니다: ${whyKo}`, field, rule, cause });
}

function sacctmgrRunner(
  spec: { readonly argv: readonly string[]; readonly env?: Readonly<Record<string, string>> | undefined },
  run: NonNullable<SlurmExecutorDeps["runCommand"]>,
): SacctmgrRunner {
  return (args) => run([...spec.argv, ...args], spec.env ?? {});
}

function runChild(argv: readonly string[], env: Readonly<Record<string, string>>): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, ...args] = argv;
  return new Promise((resolve) => {
    execFile(command!, args, { env: { ...process.env, ...env }, timeout: 30_000, encoding: "utf8" }, (error, stdout, stderr) => {
      // A command that could not start has a string code (ENOENT): report it as 127, as a shell would.
      const code = error ? (typeof error.code === "number" ? error.code : 127) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== "number" ? error.message : "") });
    });
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
