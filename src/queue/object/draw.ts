// The pre-queue draw at an opening, across the intake shards, in short calls so no object is held for long.
import { type BucketCounts, drawnThroughBuckets, drawOffsets } from "../../domain/intake";
import type { SealedPrequeue } from "../shard/types";
import { rows, run } from "./sql";
import { countEvent } from "./stats";

/**
 * Starts a window's draw at its opening, once every shard has sealed its pre-queue and reported its
 * members per bucket (`sealed`, in shard order): the whole pre-queue's positions are reserved at once
 * (so everyone who joins after the opening is behind it), and where each shard's members of each
 * bucket start is worked out. The shards then number their own members (`drawSteps`). Moves
 * `counters.lastPosition` on and saves it in the same transaction. Once made, repeating it changes nothing.
 */
export function reserveDraw(
  storage: DurableObjectStorage,
  sealed: readonly SealedPrequeue[],
  windowIndex: number,
  counters: { lastPosition: number },
  saveCounters: () => void,
  nowMs: number,
): void {
  const sql = storage.sql;
  storage.transactionSync(() => {
    const seed = rows<{ applied_at: number | null }>(sql, "SELECT applied_at FROM shuffle_seeds WHERE window_index = ?", windowIndex)[0];
    if (!seed || seed.applied_at !== null) return;
    const counts: BucketCounts[] = sealed.map((s) => s.counts);
    const size = sealed.reduce((sum, s) => sum + s.size, 0);
    const first = counters.lastPosition + 1;
    const { offsets, bucketEnds } = drawOffsets(counts, first);
    // One statement for up to 4,096 rows (a statement each was most of the opening's hold).
    run(
      sql,
      "INSERT INTO draw_buckets (window_index, bucket, end_position) SELECT ?, value ->> 0, value ->> 1 FROM json_each(?)",
      windowIndex,
      JSON.stringify(bucketEnds),
    );
    offsets.forEach((shardOffsets, shard) => {
      const firstBucket = Object.keys(shardOffsets).sort()[0] ?? null;
      run(sql, "INSERT INTO draw_shards (window_index, shard, next_bucket, offsets) VALUES (?, ?, ?, '')", windowIndex, shard, firstBucket);
      run(
        sql,
        "INSERT INTO draw_shard_offsets (window_index, shard, offsets) VALUES (?, ?, ?)",
        windowIndex,
        shard,
        JSON.stringify(shardOffsets),
      );
    });
    run(
      sql,
      "UPDATE shuffle_seeds SET applied_at = ?, first_position = ?, size = ?, drawn = 0 WHERE window_index = ?",
      nowMs,
      first,
      size,
      windowIndex,
    );
    // Counted as joined in the minute each person joined the pre-queue, as the shards kept it.
    for (const s of sealed)
      for (const [minute, n] of Object.entries(s.joinedByMinute)) countEvent(sql, Number(minute) * 60_000, "joined", n);
    counters.lastPosition += size;
    saveCounters();
  });
}

/**
 * One step of every unfinished draw: each shard with members left numbers its next chunk, in
 * parallel. Afterwards the draw's `drawn` counts every position all shards have numbered. True
 * while some draw is unfinished.
 */
export async function drawSteps(
  storage: DurableObjectStorage,
  drawChunk: (windowIndex: number, shard: number, offsets: Record<string, number> | null) => Promise<string | null>,
): Promise<boolean> {
  const sql = storage.sql;
  const pending = rows<{ window_index: number; shard: number; offsets: string | null }>(
    sql,
    `SELECT s.window_index, s.shard, o.offsets FROM draw_shards AS s
     LEFT JOIN draw_shard_offsets AS o ON o.window_index = s.window_index AND o.shard = s.shard
     WHERE s.next_bucket IS NOT NULL ORDER BY s.window_index, s.shard`,
  );
  if (pending.length === 0) return false;
  // Where a shard's buckets start (up to 4,096 of them) goes with its first step only.
  const results = await Promise.allSettled(
    pending.map((p) => drawChunk(p.window_index, p.shard, p.offsets === null ? null : (JSON.parse(p.offsets) as Record<string, number>))),
  );
  storage.transactionSync(() => {
    results.forEach((result, i) => {
      if (result.status !== "fulfilled") return; // that shard tries again at the next step
      const { window_index: windowIndex, shard, offsets } = pending[i]!;
      run(
        sql,
        "UPDATE draw_shards SET next_bucket = ?, offsets_sent = 1 WHERE window_index = ? AND shard = ?",
        result.value,
        windowIndex,
        shard,
      );
      if (offsets !== null) run(sql, "DELETE FROM draw_shard_offsets WHERE window_index = ? AND shard = ?", windowIndex, shard);
    });
    for (const windowIndex of new Set(pending.map((p) => p.window_index))) updateDrawn(sql, windowIndex);
  });
  return rows(sql, "SELECT 1 FROM draw_shards WHERE next_bucket IS NOT NULL LIMIT 1").length > 0;
}

/** Moves a window's `drawn` count to every position all its shards have numbered. */
function updateDrawn(sql: SqlStorage, windowIndex: number): void {
  const seed = rows<{ first_position: number; size: number }>(
    sql,
    "SELECT first_position, size FROM shuffle_seeds WHERE window_index = ?",
    windowIndex,
  )[0];
  if (!seed) return;
  const pending =
    rows<{ bucket: string | null }>(sql, "SELECT min(next_bucket) AS bucket FROM draw_shards WHERE window_index = ?", windowIndex)[0]
      ?.bucket ?? null;
  // Only the last bucket before the first one some shard works on counts (reading all 4,096 each step was most of a step's time).
  const before = rows<{ bucket: string; end_position: number }>(
    sql,
    "SELECT bucket, end_position FROM draw_buckets WHERE window_index = ? AND (? IS NULL OR bucket < ?) ORDER BY bucket DESC LIMIT 1",
    windowIndex,
    pending,
    pending,
  ).map((r) => [r.bucket, r.end_position] as const);
  const through = drawnThroughBuckets(before, [pending], seed.first_position);
  run(
    sql,
    "UPDATE shuffle_seeds SET drawn = ? WHERE window_index = ?",
    Math.min(seed.size, through - seed.first_position + 1),
    windowIndex,
  );
}

/** Whether some started draw is unfinished. */
export function drawUnfinished(sql: SqlStorage): boolean {
  return rows(sql, "SELECT 1 FROM shuffle_seeds WHERE applied_at IS NOT NULL AND drawn < size LIMIT 1").length > 0;
}

/**
 * The last position admission may reach while a draw is under way: the people drawn so far. Null
 * when no draw is unfinished. Those not yet drawn are ahead of everyone who joined after the
 * opening, so admission waits for them rather than pass them.
 */
export function drawnThrough(sql: SqlStorage): number | null {
  const row = rows<{ through: number | null }>(
    sql,
    "SELECT min(first_position - 1 + drawn) AS through FROM shuffle_seeds WHERE applied_at IS NOT NULL AND drawn < size",
  )[0];
  return row?.through ?? null;
}
