// A Korean mobile number as a person types it (010-1234-5678), checked and kept in one form.
import { z } from "zod";

/** A mobile number in its stored form: eleven digits starting 010 (the only mobile prefix since 2021 for new lines). */
const MOBILE = /^010[0-9]{8}$/;

/** A number as typed, in its stored form: digits only (`010-1234-5678`, `010 1234 5678`, `+82 10-1234-5678` → `01012345678`). */
export function normalizePhone(typed: string): string {
  const digits = typed.replace(/[\s\-‐-―().]/g, "");
  return digits.startsWith("+82") ? `0${digits.slice(3)}` : digits;
}

/** Whether a stored-form number is a Korean mobile number. */
export function isMobileNumber(phone: string): boolean {
  return MOBILE.test(phone);
}

/** A mobile number field: typed freely (dashes, spaces, +82), answered in its stored form or refused. */
export const phoneField = z
  .string()
  .max(20)
  .transform(normalizePhone)
  .refine(isMobileNumber, "must be a Korean mobile number such as 010-1234-5678");

/** A number as it may be shown back: only its last four digits (`010-****-5678`). */
export function maskPhone(phone: string): string {
  return `010-****-${phone.slice(-4)}`;
}
