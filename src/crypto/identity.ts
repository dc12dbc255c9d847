import { toBase64Url, utf8 } from "./base64url";
import { hmacSign } from "./hmac";

/**
 * The identity key of a person: HMAC-SHA-256 of their normalized national ID number under a
 * server secret. It is what the queue and the bookings store; the number itself is never kept.
 */
export async function identityKey(idHashKey: string, normalizedNationalId: string): Promise<string> {
  return toBase64Url(await hmacSign(idHashKey, utf8(normalizedNationalId)));
}
