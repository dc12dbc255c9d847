// A shard's share of an admission tick: its people whose position admission has reached get their grants.
import { rows } from "../object/sql";

/** The shard's waiting places in line up to a position: a range of the (state, position) index, never a sort. */
export const NEXT_IN_LINE_SQL = "SELECT identity FROM entries WHERE state = 'waiting' AND front = 0 AND position <= ? ORDER BY position";

/** The shard's people back at the front after an unused grant, first admitted first. */
const REENTERING_SQL = "SELECT identity FROM entries WHERE front = 1 AND state = 'waiting' ORDER BY position LIMIT ?";

const GRANT = `UPDATE entries SET state = 'admitted', admitted_at = coalesce(admitted_at, ?), grant_issued_at = ?,
            grant_expires_at = ?, grant_id = lower(hex(randomblob(16))), front = 0`;

/**
 * Gives grants to everyone of this shard waiting at a position admission has reached (`through`),
 * and to at most `reentries` of those re-entering at the front. Returns how many got one. Call
 * inside a transaction.
 */
export function grantAdmitted(sql: SqlStorage, through: number, reentries: number, nowMs: number, grantExpiresAtMs: number): number {
  let granted = 0;
  if (reentries > 0) {
    granted += rows(sql, `${GRANT} WHERE identity IN (${REENTERING_SQL}) RETURNING 1`, nowMs, nowMs, grantExpiresAtMs, reentries).length;
  }
  granted += rows(sql, `${GRANT} WHERE identity IN (${NEXT_IN_LINE_SQL}) RETURNING 1`, nowMs, nowMs, grantExpiresAtMs, through).length;
  return granted;
}
