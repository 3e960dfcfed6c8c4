/** Builds the OpenAPI 3.1 document from the route declarations and their zod schemas. */
import { z } from "zod";
import { ERROR_CATALOGUE } from "../domain/errors.js";
import { openApiPath, successStatus, type RouteSpec } from "./route.js";

const ProblemSchema = {
  type: "object",
  description:
    "RFC 9457 problem. title, detail and errors[].message are in the language Accept-Language prefers (ko or en; en by default), named in Content-Language; code, errors[].field and errors[].rule are the same in every language.",
  required: ["type", "title", "status", "detail", "code", "instance", "requestId"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string", enum: Object.keys(ERROR_CATALOGUE) },
    instance: { type: "string" },
    requestId: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: { field: { type: "string" }, rule: { type: "string" }, message: { type: "string" } },
      },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function parameters(spec: RouteSpec): unknown[] {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ["path", spec.params],
    ["query", spec.query],
  ] as const) {
    if (schema === undefined) continue;
    const json = jsonSchema(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: property });
    }
  }
  if (spec.creates) {
    out.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "Retrying with the same key returns the first result instead of creating again.",
      schema: { type: "string", maxLength: 200 },
    });
  }
  return out;
}

/** The whole document for the given routes. */
export function buildOpenApi(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const status = successStatus(spec);
    const operation: Record<string, unknown> = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: parameters(spec),
      responses: {
        [status]:
          spec.response === null
            ? { description: "No content" }
            : {
                description: "Success",
                content: {
                  [spec.produces ?? "application/json"]: { schema: jsonSchema(spec.response, "output") },
                  ...Object.fromEntries((spec.alsoProduces ?? []).map((type) => [type, { schema: { type: "string" } }])),
                },
              },
        default: { description: "Problem", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } },
      },
      ...(spec.auth === "person" ? { security: [{ bearer: [] }, { session: [] }] } : { security: [] }),
    };
    if (spec.body !== undefined) {
      operation.requestBody = {
        required: true,
        content: { "application/json": { schema: jsonSchema(spec.body, "input"), ...(spec.example === undefined ? {} : { example: spec.example }) } },
      };
    }
    const path = openApiPath(spec.url);
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "AI Highway API",
      version,
      description: "The control plane of the national AI compute and data platform. Errors are RFC 9457 problem+json with a stable code.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Problem: ProblemSchema },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (highway token create)." },
        session: { type: "apiKey", in: "cookie", name: "highway_session", description: "Portal session; writes need X-CSRF-Token." },
      },
    },
  };
}
