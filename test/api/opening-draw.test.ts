// The opening draw of a pre-queue bigger than a step, over several intake shards: the opening call
// only reserves, each step sends a shard where just the buckets it reaches start, and a shard
// evicted mid-draw carries on where it was.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { shardOf } from "../../src/domain/intake";
import { prequeueOrder, shuffleKey } from "../../src/domain/shuffle";
import { COUNT_PAGE } from "../../src/queue/object/draw";
import { chunkPerShard, DRAW_CHUNK } from "../../src/queue/shard/draw";
import {
  cohortConfig,
  createCohort,
  join,
  nationalIdFor,
  queueStub,
  rowsOverShards,
  seedPrequeueMembers,
  setServerTime,
  shardStubs,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const SHARDS = 4;

/** Puts `count` people straight into the shards' pre-queues (joining them one by one would take minutes), each in their own shard. */
async function seedPrequeue(cohortId: string, count: number): Promise<string[]> {
  const seed = await runInDurableObject(
    queueStub(cohortId),
    (_i, state) => state.storage.sql.exec<{ seed: string }>("SELECT seed FROM shuffle_seeds WHERE window_index = 0").one().seed,
  );
  const people = Array.from({ length: count }, (_, i) => `seeded-${String(i).padStart(5, "0")}`);
  const keys = await Promise.all(people.map((identity) => shuffleKey(seed, identity)));
  const stubs = await shardStubs(cohortId);
  for (const [shard, stub] of stubs.entries()) {
    await runInDurableObject(stub, (_i, state) =>
      seedPrequeueMembers(
        state.storage.sql,
        people.flatMap((identity, i) => (shardOf(identity, SHARDS) === shard ? [{ identity, sortKey: keys[i]! }] : [])),
      ),
    );
  }
  return people;
}

/** Per shard: how many buckets it holds members in, and how many it has been sent the start of. */
async function bucketsPerShard(cohortId: string) {
  const found = [];
  for (const stub of await shardStubs(cohortId)) {
    found.push(
      await runInDurableObject(stub, (_i, state) => ({
        held: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM prequeue_buckets WHERE window_index = 0").one().n,
        sent: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM draw_offsets WHERE window_index = 0").one().n,
      })),
    );
  }
  return found;
}

describe("the opening draw over shards, a step at a time", () => {
  it("the opening call only reserves; each step sends a shard the starts of the buckets it reaches; a shard evicted mid-draw goes on; the order is the seed's", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("draw-steps", cohortConfig(OPENING, { intake: { shards: SHARDS, flushMs: 0 } }));
    await join(cohortId, nationalIdFor("1968-02-14", 1));
    const count = DRAW_CHUNK * 6;
    const people = await seedPrequeue(cohortId, count);
    const stub = queueStub(cohortId);
    const positioned = async () =>
      (await rowsOverShards<{ n: number }>(cohortId, "SELECT count(*) AS n FROM entries WHERE position IS NOT NULL")).reduce(
        (sum, r) => sum + r.n,
        0,
      );

    setServerTime("2021-07-19T11:00:00Z");
    expect((await stub.progress())!.lastPosition).toBe(count + 1); // every place reserved at the opening
    expect(await positioned()).toBe(0); // nobody numbered by the opening call
    expect((await bucketsPerShard(cohortId)).every((b) => b.sent === 0)).toBe(true);

    await runDurableObjectAlarm(stub); // the first page of counts
    expect(await positioned()).toBe(0);
    await runDurableObjectAlarm(stub); // a tick (due) between steps
    await runDurableObjectAlarm(stub); // the first chunk
    expect(await positioned()).toBe(SHARDS * chunkPerShard(SHARDS));
    for (const { held, sent } of await bucketsPerShard(cohortId)) {
      expect(held).toBeGreaterThan(COUNT_PAGE); // its counts take more than one page
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThanOrEqual(chunkPerShard(SHARDS) + 1); // a step's buckets, not all of them
    }

    await runDurableObjectAlarm(stub); // the second chunk
    const [evicted] = await shardStubs(cohortId);
    await evictDurableObject(evicted!);
    await evictDurableObject(stub);
    for (let alarm = 0; alarm < 40 && (await positioned()) < count + 1; alarm++) await runDurableObjectAlarm(stub);
    expect(await positioned()).toBe(count + 1);

    const audit = await stub.auditWindows();
    expect(audit[0]).toMatchObject({ prequeueSize: count + 1, drawnSoFar: count + 1 });
    const rows = await rowsOverShards<{ identity: string; position: number }>(
      cohortId,
      "SELECT identity, position FROM entries WHERE via_prequeue = 1",
    );
    const expected = await prequeueOrder(
      audit[0]!.seed!,
      rows.map((r) => r.identity),
      1,
      SHARDS,
    );
    expect(rows).toHaveLength(people.length + 1);
    expect(rows.filter((r) => expected.get(r.identity) !== r.position)).toEqual([]);
  });
});
