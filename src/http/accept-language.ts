/**
 * Picks the language of a response from the request's Accept-Language (RFC 9110 section 12.5.4):
 * a comma-separated list of language ranges, each with an optional weight `q` from 0 to 1 (1 when
 * absent). A range names one of our languages by its primary subtag (`ko-KR` is Korean); `*` names
 * every language the list does not name otherwise. The highest weight wins; on a tie a named
 * language beats `*`, then the range written first wins. A weight of 0 refuses a language. With no
 * header, a malformed one, or nothing we speak acceptable, the answer is English.
 */
import { DEFAULT_LANGUAGE, LANGUAGES, languageOf, type Language } from "../domain/language.js";

/** One well-formed element of an Accept-Language list. */
export interface LanguageRange {
  readonly range: string;
  readonly q: number;
  /** Position in the list, for ties. */
  readonly index: number;
}

const RANGE = /^(?:\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$/;
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** The well-formed ranges of a header, in order; malformed elements (a bad range or weight) are skipped. */
export function parseAcceptLanguage(header: string): LanguageRange[] {
  const ranges: LanguageRange[] = [];
  for (const element of header.split(",")) {
    const [rawRange = "", ...parameters] = element.split(";").map((part) => part.trim());
    if (!RANGE.test(rawRange)) continue;
    let q = 1;
    let valid = true;
    for (const parameter of parameters) {
      const [name = "", value = ""] = parameter.split("=", 2).map((part) => part.trim());
      if (name.toLowerCase() !== "q") continue;
      if (QVALUE.test(value)) q = Number(value);
      else valid = false;
    }
    if (valid) ranges.push({ range: rawRange.toLowerCase(), q, index: ranges.length });
  }
  return ranges;
}

/** The language to answer a request with, given its Accept-Language header. */
export function negotiateLanguage(header: string | undefined): Language {
  const ranges = parseAcceptLanguage(header ?? "");
  const wildcard = ranges.find((r) => r.range === "*");
  const candidates = LANGUAGES.flatMap((language) => {
    const named = ranges.filter((r) => r.range !== "*" && languageOf(r.range) === language);
    if (named.length === 0) return wildcard === undefined ? [] : [{ language, q: wildcard.q, named: false, index: wildcard.index }];
    const q = Math.max(...named.map((r) => r.q));
    return [{ language, q, named: true, index: named.find((r) => r.q === q)!.index }];
  });
  const acceptable = candidates.filter((c) => c.q > 0);
  acceptable.sort((a, b) => b.q - a.q || Number(b.named) - Number(a.named) || a.index - b.index);
  return acceptable[0]?.language ?? DEFAULT_LANGUAGE;
}
