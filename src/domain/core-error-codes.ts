/**
 * Error codes of the platform's core: request shape, idempotency, authentication, identity, the
 * store and operations, in the catalogue's shape; src/domain/errors.ts merges them into
 * ERROR_CATALOGUE ahead of the domains' codes.
 */
import type { ErrorSpec } from "./errors.js";

/** Every core code with its HTTP status and its English and Korean messages. */
export const CORE_ERROR_CODES = {
  // Request shape
  VALIDATION_FAILED: {
    status: 400,
    message: "The request does not satisfy the schema.",
    messageKo: "요청이 스키마 조건을 충족하지 않습니다.",
  },
  MALFORMED_JSON: {
    status: 400,
    message: "The request body is not valid JSON.",
    messageKo: "요청 본문이 올바른 JSON 형식이 아닙니다.",
  },
  BODY_TOO_LARGE: {
    status: 413,
    message: "The request body exceeds the size limit.",
    messageKo: "요청 본문이 허용된 크기를 넘었습니다.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: "The request body must be application/json.",
    messageKo: "요청 본문은 application/json 형식이어야 합니다.",
  },
  INVALID_CURSOR: {
    status: 400,
    message: "The pagination cursor is not one this server issued.",
    messageKo: "이 서버가 발급한 페이지 커서가 아닙니다.",
  },
  NOT_FOUND: {
    status: 404,
    message: "The resource does not exist or is not visible to you.",
    messageKo: "리소스가 없거나 조회 권한이 없습니다.",
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    message: "No such route.",
    messageKo: "해당 경로가 없습니다.",
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: "The route does not accept this method.",
    messageKo: "이 경로는 해당 HTTP 메서드를 지원하지 않습니다.",
  },
  // Idempotency
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    message: "The Idempotency-Key header must be 1 to 200 visible ASCII characters.",
    messageKo: "Idempotency-Key 헤더는 공백 없는 ASCII 문자 1~200자여야 합니다.",
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: "This Idempotency-Key was used before with a different request.",
    messageKo: "이 Idempotency-Key는 내용이 다른 요청에 이미 사용되었습니다.",
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    message: "A request with this Idempotency-Key is still being processed.",
    messageKo: "이 Idempotency-Key로 보낸 요청을 아직 처리하고 있습니다.",
  },
  // Authentication and authorization
  AUTH_REQUIRED: {
    status: 401,
    message: "Authentication is required.",
    messageKo: "인증이 필요합니다.",
  },
  AUTH_TOKEN_INVALID: {
    status: 401,
    message: "The API token is not valid.",
    messageKo: "API 토큰이 유효하지 않습니다.",
  },
  AUTH_TOKEN_EXPIRED: {
    status: 401,
    message: "The API token has expired.",
    messageKo: "API 토큰이 만료되었습니다.",
  },
  AUTH_TOKEN_REVOKED: {
    status: 401,
    message: "The API token has been revoked.",
    messageKo: "API 토큰이 폐기되었습니다.",
  },
  AUTH_SESSION_INVALID: {
    status: 401,
    message: "The session is not valid or has expired.",
    messageKo: "세션이 유효하지 않거나 만료되었습니다.",
  },
  AUTH_LOGIN_FAILED: {
    status: 401,
    message: "The e-mail address or password is wrong.",
    messageKo: "이메일 주소 또는 비밀번호가 올바르지 않습니다.",
  },
  AUTH_RATE_LIMITED: {
    status: 429,
    message: "Too many failed login attempts; wait before trying again.",
    messageKo: "로그인 실패가 너무 많습니다. 잠시 후 다시 시도하십시오.",
  },
  AUTH_CSRF_FAILED: {
    status: 403,
    message: "A cookie-authenticated write needs a matching X-CSRF-Token header.",
    messageKo: "쿠키로 인증한 쓰기 요청에는 일치하는 X-CSRF-Token 헤더가 있어야 합니다.",
  },
  FORBIDDEN: {
    status: 403,
    message: "You are not allowed to do this.",
    messageKo: "이 작업을 수행할 권한이 없습니다.",
  },
  BOOTSTRAP_INVALID: {
    status: 401,
    message: "The bootstrap token is wrong or has been used.",
    messageKo: "부트스트랩 토큰이 올바르지 않거나 이미 사용되었습니다.",
  },
  BOOTSTRAP_DONE: {
    status: 409,
    message: "The platform already has an administrator.",
    messageKo: "플랫폼에 이미 관리자가 있습니다.",
  },
  // Identity
  ORG_BRN_INVALID: {
    status: 400,
    message: "The business registration number is not a valid 10-digit number with its check digit.",
    messageKo: "사업자등록번호가 올바르지 않습니다. 마지막 자리 검증번호까지 맞는 10자리 숫자여야 합니다.",
  },
  ORG_BRN_TAKEN: {
    status: 409,
    message: "An organization with this business registration number already exists.",
    messageKo: "같은 사업자등록번호로 등록된 기관이 이미 있습니다.",
  },
  ORG_REGION_UNKNOWN: {
    status: 400,
    message: "The region is not a current ISO 3166-2:KR code.",
    messageKo: "지역이 현행 ISO 3166-2:KR 코드가 아닙니다.",
  },
  ORG_SECTOR_UNKNOWN: {
    status: 400,
    message: "The sector is not a KSIC section letter.",
    messageKo: "업종이 한국표준산업분류(KSIC) 대분류 문자가 아닙니다.",
  },
  ORG_FOUNDED_IN_FUTURE: {
    status: 400,
    message: "The founding date lies in the future.",
    messageKo: "설립일이 미래 날짜입니다.",
  },
  PERSON_EMAIL_TAKEN: {
    status: 409,
    message: "A person with this e-mail address already exists.",
    messageKo: "이 이메일 주소로 등록된 사용자가 이미 있습니다.",
  },
  PERSON_PASSWORD_WEAK: {
    status: 400,
    message: "The password must have at least 12 characters.",
    messageKo: "비밀번호는 12자 이상이어야 합니다.",
  },
  MEMBERSHIP_EXISTS: {
    status: 409,
    message: "The person is already a member of this organization.",
    messageKo: "이미 이 기관의 구성원입니다.",
  },
  MEMBERSHIP_LAST_ADMIN: {
    status: 409,
    message: "An organization must keep at least one org_admin.",
    messageKo: "기관에는 org_admin이 한 명 이상 남아 있어야 합니다.",
  },
  TOKEN_EXPIRY_INVALID: {
    status: 400,
    message: "A token must expire between 1 and 365 days from now.",
    messageKo: "토큰 만료일은 지금부터 1일 이상 365일 이내여야 합니다.",
  },
  // Store and operations
  STORE_NOT_EMPTY: {
    status: 409,
    message: "Import needs an empty store.",
    messageKo: "가져오기는 비어 있는 저장소에서만 할 수 있습니다.",
  },
  STORE_BUSY: {
    status: 409,
    message: "Another process owns this data directory.",
    messageKo: "다른 프로세스가 이 데이터 디렉터리를 사용하고 있습니다.",
  },
  ARCHIVE_INVALID: {
    status: 400,
    message: "The file is not an AI Highway archive this version can read.",
    messageKo: "이 버전이 읽을 수 있는 AI Highway 아카이브 파일이 아닙니다.",
  },
  CONFIG_INVALID: {
    status: 500,
    message: "The configuration is invalid.",
    messageKo: "설정이 올바르지 않습니다.",
  },
  AUDIT_CHAIN_BROKEN: {
    status: 409,
    message: "The audit chain does not verify.",
    messageKo: "감사 로그 체인 검증에 실패했습니다.",
  },
  INTERNAL: {
    status: 500,
    message: "An internal error occurred.",
    messageKo: "내부 오류가 발생했습니다.",
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: "The service is not ready.",
    messageKo: "서비스가 아직 준비되지 않았습니다.",
  },
} as const satisfies Record<string, ErrorSpec>;
