// A shard's share of an admission tick: its people whose position admission has reached get their grants.
import { rows } from "../object/sql";

/** The shard's waiting places in line up to a position: a range of the (state, position) index, never a sort. */
export const NEXT_IN_LINE_SQL = "SELECT identity FROM entries WHERE state = 'waiting' AND front = 0 AND position <= ? ORDER BY position";

/** The shard's people back at the front after an unused grant, first admitted first. */
const REENTERING_SQL = "SELECT identity FROM entries WHERE front = 1 AND state = 'waiting' ORDER BY position LIMIT ?";

// A place whose holder left a number gets the longer grant: long enough for the text to reach them.
const GRANT = `UPDATE entries SET state = 'admitted', admitted_at = coalesce(admitted_at, ?), grant_issued_at = ?,
            grant_expires_at = CASE WHEN notified = 1 THEN ? ELSE ? END, grant_id = lower(hex(randomblob(16))), front = 0`;

/** When the grants given now expire: a plain place's, and a place's flagged `notified`. */
export interface GrantExpiries {
  grantExpiresAtMs: number;
  notifiedGrantExpiresAtMs: number;
}

/**
 * Gives grants to everyone of this shard waiting at a position admission has reached (`through`),
 * and to at most `reentries` of those re-entering at the front. Returns how many got one. Call
 * inside a transaction.
 */
export function grantAdmitted(sql: SqlStorage, through: number, reentries: number, nowMs: number, expiries: GrantExpiries): number {
  const { grantExpiresAtMs: plain, notifiedGrantExpiresAtMs: notified } = expiries;
  let granted = 0;
  if (reentries > 0) {
    granted += rows(sql, `${GRANT} WHERE identity IN (${REENTERING_SQL}) RETURNING 1`, nowMs, nowMs, notified, plain, reentries).length;
  }
  granted += rows(sql, `${GRANT} WHERE identity IN (${NEXT_IN_LINE_SQL}) RETURNING 1`, nowMs, nowMs, notified, plain, through).length;
  return granted;
}

/**
 * Flags a place whose holder left a number for text messages (only while it waits with a position),
 * or clears the flag (in any state). True when the place was flagged or cleared.
 */
export function flagNotified(sql: SqlStorage, identity: string, on: boolean): boolean {
  const changed = on
    ? rows(sql, "UPDATE entries SET notified = 1 WHERE identity = ? AND state = 'waiting' AND position IS NOT NULL RETURNING 1", identity)
    : rows(sql, "UPDATE entries SET notified = 0 WHERE identity = ? RETURNING 1", identity);
  return changed.length > 0;
}
