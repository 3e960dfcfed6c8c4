/**
 * A small client for the server's API, used by the CLI when a server owns the data directory
 * (or when --api is given). It asks for problems in the CLI's language; they come back as
 * HighwayErrors with the server's code, holding the server's Korean as Korean.
 */
import { ERROR_CATALOGUE, HighwayError, type ErrorCode } from "../domain/errors.js";
import { DEFAULT_LANGUAGE, languageOf, type Language } from "../domain/language.js";

/** Calls the API with a bearer token. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly language: Language = DEFAULT_LANGUAGE,
  ) {}

  /** The headers every request carries (for callers that read a non-JSON body themselves). */
  headers(): Record<string, string> {
    return { "accept-language": this.language, ...(this.token === undefined ? {} : { authorization: `Bearer ${this.token}` }) };
  }

  /** Sends one request and returns the parsed JSON body (undefined for 204). */
  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...this.headers(),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new HighwayError("SERVICE_UNAVAILABLE", { detail: `cannot reach the server at ${this.baseUrl}`, detailKo: `서버 ${this.baseUrl}에 연결할 수 없습니다`, cause });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed: unknown = text === "" ? undefined : JSON.parse(text);
    if (!response.ok) throw problemError(parsed, response);
    return parsed as T;
  }

  /** GETs a text body (CSV, for instance) asking for `accept`; a problem still comes back as a HighwayError. */
  async text(path: string, accept: string): Promise<string> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), { headers: { accept, ...this.headers() } });
    } catch (cause) {
      throw new HighwayError("SERVICE_UNAVAILABLE", { detail: `cannot reach the server at ${this.baseUrl}`, detailKo: `서버 ${this.baseUrl}에 연결할 수 없습니다`, cause });
    }
    const text = await response.text();
    if (!response.ok) throw problemError(text === "" ? undefined : (JSON.parse(text) as unknown), response);
    return text;
  }
}

/**
 * The server's problem+json as a HighwayError with the server's code (INTERNAL for a code this CLI
 * does not know). The server writes its detail and messages in one language, named in
 * Content-Language. Korean (Content-Language: ko) is kept as the Korean detail and messages, so the
 * CLI prints it as it came rather than translating it twice. An English answer (a server that did
 * not honour Accept-Language) has no Korean to pass on: a text under a catalogue code reads as the
 * code's Korean with the English beside it in parentheses, any other stays as it came.
 */
function problemError(parsed: unknown, response: Response): HighwayError {
  const problem = (parsed ?? {}) as { code?: string; detail?: string; errors?: { field: string; rule: string; message: string }[] };
  const code = (problem.code !== undefined && Object.hasOwn(ERROR_CATALOGUE, problem.code) ? problem.code : "INTERNAL") as ErrorCode;
  const korean = languageOf(response.headers.get("content-language") ?? "") === "ko";
  const violations = (problem.errors ?? []).map((v) => ({ ...v, messageKo: korean ? v.message : besideCatalogueKorean(v.rule, v.message) }));
  const detail = problem.detail;
  if (detail === undefined) {
    return new HighwayError(code, { detail: `HTTP ${response.status}`, detailKo: `서버가 HTTP ${response.status} 상태로 응답했습니다`, violations });
  }
  return new HighwayError(code, { detail, detailKo: korean ? detail : besideCatalogueKorean(code, detail), violations });
}

/** English under a catalogue code as the code's Korean with the English in parentheses; under any other rule, the English. */
function besideCatalogueKorean(rule: string, english: string): string {
  if (!Object.hasOwn(ERROR_CATALOGUE, rule)) return english;
  return `${ERROR_CATALOGUE[rule as ErrorCode].messageKo.replace(/\.$/, "")} (${english})`;
}
