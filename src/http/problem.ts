/**
 * Errors as RFC 9457 problem+json. Every answer carries the catalogue's stable `code`, the request
 * id, and for invalid input the list of violations, each naming its field and rule.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ERROR_CATALOGUE, HighwayError, type ErrorCode } from "../domain/errors.js";

/** The problem document the API answers with. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly instance: string;
  readonly requestId: string;
  readonly errors?: readonly { field: string; rule: string; message: string }[];
}

/** Maps Fastify's own failures (parsing, size, media type) onto catalogue codes. */
export function toHighwayError(error: unknown): HighwayError {
  if (error instanceof HighwayError) return error;
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new HighwayError("BODY_TOO_LARGE", { field: "body", rule: "BODY_TOO_LARGE" });
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new HighwayError("UNSUPPORTED_MEDIA_TYPE", { field: "header.content-type", rule: "UNSUPPORTED_MEDIA_TYPE" });
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new HighwayError("MALFORMED_JSON", { field: "body", rule: "MALFORMED_JSON", detail: "the JSON body is empty" });
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new HighwayError("VALIDATION_FAILED", { field: "header.content-length", rule: "invalid" });
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new HighwayError("MALFORMED_JSON", { field: "body", rule: "MALFORMED_JSON", detail: `the body is not valid JSON: ${(error as Error).message}` });
  }
  return new HighwayError("INTERNAL", { cause: error });
}

/** Writes a problem+json response. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: HighwayError): FastifyReply {
  const problem: Problem = {
    type: `/api/v1/errors#${error.code}`,
    title: ERROR_CATALOGUE[error.code].message,
    status: error.status,
    detail: error.detail,
    code: error.code,
    instance: request.url.split("?")[0] ?? request.url,
    requestId: String(request.id),
    ...(error.violations.length > 0 ? { errors: error.violations } : {}),
  };
  return reply.status(error.status).type("application/problem+json; charset=utf-8").send(JSON.stringify(problem));
}
