import { describe, expect, it } from "vitest";
import { bucketStarts, type CountPage, type DrawBucket, mergeCountPages, stepOffsets } from "../../src/domain/draw-steps";
import { drawBucket, shardOf, shardRankInBucket } from "../../src/domain/intake";
import { prequeueOrder, shuffleKey } from "../../src/domain/shuffle";

const page = (pairs: Array<[string, number]>): CountPage => ({ buckets: pairs.map((p) => p[0]), members: pairs.map((p) => p[1]) });

/** A shard's members in draw order, as its own `entries_by_draw_order` index has them. */
interface Member {
  identity: string;
  key: string;
  bucket: string;
}

/**
 * The draw as the cohort's object and its shards run it, step by step, in memory: counts read a
 * page at a time (a step of its own) when a step falls short, each shard sent only its step's offsets, keeping the first
 * offset of a bucket it was sent (as `INSERT OR IGNORE`), and numbering at most `limit` a step.
 * `lose(step, shard)`: that shard's answer is lost (it numbered, the object does not hear).
 */
function drawInSteps(
  members: Member[][],
  options: { limit: number; pageSize: number; first: number; lose?: (step: number, shard: number) => boolean },
) {
  const counted: DrawBucket[] = [];
  let complete = false;
  const next: Array<string | null> = members.map((m) => (m.length > 0 ? "" : null));
  const kept = members.map(() => new Map<string, number>());
  const done = members.map(() => 0);
  const numbered = new Map<string, number>();
  const sentPerStep: number[] = [];
  const countMore = () => {
    const after = counted.at(-1)?.bucket ?? "";
    const pages = members.map((m) => {
      const counts = new Map<string, number>();
      for (const { bucket } of m) if (bucket > after) counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
      return page([...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).slice(0, options.pageSize));
    });
    const merged = mergeCountPages(pages, options.pageSize, (counted.at(-1)?.endPosition ?? options.first - 1) + 1);
    counted.push(...merged.buckets);
    complete = merged.complete;
  };
  for (let step = 0; next.some((b) => b !== null); step++) {
    if (step > 10_000) throw new Error("the draw did not end");
    const plan = () => next.map((b, shard) => (b === null ? null : stepOffsets(counted, shard, b, options.limit)));
    const sends = plan();
    if (!complete && sends.some((s) => s?.short)) {
      countMore(); // a step of its own
      continue;
    }
    sends.forEach((send, shard) => {
      if (!send) return;
      sentPerStep.push(Object.keys(send.offsets).length);
      for (const [bucket, at] of Object.entries(send.offsets)) if (!kept[shard]!.has(bucket)) kept[shard]!.set(bucket, at);
      const chunk = members[shard]!.slice(done[shard], done[shard]! + options.limit);
      for (const m of chunk) {
        const at = kept[shard]!.get(m.bucket);
        if (at === undefined) break; // its bucket's start not sent yet: a later step
        // Every bucket a step numbers was in that very step's offsets.
        expect(send.offsets).toHaveProperty(m.bucket);
        numbered.set(m.identity, at);
        kept[shard]!.set(m.bucket, at + 1);
        done[shard]! += 1;
      }
      if (!options.lose?.(step, shard)) next[shard] = members[shard]![done[shard]!]?.bucket ?? null;
    });
  }
  return { numbered, sentPerStep, counted };
}

async function keyedMembers(seed: string, count: number, shards: number): Promise<Member[][]> {
  const members: Member[][] = Array.from({ length: shards }, () => []);
  for (let i = 0; i < count; i++) {
    const identity = `identity-${i}`;
    const key = await shuffleKey(seed, identity);
    members[shardOf(identity, shards)]!.push({ identity, key, bucket: drawBucket(key) });
  }
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (const m of members) m.sort((a, b) => compare(a.key, b.key) || compare(a.identity, b.identity));
  return members;
}

describe("the draw a step at a time", () => {
  it("gives every member of every shard's buckets its own position, dense from the first, buckets in order, shards in the bucket's rotation", () => {
    const { buckets, complete } = mergeCountPages(
      [
        page([
          ["AA", 2],
          ["Ab", 1],
        ]),
        page([
          ["AA", 1],
          ["zz", 3],
        ]),
        page([["Ab", 2]]),
      ],
      10,
      11,
    );
    expect(complete).toBe(true);
    expect(buckets.map((b) => [b.bucket, b.endPosition])).toEqual([
      ["AA", 13],
      ["Ab", 16],
      ["zz", 19],
    ]);
    expect(buckets[0]!.counts).toEqual([2, 1, 0]);
    const starts = bucketStarts("AA", [2, 1, 0], 11);
    const [first, second] = [0, 1].sort((a, b) => shardRankInBucket("AA", a, 3) - shardRankInBucket("AA", b, 3));
    expect(starts[first!]).toBe(11);
    expect(starts[second!]).toBe(11 + [2, 1][first!]!);
  });

  it("keeps from a page of counts only the buckets every shard has told, up to the earliest end of a full page", () => {
    const merged = mergeCountPages(
      [
        page([
          ["AA", 1],
          ["Ac", 2],
        ]),
        page([
          ["Ab", 1],
          ["Ba", 1],
        ]),
        page([["AB", 4]]), // less than a full page: this shard has told all it has
      ],
      2,
      1,
    );
    expect(merged.complete).toBe(false);
    // Shard 0 may have more right after Ac, so Ba is not known for every shard yet.
    expect(merged.buckets.map((b) => b.bucket)).toEqual(["AA", "AB", "Ab", "Ac"]);
    expect(merged.buckets.at(-1)!.endPosition).toBe(8);
  });

  it("sends a shard the start of its unfinished bucket and of the buckets after it holding a step's worth of its members, and says when the counts known fall short", () => {
    const buckets: DrawBucket[] = [
      { bucket: "AA", endPosition: 3, counts: [2, 1] },
      { bucket: "Ab", endPosition: 5, counts: [0, 2] },
      { bucket: "Ac", endPosition: 8, counts: [1, 2] },
      { bucket: "Ba", endPosition: 12, counts: [3, 1] },
    ];
    const step = stepOffsets(buckets, 0, "AA", 2);
    expect(Object.keys(step.offsets)).toEqual(["AA", "Ac", "Ba"]); // none for Ab, where it has nobody
    expect(step.short).toBe(false);
    expect(step.offsets.Ac).toBe(bucketStarts("Ac", [1, 2], 6)[0]);
    expect(stepOffsets(buckets, 0, "Ac", 4).short).toBe(true);
    expect(Object.keys(stepOffsets(buckets, 1, "Ba", 1).offsets)).toEqual(["Ba"]);
  });

  it("numbered in steps, with counts read a page at a time, is exactly the order an auditor recomputes from the seed and the shard count", async () => {
    const seed = "test-seed";
    for (const shards of [1, 4, 7]) {
      const members = await keyedMembers(seed, 600, shards);
      const { numbered, sentPerStep } = drawInSteps(members, { limit: 9, pageSize: 16, first: 41 });
      const recomputed = await prequeueOrder(
        seed,
        members.flat().map((m) => m.identity),
        41,
        shards,
      );
      expect(numbered.size).toBe(600);
      expect([...numbered].every(([identity, position]) => recomputed.get(identity) === position)).toBe(true);
      // A step's offsets are the buckets it may reach, never all of them.
      expect(Math.max(...sentPerStep)).toBeLessThanOrEqual(9 + 1);
    }
  });

  it("a shard whose answers are lost is sent its buckets again, keeps its place in each, and the order is unchanged", async () => {
    const seed = "lost-answers";
    const members = await keyedMembers(seed, 400, 3);
    const { numbered } = drawInSteps(members, { limit: 7, pageSize: 8, first: 1, lose: (step, shard) => (step + shard) % 3 === 0 });
    const recomputed = await prequeueOrder(
      seed,
      members.flat().map((m) => m.identity),
      1,
      3,
    );
    expect(numbered.size).toBe(400);
    expect([...numbered].every(([identity, position]) => recomputed.get(identity) === position)).toBe(true);
  });
});
