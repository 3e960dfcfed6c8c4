/**
 * Configuration: one schema with defaults, layered file -> environment (prefix HIGHWAY_, plus the
 * well-known PORT and DATABASE_URL), every problem reported at once, unknown keys warned about,
 * the result frozen. Tests pass an env map instead of touching process.env.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { HighwayError } from "../domain/errors.js";
import { issueMessageKo, violationsDetail } from "../domain/validation.js";
import { patternCheck } from "../domain/zod-korean.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Every configuration key, its type and default. The README's table mirrors this list. */
export const ConfigSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default("127.0.0.1"),
  dataDir: z.string().min(1).default(".highway"),
  databaseUrl: z.string().check(patternCheck(/^postgres(ql)?:\/\//, "must be a postgres:// URL", "postgres:// URL이어야 합니다")).optional(),
  logLevel: z.enum(LOG_LEVELS).default("info"),
  bodyLimitBytes: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  auditKey: z.string().min(32, "must have at least 32 characters").optional(),
  sessionTtlHours: z.coerce.number().int().min(1).max(24 * 30).default(12),
  secureCookies: z.stringbool().or(z.boolean()).default(false),
  loginMaxFailures: z.coerce.number().int().min(1).max(100).default(5),
  loginWindowMinutes: z.coerce.number().int().min(1).max(24 * 60).default(15),
  smtpUrl: z.string().check(patternCheck(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL", "smtp:// 또는 smtps:// URL이어야 합니다")).optional(),
  mailFrom: z.string().min(3).default("AI Highway <no-reply@localhost>"),
  /** Run the scheduler loop on this server (only the elected leader acts). */
  scheduler: z.stringbool().or(z.boolean()).default(true),
  schedulerIntervalMs: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /** Clusters without a configured executor run as simulated clusters (the embedded default). */
  simulateClusters: z.stringbool().or(z.boolean()).default(true),
  /** A JSON file naming the real clusters (Slurm sites) to dispatch to. */
  clustersFile: z.string().min(1).optional(),
  /** Running work is metered at least this often; at most every 5 minutes. */
  meterIntervalSeconds: z.coerce.number().int().min(1).max(300).default(300),
  /** A job pending on its assigned nodes longer than this is withdrawn and rescheduled. */
  pendingTimeoutSeconds: z.coerce.number().int().min(10).max(86_400).default(600),
});
export type Config = Readonly<z.infer<typeof ConfigSchema>>;

/** Environment variable for each key; PORT and DATABASE_URL keep their customary names. */
export const ENV_NAMES: Readonly<Record<keyof Config, string>> = {
  port: "PORT",
  host: "HIGHWAY_HOST",
  dataDir: "HIGHWAY_DATA",
  databaseUrl: "DATABASE_URL",
  logLevel: "HIGHWAY_LOG_LEVEL",
  bodyLimitBytes: "HIGHWAY_BODY_LIMIT_BYTES",
  auditKey: "HIGHWAY_AUDIT_KEY",
  sessionTtlHours: "HIGHWAY_SESSION_TTL_HOURS",
  secureCookies: "HIGHWAY_SECURE_COOKIES",
  loginMaxFailures: "HIGHWAY_LOGIN_MAX_FAILURES",
  loginWindowMinutes: "HIGHWAY_LOGIN_WINDOW_MINUTES",
  smtpUrl: "HIGHWAY_SMTP_URL",
  mailFrom: "HIGHWAY_MAIL_FROM",
  scheduler: "HIGHWAY_SCHEDULER",
  schedulerIntervalMs: "HIGHWAY_SCHEDULER_INTERVAL_MS",
  simulateClusters: "HIGHWAY_SIMULATE_CLUSTERS",
  clustersFile: "HIGHWAY_CLUSTERS_FILE",
  meterIntervalSeconds: "HIGHWAY_METER_INTERVAL_SECONDS",
  pendingTimeoutSeconds: "HIGHWAY_PENDING_TIMEOUT_SECONDS",
};

/** Where the configuration came from, for tests and the CLI. */
export interface ConfigSources {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A JSON file; defaults to $HIGHWAY_CONFIG, then ./highway.config.json when it exists. */
  readonly file?: string;
  /** Values given on the command line; they win over everything. */
  readonly overrides?: Partial<Record<keyof Config, unknown>>;
  readonly warn?: (message: string) => void;
}

/** Loads, validates and freezes the configuration; throws CONFIG_INVALID naming every bad key. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? {};
  const warn = sources.warn ?? (() => {});
  const layered: Record<string, unknown> = {};

  const file = sources.file ?? env.HIGHWAY_CONFIG ?? (existsSync("highway.config.json") ? "highway.config.json" : undefined);
  if (file !== undefined) {
    const fromFile = readJsonFile(file);
    for (const [key, value] of Object.entries(fromFile)) {
      if (key in ENV_NAMES) layered[key] = value;
      else warn(`configuration file ${file}: unknown key "${key}" ignored`);
    }
  }
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== "") layered[key] = value;
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith("HIGHWAY_") && name !== "HIGHWAY_CONFIG" && !KNOWN_ENV.has(name) && !OTHER_HIGHWAY_ENV.has(name)) {
      warn(`environment: unknown variable ${name} ignored`);
    }
  }
  for (const [key, value] of Object.entries(sources.overrides ?? {})) if (value !== undefined) layered[key] = value;

  const parsed = ConfigSchema.safeParse(layered);
  if (!parsed.success) {
    const violations = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "");
      const name = ENV_NAMES[key as keyof Config] ?? key;
      return { field: `${key} (${name})`, rule: issue.code, message: issue.message, messageKo: issueMessageKo(issue) };
    });
    const listed = violationsDetail(violations);
    throw new HighwayError("CONFIG_INVALID", {
      detail: `invalid configuration: ${listed.detail}`,
      detailKo: `설정이 올바르지 않습니다: ${listed.detailKo}`,
      violations,
    });
  }
  const config = { ...parsed.data, dataDir: resolve(parsed.data.dataDir) };
  return Object.freeze(config);
}

const KNOWN_ENV = new Set(Object.values(ENV_NAMES));
/** Variables read elsewhere (tests, CI, the CLI), not configuration keys. */
const OTHER_HIGHWAY_ENV = new Set([
  "HIGHWAY_REQUIRE_POSTGRES",
  "HIGHWAY_REQUIRE_SLURM",
  "HIGHWAY_TOKEN",
  "HIGHWAY_API",
  "HIGHWAY_FAILPOINT",
]);

function readJsonFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new HighwayError("CONFIG_INVALID", { detail: `cannot read configuration file ${path}`, detailKo: `설정 파일을 읽을 수 없습니다: ${path}`, field: "HIGHWAY_CONFIG", cause });
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    return value as Record<string, unknown>;
  } catch (cause) {
    throw new HighwayError("CONFIG_INVALID", { detail: `configuration file ${path} is not a JSON object`, detailKo: `설정 파일의 내용이 JSON 객체가 아닙니다: ${path}`, field: "HIGHWAY_CONFIG", cause });
  }
}
