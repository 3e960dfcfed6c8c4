/**
 * Routes are data: each one declares its method, path, zod schemas, who may call it and whether it
 * creates. The same list registers the Fastify handlers, generates the OpenAPI document and drives
 * the tenancy walk test, so a new route is documented, validated and walked without extra work.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { parseOrThrow } from "../domain/validation.js";
import type { Actor } from "../services/context.js";
import type { Services } from "../services/services.js";

/** Who may call a route: anyone, or an authenticated person (token or session). */
export type RouteAuth = "public" | "person";

/** What a handler receives, already validated. */
export interface RouteContext<P, Q, B> {
  readonly actor: Actor;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly idempotencyKey: string | undefined;
  readonly services: Services;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** A route's declaration. `creates` marks a POST that makes a resource and honours Idempotency-Key. */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly url: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly auth: RouteAuth;
  readonly creates?: boolean;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /**
   * The handler's service parses the body with this same schema (and the same `body.` field
   * names), so the route leaves it to the service rather than parsing it twice: on the
   * submission path a parse is a tenth of the server's work per request.
   */
  readonly bodyParsedByService?: true;
  /** A valid body, shown in the OpenAPI document and used by the tenancy walk (ids get swapped). */
  readonly example?: unknown;
  /** A non-JSON success body (e.g. `text/csv; charset=utf-8`): the handler returns the text. */
  readonly produces?: string;
  /**
   * Other media types a JSON route also answers with when the caller asks (see `asksFor`); the
   * handler then returns a `TextBody`. Documented beside JSON in the OpenAPI document.
   */
  readonly alsoProduces?: readonly string[];
  /** The success response's schema; null for 204 No Content. */
  readonly response: z.ZodType<R> | null;
  /** Returns the response body; a creating route returns `Created<R>` so replays can be marked. */
  readonly handler: (context: RouteContext<P, Q, B>) => Promise<unknown>;
}

/** A text body a handler of a JSON route returns instead of JSON (CSV on request, for instance). */
export class TextBody {
  constructor(
    readonly type: string,
    readonly text: string,
  ) {}
}

/**
 * Whether the caller asked for `mediaType` (such as `text/csv`) rather than JSON: by the `format`
 * query parameter (`format=csv`), or by an Accept header that names the type and not JSON, so
 * that a browser's wildcard Accept and API clients' `application/json` keep getting JSON.
 */
export function asksFor(request: FastifyRequest, mediaType: string, format: string | undefined): boolean {
  if (format !== undefined) return mediaType.endsWith(`/${format}`);
  const accept = (request.headers.accept ?? "").toLowerCase();
  const types = accept.split(",").map((range) => range.split(";")[0]!.trim());
  return types.includes(mediaType) && !types.includes("application/json");
}

/** Declares a route with its types inferred from the schemas. */
export function route<P = unknown, Q = unknown, B = unknown, R = unknown>(spec: RouteSpec<P, Q, B, R>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** The status a successful call answers with. */
export function successStatus(spec: RouteSpec): number {
  if (spec.response === null) return 204;
  return spec.creates ? 201 : 200;
}

/** Validates path, query and body against the route's schemas, naming every bad field. */
export function parseRequest(spec: RouteSpec, request: FastifyRequest): { params: unknown; query: unknown; body: unknown } {
  return {
    params: spec.params ? parseOrThrow(spec.params, request.params, "path") : {},
    query: spec.query ? parseOrThrow(spec.query, request.query ?? {}, "query") : {},
    // The body is validated here for the answer's sake, but handed on as sent: services parse their
    // own input (the CLI calls them too), and parsing twice would feed transformed values back in.
    body: spec.body === undefined ? undefined : spec.bodyParsedByService ? (request.body ?? {}) : (parseOrThrow(spec.body, request.body ?? {}, "body"), request.body ?? {}),
  };
}

/** Converts `:name` path segments to OpenAPI's `{name}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}
