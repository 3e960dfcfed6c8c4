/**
 * Where a CLI command acts. A PGlite data directory belongs to one process: while a server runs
 * on it (announced in `server.json`), the CLI talks to that server's API; with --api it talks to
 * the given server; otherwise it opens the store itself and acts as the local operator.
 */
import { existsSync, readFileSync } from "node:fs";
import { loadConfig, type Config } from "../config/config.js";
import { HighwayError } from "../domain/errors.js";
import { openRuntime, type Runtime } from "../runtime.js";
import type { Page, PageRequest } from "../services/pagination.js";
import type { Actor } from "../services/context.js";
import { serverFile } from "../server.js";
import { isAlive } from "../store/directory-lock.js";
import { ApiClient } from "./api-client.js";
import { cliLanguage } from "./cli-language.js";

/** Options every command accepts. */
export interface GlobalOptions {
  readonly api?: string;
  readonly token?: string;
  readonly dataDir?: string;
  readonly json?: boolean;
  /** The language of messages (`en` or `ko`); the locale decides when absent. */
  readonly lang?: string;
}

/** The local operator: whoever can open the data directory acts with the platform's authority. */
export const LOCAL_OPERATOR: Actor = { kind: "system", name: "cli" };

/** Loads the configuration with the command line's overrides. */
export function cliConfig(options: GlobalOptions, overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  return loadConfig({
    env: process.env,
    overrides: { ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), ...overrides },
    warn: (message) => process.stderr.write(`warning: ${message}\n`),
  });
}

/** The URL of a live server announced for the data directory, if any. */
export function runningServerUrl(config: Config): string | undefined {
  const file = serverFile(config.dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const { pid, url } = JSON.parse(readFileSync(file, "utf8")) as { pid: number; url: string };
    return isAlive(pid) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The two ways of carrying out a command. */
export interface Handlers<T> {
  api(client: ApiClient): Promise<T>;
  direct(runtime: Runtime, actor: Actor): Promise<T>;
}

/** Runs a command against the server's API when one is in charge, else directly on the store. */
export async function act<T>(options: GlobalOptions, handlers: Handlers<T>): Promise<T> {
  const config = cliConfig(options);
  const url = options.api ?? process.env.HIGHWAY_API ?? runningServerUrl(config);
  if (url !== undefined) return handlers.api(new ApiClient(url, options.token ?? process.env.HIGHWAY_TOKEN, cliLanguage(options.lang, process.env)));
  const runtime = await openRuntime(config);
  try {
    return await handlers.direct(runtime, LOCAL_OPERATOR);
  } finally {
    await runtime.close();
  }
}

/** Refuses a command that must own the store while a server runs on it. */
export function requireNoServer(config: Config, what: string): void {
  const url = runningServerUrl(config);
  if (url !== undefined) {
    throw new HighwayError("STORE_BUSY", {
      detail: `${what} needs the data directory, but a server at ${url} owns it; stop the server first`,
      detailKo: `${what} 명령에는 데이터 디렉터리가 필요하지만 ${url} 서버가 사용하고 있습니다. 먼저 서버를 중지하십시오`,
    });
  }
}

/** Follows cursors to the end of a list. */
export async function collect<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

/**
 * Every item of a list: through the API at `apiPath` (which may carry its own query), or directly
 * through the service call `direct`, following cursors either way.
 */
export function actList<T = Record<string, unknown>>(
  options: GlobalOptions,
  apiPath: string,
  direct: (runtime: Runtime, actor: Actor, page: PageRequest) => Promise<Page<unknown>>,
): Promise<T[]> {
  const separator = apiPath.includes("?") ? "&" : "?";
  return act(options, {
    api: (client) => collect((cursor) => client.request<Page<T>>("GET", `${apiPath}${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)),
    direct: (runtime, actor) => collect(async (cursor) => (await direct(runtime, actor, { limit: 200, cursor })) as Page<T>),
  });
}
