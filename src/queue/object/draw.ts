// The pre-queue draw at an opening, done in short chunks so no call holds the object for long.
import { rows, run } from "./sql";

/** Places positioned per step of a draw: a bounded piece of work (about 0.1-0.2 s on the bench machine). */
export const DRAW_CHUNK = 1000;

/**
 * Draws a window's pre-queue into positions, a chunk at a time. At the opening the seed is
 * revealed and the whole pre-queue's positions are reserved at once (so everyone who joins after
 * the opening is behind it); then each call positions the next `DRAW_CHUNK` people in shuffle-key
 * order, from an index, until all are drawn. One statement for a million people would hold the
 * object for many seconds at the very moment the crowd arrives (about 30 s on the bench machine);
 * chunks keep every call short, and the calls of the opening itself finish the draw within seconds.
 * Returns the counter of positions given, moved on when the draw starts. Call inside a transaction.
 */
export function drawStep(sql: SqlStorage, windowIndex: number, lastPosition: number, nowMs: number): number {
  const seed = rows<{ applied_at: number | null; first_position: number | null; size: number | null; drawn: number }>(
    sql,
    "SELECT applied_at, first_position, size, drawn FROM shuffle_seeds WHERE window_index = ?",
    windowIndex,
  )[0];
  if (!seed) return lastPosition;
  let { first_position: first, size, drawn } = seed;
  if (seed.applied_at === null) {
    size = rows<{ n: number }>(sql, "SELECT count(*) AS n FROM entries WHERE window_index = ? AND state = 'prequeue'", windowIndex)[0]!.n;
    first = lastPosition + 1;
    drawn = 0;
    lastPosition += size;
    run(
      sql,
      "UPDATE shuffle_seeds SET applied_at = ?, first_position = ?, size = ?, drawn = 0 WHERE window_index = ?",
      nowMs,
      first,
      size,
      windowIndex,
    );
  }
  if (first === null || size === null || drawn >= size) return lastPosition;
  const placed = rows(
    sql,
    `UPDATE entries SET position = ? + ranked.rank, state = 'waiting'
     FROM (SELECT identity, row_number() OVER (ORDER BY sort_key, identity) AS rank
           FROM (SELECT identity, sort_key FROM entries WHERE window_index = ? AND state = 'prequeue'
                 ORDER BY sort_key, identity LIMIT ?)) AS ranked
     WHERE entries.identity = ranked.identity
     RETURNING 1 AS one`,
    first - 1 + drawn,
    windowIndex,
    DRAW_CHUNK,
  ).length;
  run(sql, "UPDATE shuffle_seeds SET drawn = ? WHERE window_index = ?", Math.min(size, drawn + placed), windowIndex);
  return lastPosition;
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
