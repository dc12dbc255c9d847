// The short booking code a person can read over the phone: eight characters from an alphabet
// without look-alikes (no 0/O, 1/I/L), shown in two groups of four (`K7QM-2XRP`).
import { z } from "zod";

/** The characters of a booking code: digits 2-9 and letters A-Z without I, L and O (31 in all). */
export const BOOKING_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** Characters in a code: 31^8, about 8.5 × 10^11 codes. */
export const BOOKING_CODE_LENGTH = 8;

const CODE_PATTERN = new RegExp(`^[${BOOKING_CODE_ALPHABET}]{${BOOKING_CODE_LENGTH}}$`);

/**
 * A new code from the platform's cryptographic randomness, uniform over the alphabet: bytes at or
 * above the largest multiple of 31 are dropped rather than folded in, so no character is likelier.
 */
export function newBookingCode(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const limit = 256 - (256 % BOOKING_CODE_ALPHABET.length);
  let code = "";
  while (code.length < BOOKING_CODE_LENGTH) {
    for (const byte of random(new Uint8Array(16))) {
      if (byte >= limit || code.length === BOOKING_CODE_LENGTH) continue;
      code += BOOKING_CODE_ALPHABET[byte % BOOKING_CODE_ALPHABET.length];
    }
  }
  return code;
}

/** A code as typed, in its stored form: upper case, without spaces or dashes (`k7qm 2xrp` → `K7QM2XRP`). */
export function normalizeBookingCode(typed: string): string {
  return typed.replace(/[\s\-‐-―]/g, "").toUpperCase();
}

/** Whether a stored-form code is well formed. */
export function isBookingCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

/** A stored code as people read it: two groups of four (`K7QM-2XRP`). */
export function formatBookingCode(code: string): string {
  return code.length === BOOKING_CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** A booking code as an API body carries it, in any case, with or without spaces and dashes; parsed to its stored form. */
export const bookingCodeField = z
  .string()
  .max(40)
  .transform(normalizeBookingCode)
  .refine(isBookingCode, `a booking code is ${BOOKING_CODE_LENGTH} letters and digits, e.g. K7QM-2XRP`);
