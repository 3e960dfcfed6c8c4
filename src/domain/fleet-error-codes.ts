/**
 * Error codes of the fleet registry, in the catalogue's shape (`{ CODE: { status, message } }`),
 * for the lead to merge into `ERROR_CATALOGUE` in `domain/errors.ts`. An import names each failing
 * field with one of these codes as `Violation.rule`; until the codes join the catalogue (and
 * whenever several rules fail at once) the answer is VALIDATION_FAILED with the same violations.
 * They live in domain/, not services/fleet/: domain/errors.ts imports them, and domain/ may not import services/.
 */
import type { ErrorSpec } from "./errors.js";

/** Every fleet-registry code with its HTTP status and English message. */
export const FLEET_ERROR_CODES = {
  /** A node pool names an accelerator model the file does not define. */
  FLEET_MODEL_UNKNOWN: { status: 400, message: "A node pool names an accelerator model the fleet file does not define." },
  /** A site's region is not a current ISO 3166-2:KR code (the retired KR-42 and KR-45 included). */
  FLEET_REGION_UNKNOWN: { status: 400, message: "A site's region is not a current ISO 3166-2:KR code." },
  /** Two sites, or two clusters, share one id. */
  FLEET_DUPLICATE_ID: { status: 400, message: "A site or cluster id appears more than once in the fleet file." },
  /** The file's `totals` disagree with what its pools hold. */
  FLEET_TOTALS_MISMATCH: { status: 400, message: "The fleet file's totals do not match its node pools." },
} as const satisfies Record<string, ErrorSpec>;
