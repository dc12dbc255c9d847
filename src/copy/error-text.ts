import { ERROR_TEXT } from "./errors";
import type { Lang } from "./lang";
import { NATIONAL_ID_PROBLEMS } from "./national-id";

type ErrorCode = keyof typeof ERROR_TEXT;

/** The plain sentence for an API error code, in a language (the table the API answers with). */
export function errorSentence(code: ErrorCode, lang: Lang): string {
  return ERROR_TEXT[code][lang];
}

/** Every error sentence of a language, by code: handed to the browser script for answers without a body. */
export function errorSentences(lang: Lang): Record<ErrorCode, string> {
  return Object.fromEntries(Object.entries(ERROR_TEXT).map(([code, entry]) => [code, entry[lang]])) as Record<ErrorCode, string>;
}

/** The sentences about a national ID number that cannot be read, in a language. */
export function nationalIdProblems(lang: Lang): Record<keyof typeof NATIONAL_ID_PROBLEMS, string> {
  return { format: NATIONAL_ID_PROBLEMS.format[lang], birth_date: NATIONAL_ID_PROBLEMS.birth_date[lang] };
}
