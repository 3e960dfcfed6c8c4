/**
 * Instants as the ledger reads and writes them: ISO 8601 in UTC. Read strictly, because
 * `Date.parse` rolls 30 February over to 2 March and accepts local times, and either would move use
 * into another month without a trace.
 */
import { HighwayError } from "../errors.js";
import type { Instant } from "../programs/allocation.js";

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** The error every malformed metering input raises, naming the field at fault. */
export function meteringInputInvalid(field: string, detail: string, detailKo: string): HighwayError {
  return new HighwayError("METERING_INPUT_INVALID", { field, detail, detailKo });
}

/** Milliseconds since the epoch of an ISO 8601 UTC instant ("2026-03-31T15:00:00Z", milliseconds optional). */
export function instantMs(text: Instant, field: string): number {
  const ms = ISO_UTC.test(text) ? Date.parse(text) : Number.NaN;
  // The round trip refuses what Date.parse would silently roll over (30 February, 24:00).
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== text.slice(0, 19)) {
    throw meteringInputInvalid(field, `${field} must be an ISO 8601 UTC instant such as 2026-03-31T15:00:00Z.`, `${field} 값은 2026-03-31T15:00:00Z 같은 ISO 8601 UTC 시각이어야 합니다.`);
  }
  return ms;
}

/** The canonical text of an instant: `Date.prototype.toISOString`, so equal instants compare equal as strings. */
export function instantText(ms: number): Instant {
  return new Date(ms).toISOString();
}
