// The rules of a cohort's intake shards: which shard holds a person, how many shards a cohort needs,
// and how the shards' pre-queues are numbered into one order at the opening.

/** The most intake shards a cohort may have. */
export const MAX_SHARDS = 256;

/**
 * Joins a second one shard is planned to place. In production each of hundreds of isolates sends a
 * shard batches of about one person, so a shard's cost is about its fixed cost per call (about 1 ms
 * measured in `npm run bench`); kept at 70% busy, that is about 680 joins a second, planned at 600.
 */
export const PLANNED_JOINS_PER_SHARD_SECOND = 600;

/** The 2021 opening: about 1.5 million eligible people and 10 million requests in its first minute, most of them in its first seconds. */
export const PLANNED_ARRIVAL_SECONDS = 15;

/**
 * The shard that holds a person's place: a hash of their identity key, so every device and retry of
 * one person reaches the same shard and one place per person stays exact within it.
 */
export function shardOf(identity: string, shards: number): number {
  if (shards <= 1) return 0;
  // FNV-1a: cheap, stable, and spread well enough over identity keys that are HMAC outputs already.
  let hash = 0x811c9dc5;
  for (let i = 0; i < identity.length; i++) {
    hash ^= identity.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/**
 * The shard count to plan for: enough shards for the peak arrival rate, taken as the whole
 * population arriving within `arrivalSeconds` of the opening, each shard planned at
 * `PLANNED_JOINS_PER_SHARD_SECOND`. For 1.5 million people: 100,000 joins a second, 167 shards.
 */
export function recommendedShards(population: number, arrivalSeconds = PLANNED_ARRIVAL_SECONDS): number {
  const peakJoinsPerSecond = population / Math.max(1, arrivalSeconds);
  return Math.min(MAX_SHARDS, Math.max(1, Math.ceil(peakJoinsPerSecond / PLANNED_JOINS_PER_SHARD_SECOND)));
}

/**
 * The draw orders a pre-queue by bucket (the first two characters of each shuffle key, 4,096
 * buckets), then by shard in an order that rotates from bucket to bucket, then by shuffle key and
 * identity. Each shard can number its own members once it knows where each of its buckets starts,
 * so no object ever sorts the whole pre-queue, and anyone can recompute the order from the seed, the
 * shard count and the identity keys (`drawOrder`). Within a bucket (1/4,096 of the pre-queue) the
 * shard decides who is first; the rotation spreads that evenly over the shards.
 */
export function drawBucket(shuffleKey: string): string {
  return shuffleKey.slice(0, 2);
}

/** Where shard `shard` comes within a bucket: 0 first. */
export function shardRankInBucket(bucket: string, shard: number, shards: number): number {
  const rotation = ((bucket.charCodeAt(0) || 0) * 64 + (bucket.charCodeAt(1) || 0)) % shards;
  return (shard - rotation + shards) % shards;
}

/**
 * The last position every shard has numbered, while the shards number their members a chunk at a
 * time in bucket order: all of every bucket before the first bucket some shard still works on.
 * `nextBuckets`: per shard, the first bucket it has not finished (null: it has finished).
 */
export function drawnThroughBuckets(
  bucketEnds: ReadonlyArray<readonly [string, number]>,
  nextBuckets: ReadonlyArray<string | null>,
  firstPosition: number,
): number {
  const pending = nextBuckets.filter((b): b is string => b !== null).sort()[0];
  let through = firstPosition - 1;
  for (const [bucket, end] of bucketEnds) {
    if (pending !== undefined && bucket >= pending) break;
    through = end;
  }
  return through;
}
