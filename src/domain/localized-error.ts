/**
 * A HighwayError as a reader of one language sees it. The code, each field and each rule never
 * change with the language; the title, the detail and the violations' messages do. Korean comes
 * from the catalogue and from whatever Korean the thrower supplied; English particulars nobody has
 * translated yet (a service's own detail, a zod message) stay English, in parentheses after the
 * catalogue's Korean when they are the whole detail.
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
  const detailKo = error.detailKo;
  return {
    title: spec.messageKo,
    detail: detailKo ?? `${spec.messageKo.replace(/\.$/, "")} (${error.detail})`,
    violations: error.violations.map(({ field, rule, message, messageKo }) => ({
      field,
      rule,
      // A violation that repeats the error's detail (one built from `field`) takes the detail's Korean.
      message: messageKo ?? (message === error.detail ? detailKo : undefined) ?? message,
    })),
  };
}
