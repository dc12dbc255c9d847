/** A page language. Korean is the default and lives at the root; English under `/en`. */
export type Lang = "ko" | "en";

/** Both page languages, default first. */
export const LANGS: readonly Lang[] = ["ko", "en"];

/**
 * The path of a page in a language: `/cohorts/x` in Korean, `/en/cohorts/x` in English.
 * Languages are separate paths (not a cookie or header) so every edge cache keys them apart.
 */
export function pathIn(lang: Lang, path: string): string {
  if (lang === "ko") return path;
  return path === "/" ? "/en" : `/en${path}`;
}

/** The other language, for the switch in the header. */
export function otherLang(lang: Lang): Lang {
  return lang === "ko" ? "en" : "ko";
}

/** A language named in a query string (`?lang=en`), for the no-store routes; Korean otherwise. */
export function langFromQuery(value: string | undefined): Lang {
  return value === "en" ? "en" : "ko";
}

/** Fills `{name}` placeholders in a sentence. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
