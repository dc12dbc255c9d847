// A shard's part of the pre-queue draw: its counts per bucket at the opening, then its members numbered a chunk at a time.
import type { BucketCounts } from "../../domain/intake";
import { rows, run } from "../object/sql";
import type { SealedPrequeue } from "./types";

/**
 * Members positioned per draw step, over all shards together (each numbers its share): a bounded
 * piece of work, so no call holds a shard for long and a step's parallel calls end together. Where
 * the shards share a machine (one workerd here) a step is the longest any call waits.
 */
export const DRAW_CHUNK = 500;

/**
 * Each shard's share of a draw step: the step's chunk split over the shards, at least 16, so a draw
 * over many shards (each on its own machine in production) still takes few steps.
 */
export function chunkPerShard(shards: number): number {
  return Math.max(16, Math.ceil(DRAW_CHUNK / Math.max(1, shards)));
}

/**
 * Seals a window's pre-queue (nobody joins it after this; later joins wait for positions) and
 * returns its members per bucket, kept up to date at every join so sealing reads at most 4,096
 * rows whatever the size. Repeating it returns the same counts.
 */
export function sealPrequeue(storage: DurableObjectStorage, windowIndex: number, nowMs: number): SealedPrequeue {
  const sql = storage.sql;
  return storage.transactionSync(() => {
    run(sql, "INSERT OR IGNORE INTO sealed_windows (window_index, at) VALUES (?, ?)", windowIndex, nowMs);
    // Read as one JSON row each: up to 4,096 rows read one by one held every shard at the opening.
    const counts = JSON.parse(
      rows<{ counts: string }>(
        sql,
        "SELECT json_group_object(bucket, n) AS counts FROM prequeue_buckets WHERE window_index = ?",
        windowIndex,
      )[0]!.counts,
    ) as BucketCounts;
    const size = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const joinedByMinute = JSON.parse(
      rows<{ minutes: string }>(
        sql,
        "SELECT json_group_object(minute, n) AS minutes FROM prequeue_minutes WHERE window_index = ?",
        windowIndex,
      )[0]!.minutes,
    ) as Record<number, number>;
    return { counts, size, joinedByMinute };
  });
}

/** Stores where each of this shard's buckets starts (from the cohort's object); repeating it changes nothing. */
export function beginDraw(sql: SqlStorage, windowIndex: number, offsets: Record<string, number>): void {
  // One statement for up to 4,096 rows: a statement each held every shard that much longer at the opening.
  run(
    sql,
    "INSERT OR IGNORE INTO draw_offsets (window_index, bucket, next_position) SELECT ?, key, value FROM json_each(?)",
    windowIndex,
    JSON.stringify(offsets),
  );
}

/**
 * Numbers the next `limit` members of a window's pre-queue in draw order (bucket, shuffle key,
 * identity), each at its bucket's next position, and returns the first bucket with members left
 * (null: all numbered). Call inside a transaction.
 */
export function drawChunk(sql: SqlStorage, windowIndex: number, limit: number): string | null {
  const numbered = rows<{ bucket: string; n: number }>(
    sql,
    `UPDATE entries SET position = ranked.position, state = 'waiting'
     FROM (SELECT e.identity, d.next_position - 1 + row_number() OVER (PARTITION BY substr(e.sort_key, 1, 2) ORDER BY e.sort_key, e.identity) AS position
           FROM (SELECT identity, sort_key FROM entries WHERE window_index = ? AND state = 'prequeue'
                 ORDER BY sort_key, identity LIMIT ?) AS e
           JOIN draw_offsets AS d ON d.window_index = ? AND d.bucket = substr(e.sort_key, 1, 2)) AS ranked
     WHERE entries.identity = ranked.identity
     RETURNING substr(sort_key, 1, 2) AS bucket, 1 AS n`,
    windowIndex,
    limit,
    windowIndex,
  );
  const perBucket = new Map<string, number>();
  for (const { bucket } of numbered) perBucket.set(bucket, (perBucket.get(bucket) ?? 0) + 1);
  for (const [bucket, n] of perBucket) {
    run(sql, "UPDATE draw_offsets SET next_position = next_position + ? WHERE window_index = ? AND bucket = ?", n, windowIndex, bucket);
  }
  return nextBucket(sql, windowIndex);
}

/** The first bucket of a window's pre-queue with members not yet numbered; null when none are left. */
export function nextBucket(sql: SqlStorage, windowIndex: number): string | null {
  const first = rows<{ key: string | null }>(
    sql,
    "SELECT min(sort_key) AS key FROM entries WHERE window_index = ? AND state = 'prequeue'",
    windowIndex,
  )[0]?.key;
  return first ? first.slice(0, 2) : null;
}

/** Whether a window's pre-queue was sealed. */
export function isSealed(sql: SqlStorage, windowIndex: number): boolean {
  return rows(sql, "SELECT 1 FROM sealed_windows WHERE window_index = ?", windowIndex).length > 0;
}
