import { utf8 } from "./base64url";

const keyCache = new Map<string, Promise<CryptoKey>>();

/** Imports (once per isolate) an HMAC-SHA-256 key from its secret text. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keyCache.set(secret, key);
  }
  return key;
}

/** HMAC-SHA-256 of a message. */
export async function hmacSign(secret: string, message: Uint8Array): Promise<ArrayBuffer> {
  return crypto.subtle.sign("HMAC", await hmacKey(secret), message);
}

/** Verifies an HMAC-SHA-256 signature; WebCrypto compares in constant time. */
export async function hmacVerify(secret: string, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  return crypto.subtle.verify("HMAC", await hmacKey(secret), signature, message);
}

/** Compares two secrets in constant time, whatever their lengths. */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([crypto.subtle.digest("SHA-256", utf8(a)), crypto.subtle.digest("SHA-256", utf8(b))]);
  return crypto.subtle.timingSafeEqual(da, db);
}
