// A shard's part of the pre-queue draw: sealed at the opening, its counts per bucket read a page at a time, its members numbered a chunk at a time.
import type { CountPage } from "../../domain/draw-steps";
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
 * returns its size, kept up to date per bucket at every join. Repeating it returns the same. The
 * counts per bucket are read later, a page at a time (`bucketCountsPage`): all 4,096 of them in
 * the opening's answer, and where every bucket of every shard starts, held the opening for 0.3 s.
 */
export function sealPrequeue(storage: DurableObjectStorage, windowIndex: number, nowMs: number): SealedPrequeue {
  const sql = storage.sql;
  return storage.transactionSync(() => {
    run(sql, "INSERT OR IGNORE INTO sealed_windows (window_index, at) VALUES (?, ?)", windowIndex, nowMs);
    const size = rows<{ size: number }>(
      sql,
      "SELECT coalesce(sum(n), 0) AS size FROM prequeue_buckets WHERE window_index = ?",
      windowIndex,
    )[0]!.size;
    const joinedByMinute = JSON.parse(
      rows<{ minutes: string }>(
        sql,
        "SELECT json_group_object(minute, n) AS minutes FROM prequeue_minutes WHERE window_index = ?",
        windowIndex,
      )[0]!.minutes,
    ) as Record<number, number>;
    return { size, joinedByMinute };
  });
}

/** A sealed pre-queue's members per bucket for the next `limit` buckets with members after `after`, in bucket order. */
export function bucketCountsPage(sql: SqlStorage, windowIndex: number, after: string, limit: number): CountPage {
  // Read as one JSON row: rows read one by one cost more than the query.
  const page = rows<{ page: string }>(
    sql,
    `SELECT json_group_array(json_array(bucket, n)) AS page FROM
       (SELECT bucket, n FROM prequeue_buckets WHERE window_index = ? AND bucket > ? ORDER BY bucket LIMIT ?)`,
    windowIndex,
    after,
    limit,
  )[0]!.page;
  const pairs = (JSON.parse(page) as Array<[string, number]>).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { buckets: pairs.map((p) => p[0]), members: pairs.map((p) => p[1]) };
}

/** Stores where each of this shard's buckets the next step reaches starts (from the cohort's object); a bucket already begun keeps its place. */
export function beginDraw(sql: SqlStorage, windowIndex: number, offsets: Record<string, number>): void {
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
 * (null: all numbered). Members of a bucket whose start it was not sent yet wait for a later step.
 * Call inside a transaction.
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

/** A page of the identity keys drawn in a window's pre-queue (places given up since included), in key order. */
export function drawnIdentities(sql: SqlStorage, windowIndex: number, after: string, limit: number): string[] {
  return rows<{ identity: string }>(
    sql,
    `SELECT identity FROM entries WHERE window_index = ? AND via_prequeue = 1 AND identity > ?
     UNION SELECT identity FROM earlier_places WHERE window_index = ? AND via_prequeue = 1 AND identity > ?
     ORDER BY identity LIMIT ?`,
    windowIndex,
    after,
    windowIndex,
    after,
    limit,
  ).map((r) => r.identity);
}
