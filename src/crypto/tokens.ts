import { fromBase64Url, textFromBase64Url, toBase64Url, utf8 } from "./base64url";
import { hmacSign, hmacVerify } from "./hmac";
import { parseIdPairs } from "./key-pairs";

/** What a token may be used for. A ticket can never be presented as a grant, and so on. */
export type TokenUse = "ticket" | "grant" | "receipt";

/** The uses signed here with HMAC; receipts are signed with Ed25519 in `receipts.ts`. */
export type HmacTokenUse = "ticket" | "grant";

interface CommonClaims {
  /** Cohort the token is bound to. */
  coh: string;
  /** Identity key of the person. */
  sub: string;
  /** Issued at, seconds since the epoch (server clock). */
  iat: number;
  /** Expires at, seconds since the epoch (server clock). */
  exp: number;
}

/** A place in a cohort's queue; `pos` is null while the person waits in the pre-queue. */
export interface TicketClaims extends CommonClaims {
  use: "ticket";
  pos: number | null;
}

/** Permission to book, issued on admission. */
export interface GrantClaims extends CommonClaims {
  use: "grant";
  jti: string;
}

/** Proof of a booking, signed with Ed25519 (see `receipts.ts`) so anyone can verify it with the public key. */
export interface ReceiptClaims extends CommonClaims {
  use: "receipt";
  bid: string;
  /** What was booked when the receipt was issued; a later change issues a new receipt. */
  appt?: {
    clinicId: string;
    vaccineId: string | null;
    dose1: { slotId: string; startsAt: string };
    dose2: { slotId: string; startsAt: string } | null;
  };
}

/** Claims by token use. */
export interface ClaimsByUse {
  ticket: TicketClaims;
  grant: GrantClaims;
  receipt: ReceiptClaims;
}

/** Why a token was refused. Callers map every reason to one public error so attackers learn nothing. */
export type TokenProblem = "malformed" | "bad_signature" | "wrong_use" | "expired" | "not_yet_valid";

/** Signing keys: the first signs, every one verifies, so keys rotate without voiding live tokens. */
export interface SigningKeys {
  current: { id: string; secret: string };
  byId: ReadonlyMap<string, string>;
}

/** The only algorithm accepted. Pinned: a token naming any other is refused before any crypto. */
const ALGORITHM = "HS256";

/** Leeway for `iat` in the future, covering clock differences between edge locations. */
const ISSUED_AT_LEEWAY_SECONDS = 5;

/** Parses `TOKEN_KEYS`: space-separated `keyId:secret` pairs, the first of which signs. */
export function parseSigningKeys(text: string): SigningKeys {
  const pairs = parseIdPairs(text);
  if (!pairs || pairs.some((p) => p.value.length < 32)) {
    throw new Error("TOKEN_KEYS must be space-separated keyId:secret pairs with secrets of at least 32 characters");
  }
  return { current: { id: pairs[0]!.id, secret: pairs[0]!.value }, byId: new Map(pairs.map((p) => [p.id, p.value])) };
}

/** The header text of tokens signed with each key id here (the same text every time). */
const signedHeaders = new Map<string, string>();

function signedHeader(keyId: string): string {
  let header = signedHeaders.get(keyId);
  if (header === undefined) {
    header = toBase64Url(utf8(JSON.stringify({ alg: ALGORITHM, kid: keyId, typ: "JWT" })));
    signedHeaders.set(keyId, header);
  }
  return header;
}

/** Signs claims as `header.payload.signature` (JWT compact form, HS256, with a key id). */
export async function signToken<U extends HmacTokenUse>(keys: SigningKeys, claims: ClaimsByUse[U]): Promise<string> {
  const header = signedHeader(keys.current.id);
  const payload = toBase64Url(utf8(JSON.stringify(claims)));
  const signature = await hmacSign(keys.current.secret, utf8(`${header}.${payload}`));
  return `${header}.${payload}.${toBase64Url(signature)}`;
}

/** Verifies a token's signature, use and lifetime against the server clock. */
export async function verifyToken<U extends TokenUse>(
  keys: SigningKeys,
  token: string,
  use: U,
  nowMs: number,
): Promise<{ ok: true; claims: ClaimsByUse[U] } | { ok: false; problem: TokenProblem }> {
  const parsed = parseCompactToken(token, ALGORITHM);
  if (!parsed) return { ok: false, problem: "malformed" };
  const secret = keys.byId.get(parsed.keyId);
  if (!secret || !(await hmacVerify(secret, parsed.signature, utf8(parsed.signedText)))) {
    return { ok: false, problem: "bad_signature" };
  }
  parsed.remember();
  return checkClaims(parsed.payloadText, use, nowMs);
}

/**
 * Key ids of headers already read, by algorithm and header text. Every token signed here carries
 * one of a few header texts (one per key), so a poll need not decode its header each time. Only a
 * header naming a known key is kept, and only so many: a flood of made-up headers is decoded, not kept.
 */
const headerKeyIds = new Map<string, string>();
const MAX_HEADERS = 64;

/** The key id a header names, if it names exactly `algorithm` and a key id. */
function headerKeyId(headerText: string, algorithm: string): string | null {
  const memoKey = `${algorithm}:${headerText}`;
  const known = headerKeyIds.get(memoKey);
  if (known !== undefined) return known;
  const header = decodeJson(headerText);
  return header && header.alg === algorithm && typeof header.kid === "string" ? header.kid : null;
}

/** Remembers that a header (which named a key held here) names `keyId`. */
function rememberHeader(headerText: string, algorithm: string, keyId: string): void {
  if (headerKeyIds.size < MAX_HEADERS) headerKeyIds.set(`${algorithm}:${headerText}`, keyId);
}

/** A compact token split into its parts, its header naming exactly `algorithm` and a key id. */
export function parseCompactToken(
  token: string,
  algorithm: string,
): { keyId: string; signedText: string; payloadText: string; signature: Uint8Array; remember(): void } | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [headerText, payloadText, signatureText] = parts as [string, string, string];
  const keyId = headerKeyId(headerText, algorithm);
  const signature = fromBase64Url(signatureText);
  if (keyId === null || !signature) return null;
  return {
    keyId,
    signedText: `${headerText}.${payloadText}`,
    payloadText,
    signature,
    remember: () => rememberHeader(headerText, algorithm, keyId),
  };
}

/** Checks a verified payload's use and lifetime against the server clock. */
export function checkClaims<U extends TokenUse>(
  payloadText: string,
  use: U,
  nowMs: number,
): { ok: true; claims: ClaimsByUse[U] } | { ok: false; problem: TokenProblem } {
  const claims = decodeJson(payloadText);
  if (!claims || typeof claims.exp !== "number" || typeof claims.iat !== "number") return { ok: false, problem: "malformed" };
  if (claims.use !== use) return { ok: false, problem: "wrong_use" };
  const nowSeconds = Math.floor(nowMs / 1000);
  if (claims.exp <= nowSeconds) return { ok: false, problem: "expired" };
  if (claims.iat > nowSeconds + ISSUED_AT_LEEWAY_SECONDS) return { ok: false, problem: "not_yet_valid" };
  return { ok: true, claims: claims as unknown as ClaimsByUse[U] };
}

function decodeJson(text: string): Record<string, unknown> | null {
  const json = textFromBase64Url(text);
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
