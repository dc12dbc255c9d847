// The pre-queue draw worked out a step at a time: the shards' bucket counts gathered a page at a
// time, and each step sends a shard where only the buckets it is about to number start.
import { shardRankInBucket } from "./intake";

/** A bucket of the draw as the cohort's object keeps it: its last position and each shard's members in it (by shard). */
export interface DrawBucket {
  bucket: string;
  endPosition: number;
  counts: readonly number[];
}

/** A page of one shard's counts: buckets with members in bucket order, and how many each holds. */
export interface CountPage {
  buckets: string[];
  members: number[];
}

/**
 * Where each shard's members of one bucket start, by shard: the shards come in the bucket's
 * rotation, each after the members of those before it. `firstPosition` is the bucket's first.
 */
export function bucketStarts(bucket: string, counts: readonly number[], firstPosition: number): number[] {
  const shards = counts.length;
  const starts = new Array<number>(shards).fill(firstPosition);
  const order = counts.map((_, shard) => shard).sort((a, b) => shardRankInBucket(bucket, a, shards) - shardRankInBucket(bucket, b, shards));
  let next = firstPosition;
  for (const shard of order) {
    starts[shard] = next;
    next += counts[shard] ?? 0;
  }
  return starts;
}

/**
 * Merges one page of counts from every shard (its next `pageSize` buckets with members after the
 * last bucket counted) into whole buckets. Only buckets up to
 * the earliest last bucket of a full page are known for every shard, so only those are returned;
 * `complete` when no page was full (every shard has told all). `nextPosition` is the first
 * position after the buckets counted before.
 */
export function mergeCountPages(
  pages: readonly CountPage[],
  pageSize: number,
  nextPosition: number,
): { buckets: DrawBucket[]; complete: boolean } {
  const full = pages.filter((page) => page.buckets.length >= pageSize).map((page) => page.buckets[page.buckets.length - 1]!);
  const through = full.length > 0 ? full.sort()[0]! : null;
  const counts = new Map<string, number[]>();
  pages.forEach((page, shard) => {
    page.buckets.forEach((bucket, i) => {
      if (through !== null && bucket > through) return;
      const row = counts.get(bucket) ?? new Array<number>(pages.length).fill(0);
      row[shard] = page.members[i]!;
      counts.set(bucket, row);
    });
  });
  let end = nextPosition - 1;
  const buckets = [...counts.keys()].sort().map((bucket) => {
    const row = counts.get(bucket)!;
    end += row.reduce((sum, n) => sum + n, 0);
    return { bucket, endPosition: end, counts: row };
  });
  return { buckets, complete: through === null };
}

/**
 * What one shard is sent for its next step: where each bucket it may reach starts for it, from
 * `nextBucket` (its first bucket not finished; '' before it started) on. A step numbers at most
 * `limit` of its members, all in `nextBucket` or after, so the buckets after `nextBucket` holding
 * `limit` of its members cover the step whatever part of `nextBucket` is left. `buckets` are the
 * counted buckets from `nextBucket` on, in order; `short` when they ran out first (more must be counted
 * unless all are).
 */
export function stepOffsets(
  buckets: Iterable<DrawBucket>,
  shard: number,
  nextBucket: string,
  limit: number,
): { offsets: Record<string, number>; short: boolean } {
  const offsets: Record<string, number> = {};
  let after = 0;
  for (const { bucket, endPosition, counts } of buckets) {
    if (bucket < nextBucket) continue;
    const n = counts[shard] ?? 0;
    if (n > 0) {
      const first = endPosition - counts.reduce((sum, c) => sum + c, 0) + 1;
      offsets[bucket] = bucketStarts(bucket, counts, first)[shard]!;
    }
    if (bucket > nextBucket) after += n;
    if (after >= limit) return { offsets, short: false };
  }
  return { offsets, short: true };
}
