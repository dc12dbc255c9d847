import type { Lang } from "../copy/lang";

/**
 * The sentence to show for an API error answer, in the page's language: the API's own message
 * (the table in src/copy/errors.ts, or its more precise detail), or `fallback` when the
 * answer carried none (e.g. the connection failed). A leading field name (`nationalId: `) is
 * dropped: the page shows the sentence next to the field.
 */
export function apiErrorText(body: unknown, lang: Lang, fallback: string): string {
  const error = (body as { error?: { message?: unknown; messageKo?: unknown } } | null)?.error;
  const text = lang === "ko" ? error?.messageKo : error?.message;
  if (typeof text !== "string" || text.length === 0) return fallback;
  return text.replace(/^[A-Za-z][\w.]*: /, "");
}
