import { describe, expect, it } from "vitest";
import { drawBucket, drawnThroughBuckets, drawOffsets, recommendedShards, shardOf, shardRankInBucket } from "../../src/domain/intake";
import { prequeueOrder, shuffleKey } from "../../src/domain/shuffle";

const identities = Array.from({ length: 400 }, (_, i) => `identity-${i}`);

describe("which shard holds a person", () => {
  it("is stable for one identity and spread over every shard", () => {
    expect(shardOf("someone", 8)).toBe(shardOf("someone", 8));
    expect(shardOf("someone", 1)).toBe(0);
    const perShard = new Array(8).fill(0);
    for (const identity of identities) perShard[shardOf(identity, 8)] += 1;
    // 400 over 8: about 50 each; none empty, none with more than twice its share.
    for (const n of perShard) {
      expect(n).toBeGreaterThan(20);
      expect(n).toBeLessThan(100);
    }
  });
});

describe("the shard count a cohort needs", () => {
  it("grows with the population and is at least one, at most the maximum", () => {
    expect(recommendedShards(0)).toBe(1);
    expect(recommendedShards(5_000)).toBe(1);
    expect(recommendedShards(1_500_000)).toBe(167);
    const national = recommendedShards(1_500_000);
    expect(national).toBeGreaterThan(recommendedShards(200_000));
    expect(recommendedShards(100_000_000)).toBe(256);
  });
});

describe("the draw across shards", () => {
  it("gives every member of every shard's buckets its own position, dense from the first, buckets in order", () => {
    const counts: Array<Record<string, number>> = [{ AA: 2, Ab: 1 }, { AA: 1, zz: 3 }, { Ab: 2 }];
    const { offsets, bucketEnds } = drawOffsets(counts, 11);
    expect(bucketEnds).toEqual([
      ["AA", 13],
      ["Ab", 16],
      ["zz", 19],
    ]);
    const taken: number[] = [];
    counts.forEach((c, shard) => {
      for (const [bucket, n] of Object.entries(c)) for (let i = 0; i < n; i++) taken.push(offsets[shard]![bucket]! + i);
    });
    expect(taken.sort((a, b) => a - b)).toEqual(Array.from({ length: 9 }, (_, i) => 11 + i));
    // Within a bucket, shards come in the bucket's rotation.
    const [first, second] = [0, 1].sort((a, b) => shardRankInBucket("AA", a, 3) - shardRankInBucket("AA", b, 3));
    expect(offsets[first!]!.AA).toBe(11);
    expect(offsets[second!]!.AA).toBe(11 + counts[first!]!.AA!);
  });

  it("admission may reach only the buckets every shard has finished", () => {
    const ends: Array<[string, number]> = [
      ["AA", 3],
      ["Ab", 6],
      ["zz", 9],
    ];
    expect(drawnThroughBuckets(ends, ["AA", "Ab"], 1)).toBe(0);
    expect(drawnThroughBuckets(ends, ["Ab", null], 1)).toBe(3);
    expect(drawnThroughBuckets(ends, ["zz", "zz"], 1)).toBe(6);
    expect(drawnThroughBuckets(ends, [null, null], 1)).toBe(9);
  });

  it("numbered shard by shard from the offsets, is exactly the order an auditor recomputes from the seed and the shard count", async () => {
    const seed = "test-seed";
    const shards = 4;
    const keyed = await Promise.all(identities.map(async (identity) => ({ identity, key: await shuffleKey(seed, identity) })));
    // What each shard does: count its members per bucket, then number them from its offsets in key order.
    const counts = Array.from({ length: shards }, () => ({}) as Record<string, number>);
    for (const k of keyed) {
      const c = counts[shardOf(k.identity, shards)]!;
      c[drawBucket(k.key)] = (c[drawBucket(k.key)] ?? 0) + 1;
    }
    const { offsets } = drawOffsets(counts, 1);
    const numbered = new Map<string, number>();
    for (let shard = 0; shard < shards; shard++) {
      const next = { ...offsets[shard]! };
      const members = keyed
        .filter((k) => shardOf(k.identity, shards) === shard)
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const m of members) numbered.set(m.identity, next[drawBucket(m.key)]!++);
    }
    const recomputed = await prequeueOrder(seed, identities, 1, shards);
    expect([...numbered.entries()].every(([identity, position]) => recomputed.get(identity) === position)).toBe(true);
    expect(new Set(numbered.values()).size).toBe(identities.length);
    // With one shard it is the plain order of the shuffle keys.
    const single = await prequeueOrder(seed, identities, 1, 1);
    const byKey = [...keyed].sort((a, b) => (a.key < b.key ? -1 : 1)).map((k) => k.identity);
    expect(byKey.map((identity) => single.get(identity))).toEqual(byKey.map((_, i) => i + 1));
  });
});
