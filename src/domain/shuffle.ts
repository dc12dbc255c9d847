import { toBase64Url, utf8 } from "../crypto/base64url";
import { hmacSign } from "../crypto/hmac";

/**
 * The pre-queue order is the order of these keys: HMAC-SHA-256 of each identity key under the
 * window's secret seed. Before the opening only the seed's hash is published, so nobody can
 * predict or influence their draw; after it the seed is revealed and anyone can recompute it.
 */
export async function shuffleKey(seed: string, identity: string): Promise<string> {
  return toBase64Url(await hmacSign(seed, utf8(identity)));
}

/** The commitment published before the opening: SHA-256 of the seed. */
export async function seedCommitment(seed: string): Promise<string> {
  return toBase64Url(await crypto.subtle.digest("SHA-256", utf8(seed)));
}

/**
 * Recomputes a pre-queue's order from the revealed seed and its identity keys, as an auditor
 * would: positions start at `firstPosition` and follow the shuffle keys (ties by identity).
 */
export async function prequeueOrder(seed: string, identities: readonly string[], firstPosition = 1): Promise<Map<string, number>> {
  const keyed = await Promise.all(identities.map(async (identity) => ({ identity, key: await shuffleKey(seed, identity) })));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.identity < b.identity ? -1 : 1));
  return new Map(keyed.map((k, i) => [k.identity, firstPosition + i]));
}
