// Phone numbers at rest and in queue messages: AES-256-GCM under the PHONE_KEY secret, bound to the person.
import { fromBase64Url, toBase64Url, utf8 } from "../crypto/base64url";

const keys = new Map<string, Promise<CryptoKey>>();

/** The AES-GCM key of a PHONE_KEY secret (its SHA-256, so any long random text works), imported once per isolate. */
function phoneKey(secret: string): Promise<CryptoKey> {
  if (!secret || secret.length < 32) throw new Error("PHONE_KEY must be at least 32 characters");
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .digest("SHA-256", utf8(`phone-key:${secret}`))
      .then((raw) => crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
    keys.set(secret, key);
  }
  return key;
}

/** What a ciphertext is bound to: it decrypts only for the same cohort and person, so rows cannot be swapped. */
function binding(cohortId: string, identity: string): Uint8Array {
  return utf8(`${cohortId}\n${identity}`);
}

/** Encrypts a number for one person of one cohort: `iv.ciphertext`, base64url, a fresh IV each time. */
export async function encryptPhone(secret: string, owner: { cohortId: string; identity: string }, phone: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: binding(owner.cohortId, owner.identity) },
    await phoneKey(secret),
    utf8(phone),
  );
  return `${toBase64Url(iv)}.${toBase64Url(sealed)}`;
}

/** Decrypts a number sealed by {@link encryptPhone} for this owner; null when it was not (another key, another person, altered). */
export async function decryptPhone(secret: string, owner: { cohortId: string; identity: string }, sealed: string): Promise<string | null> {
  const [ivText, dataText] = sealed.split(".");
  const iv = fromBase64Url(ivText ?? "");
  const data = fromBase64Url(dataText ?? "");
  if (iv?.length !== 12 || !data) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv, additionalData: binding(owner.cohortId, owner.identity) },
      await phoneKey(secret),
      data,
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
