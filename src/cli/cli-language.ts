/**
 * The language the CLI speaks to its user: `--lang` when given, otherwise the locale that governs
 * messages by POSIX precedence (the first set of LC_ALL, LC_MESSAGES, LANG), Korean when it starts
 * with `ko` (`ko_KR.UTF-8`), English for anything else or nothing.
 */
import { DEFAULT_LANGUAGE, languageOf, type Language } from "../domain/language.js";

/** The environment variables that name the messages locale, strongest first. */
const LOCALE_VARIABLES = ["LC_ALL", "LC_MESSAGES", "LANG"] as const;

/** The CLI's language from its `--lang` option and the environment (passed in so tests need not touch process.env). */
export function cliLanguage(option: string | undefined, env: Readonly<Record<string, string | undefined>>): Language {
  if (option !== undefined) return languageOf(option) ?? DEFAULT_LANGUAGE;
  const locale = LOCALE_VARIABLES.map((name) => env[name]).find((value) => value !== undefined && value !== "");
  return (locale === undefined ? undefined : languageOf(locale)) ?? DEFAULT_LANGUAGE;
}

/**
 * What a workload or one of its events shows as its reason in `language`: its text in that
 * language when there is one (it names the project where the written reason has its id).
 */
export function reasonIn(view: { readonly reason: string | null; readonly reasonText: { readonly ko: string; readonly en: string } | null }, language: Language): string | null {
  return view.reasonText?.[language] ?? view.reason;
}
