/**
 * A HighwayError as a reader of one language sees it. The code, each field and each rule never
 * change with the language; the title, the detail and the violations' messages do. Korean comes
 * from the catalogue and from the thrower, which must write a detail's and each violation's Korean
 * beside its English (errors.ts), so nothing here translates or falls back.
 */
import { ERROR_CATALOGUE, type HighwayError } from "./errors.js";
import type { Language } from "./language.js";

/** One violation as shown to a reader: the field and rule as they are, the message in the reader's language. */
export interface LocalizedViolation {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** What a reader sees of an error: the catalogue's title, the detail and every violation, in one language. */
export interface LocalizedError {
  readonly title: string;
  readonly detail: string;
  readonly violations: readonly LocalizedViolation[];
}

/** The error in `language`. */
export function localizeError(error: HighwayError, language: Language): LocalizedError {
  const spec = ERROR_CATALOGUE[error.code];
  if (language === "en") {
    return { title: spec.message, detail: error.detail, violations: error.violations.map(({ field, rule, message }) => ({ field, rule, message })) };
  }
  return {
    title: spec.messageKo,
    detail: error.detailKo,
    violations: error.violations.map(({ field, rule, messageKo }) => ({ field, rule, message: messageKo })),
  };
}
