import { describe, expect, it } from "vitest";
import { drawnThroughBuckets, recommendedShards, shardOf } from "../../src/domain/intake";

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
});
