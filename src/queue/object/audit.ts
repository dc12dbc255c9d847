// What anyone may check of a cohort's draw and admissions, read from the queue object's storage.
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
 * Identity keys that were in a window's pre-queue (including places given up since by a cancel), a page at a time in key order, and whether the
 * draw has been made (empty before it; fixed for good after it, so a page may be cached long).
 */
export function prequeueIdentities(
  sql: SqlStorage,
  windowIndex: number,
  after: string,
  limit: number,
): { drawn: boolean; identities: string[] } {
  const drawn = rows(sql, "SELECT 1 FROM shuffle_seeds WHERE window_index = ? AND applied_at IS NOT NULL", windowIndex).length > 0;
  if (!drawn) return { drawn, identities: [] };
  const identities = rows<{ identity: string }>(
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
  return { drawn, identities };
}

/**
 * Admissions in position order with their instants, so anyone can check nobody went ahead of their
 * place; places given up by a cancel (`earlier_places`) keep their admission here.
 */
export function admissions(sql: SqlStorage, fromPosition: number, limit: number): Array<{ position: number; admittedAt: number }> {
  return rows<{ position: number; admitted_at: number }>(
    sql,
    `SELECT position, admitted_at FROM entries WHERE admitted_at IS NOT NULL AND position >= ?
     UNION ALL SELECT position, admitted_at FROM earlier_places WHERE admitted_at IS NOT NULL AND position >= ?
     ORDER BY position LIMIT ?`,
    fromPosition,
    fromPosition,
    limit,
  ).map((r) => ({ position: r.position, admittedAt: r.admitted_at }));
}
