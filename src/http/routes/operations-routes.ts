/** Operational endpoints outside the versioned API: health, readiness, metrics, the error catalogue. */
import { z } from "zod";
import { ERROR_CATALOGUE, HighwayError } from "../../domain/errors.js";
import { route, type RouteSpec } from "../route.js";

export const operationsRoutes: RouteSpec[] = [
  route({
    method: "GET",
    url: "/healthz",
    operationId: "health",
    summary: "Liveness: the process answers",
    tag: "operations",
    auth: "public",
    response: z.object({ status: z.literal("ok") }),
    handler: async () => ({ status: "ok" as const }),
  }),
  route({
    method: "GET",
    url: "/readyz",
    operationId: "ready",
    summary: "Readiness: the store answers",
    tag: "operations",
    auth: "public",
    response: z.object({ status: z.literal("ready"), store: z.enum(["pglite", "postgres"]) }),
    handler: async ({ services }) => {
      try {
        await services.deps.store.ping();
      } catch (cause) {
        throw new HighwayError("SERVICE_UNAVAILABLE", { detail: "the store does not answer", detailKo: "저장소가 응답하지 않습니다", cause });
      }
      return { status: "ready" as const, store: services.deps.store.kind };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/errors",
    operationId: "listErrors",
    summary: "The error catalogue: every stable code with its HTTP status and its English and Korean messages",
    tag: "operations",
    auth: "public",
    response: z.record(z.string(), z.object({ status: z.number().int(), message: z.string(), messageKo: z.string() })),
    handler: async () => ERROR_CATALOGUE,
  }),
];
