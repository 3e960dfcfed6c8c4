/**
 * A minimal HTTP client for slurmrestd with JWT authentication (DESIGN.md's user proxy): the
 * platform holds a token of the SlurmUser and names, per request, the user Slurm acts as.
 */
import { SlurmError } from "./slurm-error.js";
import type { SlurmErrorEntry } from "./slurm-error.js";

/** One call: method, path under the base URL, query and JSON body. */
export interface HttpCall {
  readonly method: "GET" | "POST" | "DELETE";
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** The shape the executor needs; tests may pass their own. */
export interface SlurmTransport {
  /** Sends the call as `user` and returns slurmrestd's JSON, or throws a SlurmError. */
  send(call: HttpCall, user: string): Promise<unknown>;
}

/** How to reach slurmrestd. */
export interface SlurmrestdClientOptions {
  /** e.g. `http://127.0.0.1:6820` */
  readonly baseUrl: string;
  /** The SlurmUser's JWT, or a function returning the current one (tokens expire). */
  readonly token: string | (() => string);
  /** Per request; 10 s by default. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** The structural part of slurmrestd's answers that every version shares. */
interface ErrorsEnvelope {
  errors?: { error?: string; error_number?: number; error_code?: number; description?: string }[];
}

/** slurmrestd over fetch, with `X-SLURM-USER-NAME` / `X-SLURM-USER-TOKEN` and a timeout. */
export class SlurmrestdClient implements SlurmTransport {
  readonly #baseUrl: string;
  readonly #token: () => string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: SlurmrestdClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    const token = options.token;
    this.#token = typeof token === "string" ? () => token : token;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#fetch = options.fetch ?? fetch;
  }

  async send(call: HttpCall, user: string): Promise<unknown> {
    const operation = `${call.method} ${call.path}`;
    const url = new URL(this.#baseUrl + call.path);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    // Read before the request: a token that cannot be read is a configuration error, not an unreachable slurmrestd.
    const token = this.#token();
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(url, {
        method: call.method,
        headers: {
          Accept: "application/json",
          ...(call.body === undefined ? {} : { "Content-Type": "application/json" }),
          "X-SLURM-USER-NAME": user,
          "X-SLURM-USER-TOKEN": token,
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      throw new SlurmError({
        failure: timedOut ? "timeout" : "unreachable",
        operation,
        detail: `slurmrestd ${operation}: ${timedOut ? `no answer within ${this.#timeoutMs} ms` : (err as Error).message}`,
        detailKo: `slurmrestd ${operation}: ${timedOut ? `${this.#timeoutMs} ms 안에 응답이 없습니다` : `연결할 수 없습니다: ${(err as Error).message}`}`,
        cause: err,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new SlurmError({
        failure: "malformed",
        operation,
        httpStatus: res.status,
        detail: `slurmrestd ${operation}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`,
        detailKo: `slurmrestd ${operation}: HTTP ${res.status} 응답이 JSON이 아닙니다: ${text.slice(0, 200)}`,
        cause: err,
      });
    }
    const errors = readErrors(body);
    // slurmrestd 22.05 answers 200 with a non-empty `errors` for some refusals, and 500 for others.
    if (!res.ok || errors.length > 0) throw new SlurmError({ failure: "refused", operation, httpStatus: res.status, slurmErrors: errors });
    return body;
  }
}

function readErrors(body: unknown): SlurmErrorEntry[] {
  const list = (body as ErrorsEnvelope | null)?.errors;
  if (!Array.isArray(list)) return [];
  return list.map((e) => ({
    errorNumber: e.error_number ?? e.error_code ?? null,
    error: e.error ?? "unspecified error",
    description: e.description ?? null,
  }));
}
