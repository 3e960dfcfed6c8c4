/**
 * The language the CLI writes texts that exist in Korean and English (waiting reasons): `--lang`,
 * else the POSIX locale (LC_ALL, then LC_MESSAGES, then LANG; ko_KR.UTF-8 and the like are
 * Korean), else English. JSON output is unaffected: it carries both languages.
 */
import { HighwayError } from "../domain/errors.js";

/** A language the CLI writes in. */
export type CliLanguage = "ko" | "en";

/** The language from `--lang` or, without it, from the locale variables of `env`. */
export function cliLanguage(option: string | undefined, env: Readonly<Record<string, string | undefined>>): CliLanguage {
  if (option !== undefined) {
    const lang = option.trim().toLowerCase();
    if (lang === "ko" || lang === "en") return lang;
    throw new HighwayError("VALIDATION_FAILED", { field: "lang", rule: "enum", detail: `--lang is ko or en, not ${option}` });
  }
  // The first locale variable that is set and non-empty decides, as for any POSIX program.
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== "");
  return locale !== undefined && /^ko(_|\.|$)/i.test(locale) ? "ko" : "en";
}

/** What a workload view shows as its reason in `lang`: the Korean text when there is one. */
export function reasonIn(view: { readonly reason: string | null; readonly reasonText: { readonly ko: string; readonly en: string } | null }, lang: CliLanguage): string | null {
  return lang === "ko" && view.reasonText !== null ? view.reasonText.ko : view.reason;
}
