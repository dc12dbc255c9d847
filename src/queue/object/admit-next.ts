// One admission tick's writes: the next people in line get their grants, in position order.
import { rows } from "./sql";

/** The next waiting places in line: a range of the (state, position) index, never a sort. */
export const NEXT_IN_LINE_SQL = "SELECT identity FROM entries WHERE state = 'waiting' ORDER BY position LIMIT ?";

/**
 * Turns the next `count` waiting places into grants, in position order, and returns how many were
 * admitted and the highest position among them. One indexed range read of (state, position), so a
 * tick costs the same with ten or a million waiting; `ORDER BY front DESC, position` would sort
 * every waiting row on every tick. Position order already puts re-entries first: a person
 * re-entering was admitted before, so their position is behind `admittedThrough`, ahead of
 * everyone still waiting in line. Call inside the tick's transaction.
 */
export function admitNext(
  sql: SqlStorage,
  count: number,
  nowMs: number,
  grantExpiresAtMs: number,
): { admitted: number; highestPosition: number } {
  if (count <= 0) return { admitted: 0, highestPosition: 0 };
  const admitted = rows<{ position: number }>(
    sql,
    `UPDATE entries SET state = 'admitted', admitted_at = coalesce(admitted_at, ?), grant_issued_at = ?,
            grant_expires_at = ?, grant_id = lower(hex(randomblob(16))), front = 0
     WHERE identity IN (${NEXT_IN_LINE_SQL})
     RETURNING position`,
    nowMs,
    nowMs,
    grantExpiresAtMs,
    count,
  );
  // A loop, not Math.max(...spread): a tick may admit tens of thousands at a high rate.
  let highestPosition = 0;
  for (const { position } of admitted) if (position > highestPosition) highestPosition = position;
  return { admitted: admitted.length, highestPosition };
}
