// The pre-queue draw at an opening, across the intake shards, in short calls so no object is held for long.
import { type CountPage, mergeCountPages, stepOffsets } from "../../domain/draw-steps";
import { drawnThroughBuckets } from "../../domain/intake";
import type { SealedPrequeue } from "../shard/types";
import { eachRow, rows, run } from "./sql";
import { countEvent } from "./stats";

/** Buckets asked of each shard at a time for their counts: about 23 steps' worth at 200,000 over 16 shards. */
export const COUNT_PAGE = 256;

/** How the draw reaches the shards. */
export interface DrawCalls {
  /** Each shard's share of a step. */
  limit: number;
  /** Every shard's counts of its next `limit` buckets with members after `after`, by shard. */
  countPages(windowIndex: number, after: string, limit: number): Promise<CountPage[]>;
  /** One shard numbers its share of a step, from where the buckets it may reach start; its first bucket left comes back. */
  drawChunk(windowIndex: number, shard: number, offsets: Record<string, number>): Promise<string | null>;
}

/**
 * Starts a window's draw at its opening, once every shard has sealed its pre-queue and reported its
 * size (`sealed`, in shard order): the whole pre-queue's positions are reserved at once (so
 * everyone who joins after the opening is behind it). Where each shard's members of each bucket
 * start is worked out later, a page of buckets at a time, as the steps reach them (`drawSteps`).
 * Moves `counters.lastPosition` on and saves it in the same transaction. Once made, repeating it changes nothing.
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
    const size = sealed.reduce((sum, s) => sum + s.size, 0);
    const first = counters.lastPosition + 1;
    // '' comes before every bucket: the shard has not started. A shard with nobody has nothing to do.
    for (const [shard, s] of sealed.entries()) {
      const next = s.size > 0 ? "" : null;
      run(sql, "INSERT INTO draw_shards (window_index, shard, next_bucket, offsets) VALUES (?, ?, ?, '')", windowIndex, shard, next);
    }
    run(
      sql,
      "UPDATE shuffle_seeds SET applied_at = ?, first_position = ?, size = ?, drawn = 0, counts_complete = 0 WHERE window_index = ?",
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

interface PendingShard {
  window_index: number;
  shard: number;
  next_bucket: string;
  /** Where all its buckets start, for a draw begun before the counts came a page at a time and not yet sent. */
  offsets: string | null;
}

/**
 * One step of every unfinished draw: each shard with members left numbers its next chunk, in
 * parallel, sent where the buckets that chunk may reach start; or, when the buckets counted so far
 * fall short of some shard's chunk, the next page of counts is read from the shards instead.
 * Afterwards the draw's `drawn` counts every position all shards have numbered. True while some
 * draw is unfinished.
 */
export async function drawSteps(storage: DurableObjectStorage, calls: DrawCalls): Promise<boolean> {
  const sql = storage.sql;
  const pending = rows<PendingShard & Record<string, SqlStorageValue>>(
    sql,
    `SELECT s.window_index, s.shard, s.next_bucket, o.offsets FROM draw_shards AS s
     LEFT JOIN draw_shard_offsets AS o ON o.window_index = s.window_index AND o.shard = s.shard
     WHERE s.next_bucket IS NOT NULL ORDER BY s.window_index, s.shard`,
  );
  if (pending.length === 0) return false;
  const sends = pending.map((p) => offsetsFor(sql, p, calls.limit));
  const short = new Set(pending.filter((_, i) => sends[i]!.short).map((p) => p.window_index));
  if (short.size > 0) {
    // A step of its own: counting and numbering in one step held the object half as long again.
    for (const windowIndex of short) await countMore(storage, windowIndex, calls);
    return true;
  }
  const results = await Promise.allSettled(pending.map((p, i) => calls.drawChunk(p.window_index, p.shard, sends[i]!.offsets)));
  storage.transactionSync(() => {
    results.forEach((result, i) => {
      if (result.status !== "fulfilled") return; // that shard tries again at the next step
      const { window_index: windowIndex, shard, offsets } = pending[i]!;
      run(sql, "UPDATE draw_shards SET next_bucket = ? WHERE window_index = ? AND shard = ?", result.value, windowIndex, shard);
      if (offsets !== null) run(sql, "DELETE FROM draw_shard_offsets WHERE window_index = ? AND shard = ?", windowIndex, shard);
    });
    for (const windowIndex of new Set(pending.map((p) => p.window_index))) updateDrawn(sql, windowIndex);
  });
  return rows(sql, "SELECT 1 FROM draw_shards WHERE next_bucket IS NOT NULL LIMIT 1").length > 0;
}

/** What a shard is sent for its next step; `short` when the buckets counted so far may not cover it and more are left to count. */
function offsetsFor(sql: SqlStorage, p: PendingShard, limit: number): { offsets: Record<string, number>; short: boolean } {
  if (p.offsets !== null) return { offsets: JSON.parse(p.offsets) as Record<string, number>, short: false };
  const complete =
    rows<{ complete: number }>(sql, "SELECT counts_complete AS complete FROM shuffle_seeds WHERE window_index = ?", p.window_index)[0]
      ?.complete === 1;
  // Rows without counts are a draw's begun before the counts came a page at a time: its shards have all their offsets.
  const buckets = eachRow<{ bucket: string; end_position: number; counts: string }>(
    sql,
    "SELECT bucket, end_position, counts FROM draw_buckets WHERE window_index = ? AND bucket >= ? AND counts IS NOT NULL ORDER BY bucket",
    p.window_index,
    p.next_bucket,
  );
  const { offsets, short } = stepOffsets(
    (function* () {
      for (const b of buckets) yield { bucket: b.bucket, endPosition: b.end_position, counts: JSON.parse(b.counts) as number[] };
    })(),
    p.shard,
    p.next_bucket,
    limit,
  );
  return { offsets, short: short && !complete };
}

/**
 * Reads the next page of counts from every shard and keeps the buckets every shard has told, with
 * where each ends. A shard that does not answer leaves the counts as they were, for the next step.
 */
async function countMore(storage: DurableObjectStorage, windowIndex: number, calls: DrawCalls): Promise<void> {
  const sql = storage.sql;
  const last = rows<{ bucket: string | null; end_position: number | null; first_position: number }>(
    sql,
    `SELECT b.bucket, b.end_position, s.first_position FROM shuffle_seeds AS s
     LEFT JOIN draw_buckets AS b ON b.window_index = s.window_index
     WHERE s.window_index = ? ORDER BY b.bucket DESC LIMIT 1`,
    windowIndex,
  )[0];
  if (!last) return;
  let pages: CountPage[];
  try {
    pages = await calls.countPages(windowIndex, last.bucket ?? "", COUNT_PAGE);
  } catch {
    return;
  }
  const { buckets, complete } = mergeCountPages(pages, COUNT_PAGE, (last.end_position ?? last.first_position - 1) + 1);
  storage.transactionSync(() => {
    // One statement for the page's rows (a statement each was most of the opening's hold once).
    run(
      sql,
      `INSERT OR IGNORE INTO draw_buckets (window_index, bucket, end_position, counts)
       SELECT ?, value ->> 0, value ->> 1, value -> 2 FROM json_each(?)`,
      windowIndex,
      JSON.stringify(buckets.map((b) => [b.bucket, b.endPosition, b.counts])),
    );
    if (complete) run(sql, "UPDATE shuffle_seeds SET counts_complete = 1 WHERE window_index = ?", windowIndex);
  });
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
