// Reads of the `entries` table (one row per person in line) that several modules share, each written once.

import { rows } from "../object/sql";
import type { EntryState, EntryView } from "../object/types";

/** One row of the `entries` table. */
export interface EntryRow {
  identity: string;
  window_index: number;
  position: number | null;
  state: EntryState;
  admitted_at: number | null;
  grant_id: string | null;
  grant_issued_at: number | null;
  grant_expires_at: number | null;
  front: number;
  reentries: number;
  /** The batch of joins waiting for positions from the cohort's object; null once positioned. */
  batch: number | null;
  [key: string]: SqlStorageValue;
}

/** A person's row, or null. */
export function entryRow(sql: SqlStorage, identity: string): EntryRow | null {
  return rows<EntryRow>(sql, "SELECT * FROM entries WHERE identity = ?", identity)[0] ?? null;
}

/** Until when an unused grant's holder may re-enter at the front; null once used up or not applicable. */
export function reentryUntil(row: EntryRow, reentryWindowSeconds: number): number | null {
  if (row.reentries > 0 || row.grant_expires_at === null || reentryWindowSeconds === 0) return null;
  if (row.state !== "admitted" && row.state !== "expired") return null;
  return row.grant_expires_at + reentryWindowSeconds * 1000;
}

/** What a person is told about their row. */
export function entryView(row: EntryRow, reentryWindowSeconds: number): EntryView {
  const grant =
    row.state === "admitted" && row.grant_id && row.grant_issued_at !== null && row.grant_expires_at !== null
      ? { id: row.grant_id, issuedAtMs: row.grant_issued_at, expiresAtMs: row.grant_expires_at }
      : null;
  return { state: row.state, position: row.position, grant, reentryUntilMs: reentryUntil(row, reentryWindowSeconds) };
}

/** A person whose place was given up by a cancel and who has not joined again: what their old ticket is told. */
export function releasedView(sql: SqlStorage, identity: string): EntryView | null {
  const released = rows(sql, "SELECT 1 FROM earlier_places WHERE identity = ? LIMIT 1", identity).length > 0;
  return released ? { state: "cancelled", position: null, grant: null, reentryUntilMs: null } : null;
}

/**
 * Gives up a person's place: the row moves to `earlier_places` (the audit keeps it) and the
 * identity may join again, at the back. Only a place in `state` is given up (`booked` after a
 * cancel, `expired` once its one re-entry is used or its window has passed); anything else is left
 * as it is. True when a place was given up.
 */
export function releasePlace(storage: DurableObjectStorage, identity: string, state: "booked" | "expired", nowMs: number): boolean {
  const sql = storage.sql;
  return storage.transactionSync(() => {
    const moved = rows(
      sql,
      `INSERT INTO earlier_places (identity, window_index, position, via_prequeue, admitted_at, released_at)
       SELECT identity, window_index, position, via_prequeue, admitted_at, ? FROM entries WHERE identity = ? AND state = ?
       RETURNING 1`,
      nowMs,
      identity,
      state,
    );
    if (moved.length > 0) rows(sql, "DELETE FROM entries WHERE identity = ?", identity);
    return moved.length > 0;
  });
}

/** Whether anyone waits in line (positioned, not yet admitted). */
export function anyoneWaiting(sql: SqlStorage): boolean {
  return rows(sql, "SELECT 1 FROM entries WHERE state = 'waiting' LIMIT 1").length > 0;
}

/** How many hold a live grant: the booking step. A bounded range of the (state, position) index. */
export function countInBookingStep(sql: SqlStorage): number {
  return rows<{ n: number }>(sql, "SELECT count(*) AS n FROM entries WHERE state = 'admitted'")[0]!.n;
}

/** When the first pass out now expires; null when nobody holds one. */
export function firstPassExpiry(sql: SqlStorage): number | null {
  return rows<{ at: number | null }>(sql, "SELECT min(grant_expires_at) AS at FROM entries WHERE state = 'admitted'")[0]?.at ?? null;
}

/** How many whose grant expired unused are back in line at the front. */
export function countReentering(sql: SqlStorage): number {
  return rows<{ n: number }>(sql, "SELECT count(*) AS n FROM entries WHERE front = 1 AND state = 'waiting'")[0]!.n;
}
