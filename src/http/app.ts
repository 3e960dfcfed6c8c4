/**
 * The Fastify app factory, separate from `listen` so that tests run in-process with `inject()`.
 * It registers every declared route behind one wrapper that authenticates, checks CSRF for
 * cookie-authenticated writes, validates input against the zod schemas, passes the
 * Idempotency-Key on, and maps every failure to problem+json.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { Config } from "../config/config.js";
import { HighwayError } from "../domain/errors.js";
import type { Actor } from "../services/context.js";
import type { Created } from "../services/idempotency.js";
import type { Services } from "../services/services.js";
import { VERSION } from "../version.js";
import { homePage } from "./home-page.js";
import { toJson } from "./json.js";
import { createHttpMetrics } from "./metrics.js";
import { buildOpenApi } from "./openapi.js";
import { sendProblem, toHighwayError } from "./problem.js";
import { parseRequest, successStatus, TextBody, type RouteSpec } from "./route.js";
import { accountingRoutes } from "./routes/accounting-routes.js";
import { auditRoutes } from "./routes/audit-routes.js";
import { fleetRoutes } from "./routes/fleet-routes.js";
import { identityRoutes } from "./routes/identity-routes.js";
import { nodeRoutes } from "./routes/node-routes.js";
import { operationsRoutes } from "./routes/operations-routes.js";
import { programRoutes } from "./routes/program-routes.js";
import { webhookRoutes } from "./routes/webhook-routes.js";
import { workloadRoutes } from "./routes/workload-routes.js";
import { SESSION_COOKIE } from "./session-cookie.js";

declare module "fastify" {
  interface FastifyInstance {
    highwayConfig: Config;
    /** Every API route this app serves, as declared (the tenancy walk enumerates these). */
    highwayRoutes: readonly RouteSpec[];
    /** Every route Fastify registered, declared or not (method and URL), for the tenancy walk. */
    registeredRoutes: readonly { method: string; url: string }[];
  }
}

/** Every route of the product, in the order they are documented. */
export function allRoutes(extra: readonly RouteSpec[] = []): RouteSpec[] {
  return [...operationsRoutes, ...identityRoutes, ...auditRoutes, ...fleetRoutes, ...programRoutes, ...webhookRoutes, ...workloadRoutes, ...accountingRoutes, ...nodeRoutes, ...extra];
}

/** What the app needs: the services, the configuration, and optionally more routes or a logger. */
export interface AppOptions {
  readonly services: Services;
  readonly config: Config;
  readonly routes?: readonly RouteSpec[];
  /** pino options, or false to log nothing (tests). */
  readonly logger?: boolean | Record<string, unknown>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the app; call `listen` on the result to serve. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services, config } = options;
  const routes = allRoutes(options.routes);
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate("highwayConfig", config);
  app.decorate("highwayRoutes", routes);
  const registered: { method: string; url: string }[] = [];
  app.decorate("registeredRoutes", registered);
  app.addHook("onRoute", (options) => {
    for (const method of [options.method].flat()) registered.push({ method, url: options.url });
  });

  const metrics = createHttpMetrics();
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    const routeUrl = request.routeOptions.url ?? "unmatched";
    metrics.observe(request.method, routeUrl, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error, request, reply) => {
    const highway = toHighwayError(error);
    if (highway.status >= 500) request.log.error({ err: error }, "request failed");
    return sendProblem(request, reply, highway);
  });
  app.setNotFoundHandler((request, reply) => {
    const route = `${request.method} ${request.url.split("?")[0]}`;
    return sendProblem(request, reply, new HighwayError("ROUTE_NOT_FOUND", { detail: `no route ${route}`, detailKo: `${route} 경로가 없습니다` }));
  });

  // JSON only: a text/plain body is refused as 415 rather than parsed as a string.
  app.removeContentTypeParser("text/plain");
  await app.register(fastifyCookie);
  const document = buildOpenApi(routes, VERSION);
  await app.register(fastifySwagger, { mode: "static", specification: { document: document as never } });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  app.get("/", { schema: { hide: true } }, async (_request, reply) => reply.type("text/html; charset=utf-8").send(homePage(VERSION)));
  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async (_request, reply) => reply.type("application/json").send(JSON.stringify(document)));
  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: spec.url,
      handler: async (request, reply) => {
        const actor = await authenticate(services, spec, request);
        const input = parseRequest(spec, request);
        const idempotencyKey = spec.creates ? headerValue(request, "idempotency-key") : undefined;
        const result = await spec.handler({ actor, ...input, idempotencyKey, services, request, reply } as never);
        const status = successStatus(spec);
        if (status === 204) return reply.status(204).send();
        if (spec.produces !== undefined) return reply.status(status).type(spec.produces).send(result as string);
        if (result instanceof TextBody) return reply.status(status).type(result.type).send(result.text);
        let body = result;
        if (spec.creates) {
          const created = result as Created<unknown>;
          body = created.value;
          if (created.replayed) reply.header("idempotent-replayed", "true");
        }
        return reply.status(status).type("application/json; charset=utf-8").send(toJson(body));
      },
    });
  }
  return app;
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const PUBLIC_ACTOR: Actor = { kind: "anonymous" };

/**
 * Resolves the caller: a bearer token, or the session cookie (whose writes must echo the CSRF
 * token). Public routes get a placeholder actor that services never authorize.
 */
async function authenticate(services: Services, spec: RouteSpec, request: FastifyRequest): Promise<Actor> {
  if (spec.auth === "public") return PUBLIC_ACTOR;
  const authorization = headerValue(request, "authorization");
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match === null) throw new HighwayError("AUTH_TOKEN_INVALID", { field: "header.authorization", rule: "bearer" });
    return services.tokens.authenticate(match[1]!);
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie !== undefined) {
    const { actor, csrfToken } = await services.sessions.authenticate(cookie);
    if (spec.method !== "GET") {
      const sent = headerValue(request, "x-csrf-token") ?? "";
      const a = Buffer.from(sent);
      const b = Buffer.from(csrfToken);
      if (a.length !== b.length || !timingSafeEqual(a, b)) throw new HighwayError("AUTH_CSRF_FAILED", { field: "header.x-csrf-token", rule: "csrf" });
    }
    return actor;
  }
  throw new HighwayError("AUTH_REQUIRED");
}
