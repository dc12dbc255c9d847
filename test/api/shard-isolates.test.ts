// Joins from many isolates at once: each isolate's group commit sends a shard its own batch, so a
// shard takes many batches at the same time, the same people in several. One place per person.
import { runDurableObjectAlarm } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { shardOf } from "../../src/domain/intake";
import type { ShardJoinOutcome } from "../../src/queue/shard/intake-shard";
import { cohortConfig, createCohort, queueStub, rowsOverShards, setServerTime, shardStubs, sumOverShards } from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const SHARDS = 4;
const ISOLATES = 16;

/**
 * Every isolate sends each shard, all at once, a batch of the people it serves there: person `i`
 * reaches isolates `i % 5`, `i % 7` and `i % 16`, as one person's devices and retries reach several.
 * Returns each person's answers.
 */
async function joinFromIsolates(cohortId: string, people: readonly string[]): Promise<Map<string, ShardJoinOutcome[]>> {
  const stubs = await shardStubs(cohortId);
  const calls: Array<Promise<void>> = [];
  const answers = new Map<string, ShardJoinOutcome[]>(people.map((p) => [p, []]));
  for (let isolate = 0; isolate < ISOLATES; isolate++) {
    const served = people.filter((_, i) => i % 5 === isolate || i % 7 === isolate || i % ISOLATES === isolate);
    for (const [shard, stub] of stubs.entries()) {
      const batch = served.filter((identity) => shardOf(identity, SHARDS) === shard);
      if (batch.length === 0) continue;
      const requests = batch.map((identity) => ({ identity, birthDate: "1968-03-03", humanVerified: false }));
      calls.push(
        stub.joinMany(requests, { cohortId, shard }).then((outcomes) => {
          for (const [i, outcome] of outcomes!.entries()) answers.get(batch[i]!)!.push(outcome);
        }),
      );
    }
  }
  await Promise.all(calls);
  return answers;
}

describe("joins from many isolates at once", () => {
  it("batches from sixteen isolates reaching the shards together, one person in several, give one place per person, dense across shards, in the pre-queue and after the opening", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("shard-isolates", cohortConfig(OPENING, { intake: { shards: SHARDS, flushMs: 0 } }));
    const early = Array.from({ length: 40 }, (_, i) => `isolate-early-${i}`);
    // Shuffle keys that take a turn of the event loop to compute (as on a loaded machine), so one
    // batch is still computing its keys when another, with some of the same people, is placed.
    const sign = crypto.subtle.sign.bind(crypto.subtle);
    const slowKeys = vi
      .spyOn(crypto.subtle, "sign")
      .mockImplementation(async (...args) => new Promise((resolve) => setTimeout(() => resolve(sign(...args)), 1)));
    try {
      for (const outcomes of (await joinFromIsolates(cohortId, early)).values()) {
        expect(outcomes.length).toBeGreaterThan(0);
        for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: true, entry: { state: "prequeue" } });
      }
    } finally {
      slowKeys.mockRestore();
    }
    // Counted once each in the draw's buckets, or the draw would reserve places nobody holds.
    expect(await sumOverShards(cohortId, "SELECT coalesce(sum(n), 0) AS n FROM prequeue_buckets")).toBe(early.length);

    setServerTime("2021-07-19T11:00:00Z");
    for (let i = 0; i < 3; i++) await runDurableObjectAlarm(queueStub(cohortId));
    const late = Array.from({ length: 40 }, (_, i) => `isolate-late-${i}`);
    const placeOf = new Map<string, number>();
    for (const [identity, outcomes] of await joinFromIsolates(cohortId, late)) {
      const positions = new Set(outcomes.map((o) => (o.ok ? o.entry.position : null)));
      expect(positions.size).toBe(1); // every isolate told this person the same place
      placeOf.set(identity, [...positions][0]!);
    }
    expect([...placeOf.values()].sort((a, b) => a - b)).toEqual(late.map((_, i) => early.length + i + 1));

    const rows = await rowsOverShards<{ identity: string; position: number }>(cohortId, "SELECT identity, position FROM entries");
    expect(rows).toHaveLength(early.length + late.length);
    expect(rows.map((r) => r.position).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i + 1));
    expect((await queueStub(cohortId).progress())?.lastPosition).toBe(early.length + late.length);
  });
});
