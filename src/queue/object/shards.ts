// What the cohort's object keeps of its intake shards: one row per shard, never one per person.
import { ERROR_TEXT } from "../../copy/errors";
import type { Allocation, ShardReport } from "../shard/types";
import { drawnThrough } from "./draw";
import { refusal } from "./refusals";
import { rows, run } from "./sql";
import { countEvent } from "./stats";

/** The line as the shards last reported it, for the admission tick, the alarm and the progress. */
export interface LineState {
  /** Grants out now (the booking step), counted high while a shard has not yet acknowledged admission. */
  inBookingStep: number;
  /** People back at the front after an unused grant, waiting for their re-entry grant. */
  reentering: number;
  /** When the first grant out expires; null: none out. */
  firstExpiry: number | null;
}

/**
 * Takes a shard's report if it is newer than the last one kept, and counts the grants it gave and
 * the bookings and expiries since (as the growth of its counters). Reports may arrive out of order;
 * an older one changes nothing.
 */
export function applyReport(sql: SqlStorage, shard: number, report: ShardReport, nowMs: number): void {
  const before = rows<{ seq: number; admitted: number; expired: number }>(
    sql,
    "SELECT seq, admitted, expired FROM shard_reports WHERE shard = ?",
    shard,
  )[0];
  if (before && before.seq >= report.seq) return;
  run(
    sql,
    `INSERT INTO shard_reports (shard, seq, admitted, left_step, expired, reentering, first_expiry, acked_through, written_batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (shard) DO UPDATE SET seq = excluded.seq, admitted = excluded.admitted, left_step = excluded.left_step, expired = excluded.expired,
       reentering = excluded.reentering, first_expiry = excluded.first_expiry, acked_through = excluded.acked_through,
       written_batch = excluded.written_batch`,
    shard,
    report.seq,
    report.admitted,
    report.leftStep,
    report.expired,
    report.reentering,
    report.firstExpiry,
    report.ackedThrough,
    report.writtenBatch,
  );
  run(sql, "DELETE FROM unacked_reentries WHERE shard = ? AND tick <= ?", shard, report.tick);
  countEvent(sql, nowMs, "admitted", report.admitted - (before?.admitted ?? 0));
  countEvent(sql, nowMs, "expired", report.expired - (before?.expired ?? 0));
}

/**
 * The line from the shards' reports. A shard that has not acknowledged the latest admission may
 * hold any of the positions since: they all count as in the booking step until it does, as do
 * re-entry grants pushed to it with the answer lost, so the cap holds even while a shard is unreachable.
 */
export function lineState(sql: SqlStorage, shards: number, admittedThrough: number): LineState {
  const reported = rows<{ admitted: number; left_step: number; reentering: number; first_expiry: number | null; acked_through: number }>(
    sql,
    "SELECT admitted, left_step, reentering, first_expiry, acked_through FROM shard_reports WHERE shard < ?",
    shards,
  );
  let inBookingStep = 0;
  let reentering = 0;
  let firstExpiry: number | null = null;
  for (const r of reported) {
    inBookingStep += r.admitted - r.left_step + Math.max(0, admittedThrough - r.acked_through);
    reentering += r.reentering;
    if (r.first_expiry !== null && (firstExpiry === null || r.first_expiry < firstExpiry)) firstExpiry = r.first_expiry;
  }
  // A shard that never reported may hold any admitted position.
  if (reported.length < shards) inBookingStep += (shards - reported.length) * admittedThrough;
  inBookingStep += rows<{ n: number }>(sql, "SELECT coalesce(sum(grants), 0) AS n FROM unacked_reentries WHERE shard < ?", shards)[0]!.n;
  return { inBookingStep, reentering, firstExpiry };
}

/**
 * The last position admission may reach for the shards' sake: just before a range handed to a
 * shard's batch that the shard has not yet reported written (its answer lost or on its way, or the
 * shard restarting before it wrote them): nobody there could get a grant yet. A report counts only
 * for the batches it names as written, so one sent before the range was handed out, arriving after,
 * changes nothing. Null: no such range. Each shard has at most one, its latest: it sends a batch
 * only after the one before is written. A tick asks such shards first (`rangesUnreported`).
 */
export function unwrittenBefore(sql: SqlStorage): number | null {
  const row = rows<{ first: number | null }>(sql, `SELECT min(a.first_position) AS first FROM ${UNWRITTEN_RANGES}`)[0];
  return row?.first == null ? null : row.first - 1;
}

/** The ranges handed to shards' batches that no report has named written yet. */
const UNWRITTEN_RANGES = `allocations AS a LEFT JOIN shard_reports AS r ON r.shard = a.shard
  WHERE a.first_position IS NOT NULL AND (r.written_batch IS NULL OR a.seq > r.written_batch)`;

/**
 * The last position admission may reach: the people drawn so far while a draw is under way, else
 * the back of the line, and never a range a shard has not written (`unwrittenBefore`).
 */
export function admissionLineEnd(sql: SqlStorage, lastPosition: number): number {
  const end = drawnThrough(sql) ?? lastPosition;
  const unwritten = unwrittenBefore(sql);
  return unwritten === null ? end : Math.min(end, unwritten);
}

/** Whether some shard got a range it has not reported written: the tick asks the shards first. */
export function rangesUnreported(sql: SqlStorage): boolean {
  return rows(sql, `SELECT 1 FROM ${UNWRITTEN_RANGES} LIMIT 1`).length > 0;
}

/** The allocation already made for a shard's batch (a retry of the same batch), or null. */
export function allocationFor(sql: SqlStorage, shard: number, batch: number): Allocation | null {
  const row = rows<{ seq: number; first_position: number | null; refusal: string | null }>(
    sql,
    "SELECT seq, first_position, refusal FROM allocations WHERE shard = ?",
    shard,
  )[0];
  if (!row || row.seq < batch) return null;
  // A late copy of a call for a batch before the shard's latest: that batch was answered and written
  // long since, so this copy gets no positions (and the shard has no unpositioned places of it to drop).
  if (row.seq > batch) return refusal("unavailable", ERROR_TEXT.unavailable);
  return row.refusal ? (JSON.parse(row.refusal) as Allocation) : { ok: true, firstPosition: row.first_position! };
}

/** Keeps a shard's latest allocation, so a retry of that batch gets the same answer. Call inside the transaction that gave it. */
export function keepAllocation(sql: SqlStorage, shard: number, batch: number, count: number, allocation: Allocation): void {
  run(
    sql,
    `INSERT INTO allocations (shard, seq, first_position, count, refusal) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (shard) DO UPDATE SET seq = excluded.seq, first_position = excluded.first_position, count = excluded.count,
       refusal = excluded.refusal`,
    shard,
    batch,
    allocation.ok ? allocation.firstPosition : null,
    count,
    allocation.ok ? null : JSON.stringify(allocation),
  );
}

/**
 * Re-entry grants pushed to a shard whose answer was lost: it may have given them, so they count in
 * the booking step until a report of that push or a later one comes back (`applyReport`).
 */
export function keepUnacknowledgedReentries(sql: SqlStorage, shard: number, grants: number, tick: number): void {
  run(
    sql,
    `INSERT INTO unacked_reentries (shard, grants, tick) VALUES (?, ?, ?)
     ON CONFLICT (shard) DO UPDATE SET grants = grants + excluded.grants, tick = excluded.tick`,
    shard,
    grants,
    tick,
  );
}

/** How many of the pending re-entries each shard may grant now, from `quota`, in shard order starting at `start`. */
export function reentryQuotas(sql: SqlStorage, shards: number, quota: number, start: number): number[] {
  const wants = new Array<number>(shards).fill(0);
  for (const r of rows<{ shard: number; reentering: number }>(sql, "SELECT shard, reentering FROM shard_reports WHERE shard < ?", shards)) {
    wants[r.shard] = r.reentering;
  }
  const quotas = new Array<number>(shards).fill(0);
  let left = quota;
  for (let i = 0; i < shards && left > 0; i++) {
    const shard = (start + i) % shards;
    const n = Math.min(left, wants[shard]!);
    quotas[shard] = n;
    left -= n;
  }
  return quotas;
}
