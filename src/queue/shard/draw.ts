// A shard's part of the pre-queue draw: its counts per bucket at the opening, then its members numbered a chunk at a time.
import type { BucketCounts } from "../../domain/intake";
import { rows, run } from "../object/sql";
import type { SealedPrequeue } from "./types";

/**
 * Members positioned per draw step, over all shards together (each numbers its share): a bounded
 * piece of work, so no call holds a shard for long and a step's parallel calls end together.
 */
export const DRAW_CHUNK = 1000;

/** Each shard's share of a draw step: the step's chunk split over the shards, at least 50. */
export function chunkPerShard(shards: number): number {
  return Math.max(50, Math.ceil(DRAW_CHUNK / Math.max(1, shards)));
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
    const counts: BucketCounts = {};
    let size = 0;
    for (const r of rows<{ bucket: string; n: number }>(
      sql,
      "SELECT bucket, n FROM prequeue_buckets WHERE window_index = ?",
      windowIndex,
    )) {
      counts[r.bucket] = r.n;
      size += r.n;
    }
    const joinedByMinute: Record<number, number> = {};
    for (const r of rows<{ minute: number; n: number }>(
      sql,
      "SELECT minute, n FROM prequeue_minutes WHERE window_index = ?",
      windowIndex,
    )) {
      joinedByMinute[r.minute] = r.n;
    }
    return { counts, size, joinedByMinute };
  });
}

/** Stores where each of this shard's buckets starts (from the cohort's object); repeating it changes nothing. */
export function beginDraw(sql: SqlStorage, windowIndex: number, offsets: Record<string, number>): void {
  for (const [bucket, position] of Object.entries(offsets)) {
    run(sql, "INSERT OR IGNORE INTO draw_offsets (window_index, bucket, next_position) VALUES (?, ?, ?)", windowIndex, bucket, position);
  }
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
