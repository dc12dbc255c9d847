import { toBase64Url, utf8 } from "../crypto/base64url";
import { hmacSign } from "../crypto/hmac";
import { drawBucket, shardOf, shardRankInBucket } from "./intake";

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
 * would: positions start at `firstPosition` and follow the draw order of `src/domain/intake.ts`
 * (bucket, shard in the bucket's rotation, shuffle key, identity) for a cohort of `shards` shards.
 * With one shard that is the order of the shuffle keys.
 */
export async function prequeueOrder(
  seed: string,
  identities: readonly string[],
  firstPosition = 1,
  shards = 1,
): Promise<Map<string, number>> {
  const keyed = await Promise.all(
    identities.map(async (identity) => {
      const key = await shuffleKey(seed, identity);
      const bucket = drawBucket(key);
      return { identity, key, bucket, rank: shardRankInBucket(bucket, shardOf(identity, shards), shards) };
    }),
  );
  keyed.sort((a, b) => compare(a.bucket, b.bucket) || a.rank - b.rank || compare(a.key, b.key) || compare(a.identity, b.identity));
  return new Map(keyed.map((k, i) => [k.identity, firstPosition + i]));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
