import { fromBase64Url, toBase64Url, utf8 } from "./base64url";
import { parseIdPairs } from "./key-pairs";
import { checkClaims, parseCompactToken, type ReceiptClaims, type TokenProblem } from "./tokens";

/**
 * Booking receipts are signed with Ed25519 (JWT compact form, `alg: EdDSA`, with a key id), so
 * anyone holding the published public key can verify one offline or at the edge, with no
 * database read: the lesson of the 2021 vaccination-pass outage, where checks arriving in
 * millions must be stateless. Tickets and grants stay HMAC: only this service checks those.
 */
const ALGORITHM = "EdDSA";
const ED25519 = { name: "Ed25519" } as const;
const ED25519_SIGNATURE_BYTES = 64;
/** An Ed25519 private key in PKCS #8 is 48 bytes: a fixed 16-byte prefix and the 32-byte seed. */
const PKCS8_LENGTH = 48;

/** Receipt signing keys: the first signs, every one verifies, so keys rotate without voiding receipts. */
export interface ReceiptKeys {
  signing: { id: string; pkcs8: Uint8Array };
  all: ReadonlyArray<{ id: string; pkcs8: Uint8Array }>;
}

/** A public key as published in the key set (JWK, RFC 8037). */
export interface ReceiptPublicKey {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: typeof ALGORITHM;
  use: "sig";
}

/** Parses `RECEIPT_KEYS`: space-separated `keyId:<base64url PKCS #8 Ed25519 private key>` pairs, the first of which signs. */
export function parseReceiptKeys(text: string): ReceiptKeys {
  const pairs = (parseIdPairs(text) ?? []).map((p) => ({ id: p.id, pkcs8: fromBase64Url(p.value) }));
  if (pairs.length === 0 || pairs.some((p) => p.pkcs8?.length !== PKCS8_LENGTH)) {
    throw new Error(
      "RECEIPT_KEYS must be space-separated keyId:key pairs, each key a base64url PKCS #8 Ed25519 private key (npm run receipt-key)",
    );
  }
  const all = pairs as Array<{ id: string; pkcs8: Uint8Array }>;
  return { signing: all[0]!, all };
}

const privateKeys = new Map<string, Promise<CryptoKey>>();
const publicKeys = new Map<string, Promise<{ key: CryptoKey; jwk: ReceiptPublicKey }>>();

function privateKey(entry: { id: string; pkcs8: Uint8Array }): Promise<CryptoKey> {
  const cacheKey = `${entry.id}:${toBase64Url(entry.pkcs8)}`;
  let key = privateKeys.get(cacheKey);
  if (!key) {
    key = crypto.subtle.importKey("pkcs8", entry.pkcs8, ED25519, true, ["sign"]) as Promise<CryptoKey>;
    privateKeys.set(cacheKey, key);
  }
  return key;
}

/** The public half of a key, derived once per isolate (a private key's JWK carries its public `x`). */
function publicKey(entry: { id: string; pkcs8: Uint8Array }): Promise<{ key: CryptoKey; jwk: ReceiptPublicKey }> {
  const cacheKey = `${entry.id}:${toBase64Url(entry.pkcs8)}`;
  let found = publicKeys.get(cacheKey);
  if (!found) {
    found = (async () => {
      const exported = (await crypto.subtle.exportKey("jwk", await privateKey(entry))) as JsonWebKey;
      const jwk: ReceiptPublicKey = { kty: "OKP", crv: "Ed25519", x: exported.x!, kid: entry.id, alg: ALGORITHM, use: "sig" };
      return { key: await importPublicKey(jwk), jwk };
    })();
    publicKeys.set(cacheKey, found);
  }
  return found;
}

/** Imports a published public key for verifying. */
export function importPublicKey(jwk: Pick<ReceiptPublicKey, "x">): Promise<CryptoKey> {
  return crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, ED25519, false, ["verify"]) as Promise<CryptoKey>;
}

/** The public key set to publish. */
export async function receiptKeySet(keys: ReceiptKeys): Promise<{ keys: ReceiptPublicKey[] }> {
  return { keys: await Promise.all(keys.all.map(async (entry) => (await publicKey(entry)).jwk)) };
}

/** Signs a receipt with the first key. */
export async function signReceipt(keys: ReceiptKeys, claims: ReceiptClaims): Promise<string> {
  const header = toBase64Url(utf8(JSON.stringify({ alg: ALGORITHM, kid: keys.signing.id, typ: "JWT" })));
  const payload = toBase64Url(utf8(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign(ED25519, await privateKey(keys.signing), utf8(`${header}.${payload}`));
  return `${header}.${payload}.${toBase64Url(signature)}`;
}

/** The outcome of verifying a receipt. */
export type ReceiptVerification = { ok: true; keyId: string; claims: ReceiptClaims } | { ok: false; problem: TokenProblem };

/**
 * Verifies a receipt against the public keys alone, on the server clock: signature, algorithm
 * (EdDSA only: an HMAC or unsigned token is refused before any crypto), use and lifetime.
 */
export async function verifyReceipt(keys: ReceiptKeys, token: string, nowMs: number): Promise<ReceiptVerification> {
  const parsed = parseCompactToken(token, ALGORITHM);
  if (!parsed) return { ok: false, problem: "malformed" };
  const entry = keys.all.find((k) => k.id === parsed.keyId);
  // Web Crypto throws on an Ed25519 signature that is not 64 bytes: refuse it before asking.
  if (!entry || parsed.signature.byteLength !== ED25519_SIGNATURE_BYTES) return { ok: false, problem: "bad_signature" };
  if (!(await crypto.subtle.verify(ED25519, (await publicKey(entry)).key, parsed.signature, utf8(parsed.signedText)))) {
    return { ok: false, problem: "bad_signature" };
  }
  parsed.remember();
  const checked = checkClaims(parsed.payloadText, "receipt", nowMs);
  return checked.ok ? { ok: true, keyId: entry.id, claims: checked.claims } : checked;
}
