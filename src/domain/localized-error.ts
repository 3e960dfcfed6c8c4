/**
 * A HighwayError as a reader of one language sees it. The code, each field and each rule never
 * change with the language; the title, the detail and the violations' messages do. Korean comes
 * from the catalogue and from the thrower, which must write a detail's Korean beside its English
 * (errors.ts). Only a violation's message may lack Korean: one whose rule is a catalogue code
 * then reads as the code's Korean with the English beside it, any other stays English.
 */
import { ERROR_CATALOGUE, violationMessageKo, type HighwayError } from "./errors.js";
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
    detail: detailKo,
    violations: error.violations.map((violation) => ({
      field: violation.field,
      rule: violation.rule,
      // A violation that repeats the error's detail (one built from `field`) takes the detail's Korean.
      message: violation.messageKo === undefined && violation.message === error.detail ? detailKo : violationMessageKo(violation),
    })),
  };
}
