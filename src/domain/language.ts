/**
 * The languages every user-facing text exists in, and how a language tag (`ko-KR`) or a POSIX
 * locale (`ko_KR.UTF-8`) names one of them. English is the default for anything else.
 */

/** A language the product speaks. */
export type Language = "en" | "ko";

/** Every language the product speaks, the default first. */
export const LANGUAGES: readonly Language[] = ["en", "ko"];

/** What a reader who asked for nothing we speak gets. */
export const DEFAULT_LANGUAGE: Language = "en";

/**
 * The language a BCP 47 tag or a POSIX locale names by its primary subtag (`ko`, `ko-KR`,
 * `ko_KR.UTF-8` and `KO` are all Korean), or undefined when it is not one we speak.
 */
export function languageOf(tagOrLocale: string): Language | undefined {
  const primary = tagOrLocale.trim().toLowerCase().split(/[-_.@]/, 1)[0];
  return LANGUAGES.find((language) => language === primary);
}
