/**
 * Errors as RFC 9457 problem+json. Every answer carries the catalogue's stable `code`, the request
 * id, and for invalid input the list of violations, each naming its field and rule. The title,
 * the detail and the violations' messages are in the language Accept-Language asks for (Korean or
 * English), named in Content-Language; the code, fields and rules are the same in every language.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { HighwayError, type ErrorCode } from "../domain/errors.js";
import { localizeError, type LocalizedViolation } from "../domain/localized-error.js";
import { negotiateLanguage } from "./accept-language.js";

/** The problem document the API answers with. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly instance: string;
  readonly requestId: string;
  readonly errors?: readonly LocalizedViolation[];
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
      return new HighwayError("MALFORMED_JSON", { field: "body", rule: "MALFORMED_JSON", detail: "the JSON body is empty", detailKo: "JSON 본문이 비어 있습니다" });
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new HighwayError("VALIDATION_FAILED", { field: "header.content-length", rule: "invalid" });
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    // The parser's own message stays English in both languages.
    const reason = (error as Error).message;
    return new HighwayError("MALFORMED_JSON", {
      field: "body",
      rule: "MALFORMED_JSON",
      detail: `the body is not valid JSON: ${reason}`,
      detailKo: `본문이 올바른 JSON이 아닙니다: ${reason}`,
    });
  }
  return new HighwayError("INTERNAL", { cause: error });
}

/** Writes a problem+json response in the language the request asks for. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: HighwayError): FastifyReply {
  const language = negotiateLanguage(request.headers["accept-language"]);
  const text = localizeError(error, language);
  const problem: Problem = {
    type: `/api/v1/errors#${error.code}`,
    title: text.title,
    status: error.status,
    detail: text.detail,
    code: error.code,
    instance: request.url.split("?")[0] ?? request.url,
    requestId: String(request.id),
    ...(text.violations.length > 0 ? { errors: text.violations } : {}),
  };
  return reply
    .status(error.status)
    .header("content-language", language)
    .header("vary", "Accept-Language")
    .type("application/problem+json; charset=utf-8")
    .send(JSON.stringify(problem));
}
