// What anyone may check of a cohort's draw and admissions, read from the queue object's storage.
import type { ShardCalls } from "./shard-calls";
import { rows } from "./sql";

/** The public record of one window's pre-queue draw. */
export interface WindowAudit {
  windowIndex: number;
  /** SHA-256 of the seed, published from the moment the window is configured. */
  commitment: string;
  /** Revealed once the draw has been made at the opening; null before. */
  seed: string | null;
  drawnAt: number | null;
  firstPosition: number | null;
  prequeueSize: number | null;
  /** How many of the pre-queue have their position so far (the draw goes a chunk at a time). */
  drawnSoFar: number;
}

/** Every window's commitment, and its seed once drawn. */
export function windowAudits(sql: SqlStorage): WindowAudit[] {
  return rows<{
    window_index: number;
    seed: string;
    commitment: string;
    applied_at: number | null;
    first_position: number | null;
    size: number | null;
    drawn: number;
  }>(sql, "SELECT * FROM shuffle_seeds ORDER BY window_index").map((r) => ({
    windowIndex: r.window_index,
    commitment: r.commitment,
    seed: r.applied_at === null ? null : r.seed,
    drawnAt: r.applied_at,
    firstPosition: r.first_position,
    prequeueSize: r.size,
    drawnSoFar: r.drawn,
  }));
}

/**
 * Admissions in position order with their instants, so anyone can check nobody went ahead of their
 * place: admission reaches positions in order, so each tick's range (`admission_ranges`: the
 * position it reached and when) gives every position's first admission, places given up since
 * included. A page costs a bounded range read, never a row per person.
 */
export function admissions(sql: SqlStorage, fromPosition: number, limit: number): Array<{ position: number; admittedAt: number }> {
  const from = Math.max(1, fromPosition);
  const ranges = rows<{ through: number; at: number }>(
    sql,
    "SELECT through, at FROM admission_ranges WHERE through >= ? ORDER BY through LIMIT ?",
    from,
    limit,
  );
  const page: Array<{ position: number; admittedAt: number }> = [];
  let position = from;
  for (const range of ranges) {
    for (; position <= range.through && page.length < limit; position++) page.push({ position, admittedAt: range.at });
    if (page.length >= limit) break;
  }
  return page;
}

/** A page of the identity keys drawn in a window's pre-queue, and whether the draw is made. */
export interface PrequeuePage {
  drawn: boolean;
  identities: string[];
}

/**
 * A page of the identity keys drawn in a window's pre-queue, from every shard, merged in key order.
 * Null while a shard does not answer: a page without its keys would make a recomputation of the draw
 * from the seed look wrong. `shards`: null when the cohort was never configured.
 */
export async function prequeuePage(
  sql: SqlStorage,
  shards: ShardCalls | null,
  page: { windowIndex: number; after: string; limit: number },
): Promise<PrequeuePage | null> {
  const drawn = rows(sql, "SELECT 1 FROM shuffle_seeds WHERE window_index = ? AND applied_at IS NOT NULL", page.windowIndex).length > 0;
  if (!drawn || !shards) return { drawn, identities: [] };
  const pages = await shards.eachSettled((shard) => shard.prequeueIdentities(page.windowIndex, page.after, page.limit));
  const answered = pages.filter((p) => p !== null);
  if (answered.length < pages.length) return null;
  return { drawn, identities: answered.flat().sort().slice(0, page.limit) };
}
