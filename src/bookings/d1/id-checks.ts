// The rows behind the national ID throttle of a booking's web self-service (`id_checks`), through
// drizzle's builder: begin a check, settle it, and the figures operators watch.
import { and, count, eq, gt, lt, sql } from "drizzle-orm";
import { ID_CHECK_LOOKBACK_MS, ID_CHECK_TIERS, isLockedByCounts } from "../../domain/id-check-lock";
import type { BookingDb } from "./db";
import { idChecks } from "./schema";

/** A check under way: its row, and the instants of the checks written before it that still count. */
export interface StartedIdCheck {
  seq: number;
  earlierMs: number[];
}

/**
 * Writes a pending check for a booking and reads the ones before it, in one batch. Checks running
 * at the same moment each count the others (a pending one counts as wrong), so a burst of guesses
 * cannot all slip in before the first of them is recorded.
 */
export async function beginIdCheck(db: BookingDb, check: { bookingId: string; cohortId: string; nowMs: number }): Promise<StartedIdCheck> {
  const since = new Date(check.nowMs - ID_CHECK_LOOKBACK_MS).toISOString();
  const [inserted, rows] = await db.batch([
    db
      .insert(idChecks)
      .values({ bookingId: check.bookingId, cohortId: check.cohortId, at: new Date(check.nowMs).toISOString(), outcome: "pending" })
      .returning({ seq: idChecks.seq }),
    db
      .select({ seq: idChecks.seq, at: idChecks.at })
      .from(idChecks)
      .where(and(eq(idChecks.bookingId, check.bookingId), gt(idChecks.at, since))),
  ]);
  const seq = inserted[0]!.seq;
  return { seq, earlierMs: rows.filter((row) => row.seq < seq).map((row) => Date.parse(row.at)) };
}

/**
 * Settles a check: a wrong number stays counted (and the booking's rows too old to count are
 * dropped); a right number, or a check refused while locked, leaves no row.
 */
export async function settleIdCheck(
  db: BookingDb,
  check: { seq: number; bookingId: string; nowMs: number },
  outcome: "wrong" | "right" | "refused",
): Promise<void> {
  if (outcome !== "wrong") {
    await db.delete(idChecks).where(eq(idChecks.seq, check.seq));
    return;
  }
  const since = new Date(check.nowMs - ID_CHECK_LOOKBACK_MS).toISOString();
  await db.batch([
    db.update(idChecks).set({ outcome: "wrong" }).where(eq(idChecks.seq, check.seq)),
    db.delete(idChecks).where(and(eq(idChecks.bookingId, check.bookingId), lt(idChecks.at, since))),
  ]);
}

/**
 * Deletes the checks too old to count for any lock or figure (older than the longest tier, and the
 * hour operators see), of every booking: a booking guessed at once and never again would otherwise
 * keep its rows, as would a check whose Worker stopped before settling it. Returns how many went.
 */
export async function pruneIdChecks(db: BookingDb, nowMs: number): Promise<number> {
  const before = new Date(nowMs - Math.max(ID_CHECK_LOOKBACK_MS, 3600_000)).toISOString();
  const deleted = await db.delete(idChecks).where(lt(idChecks.at, before)).returning({ seq: idChecks.seq });
  return deleted.length;
}

/** What operators see of a cohort's ID checks: wrong numbers in the last hour, and bookings locked now. */
export interface IdCheckStats {
  wrongLastHour: number;
  lockedBookings: number;
}

/** A cohort's ID-check figures: a count, and one row per booking with checks in the lookback (few, as each is capped). */
export async function idCheckStats(db: BookingDb, cohortId: string, nowMs: number): Promise<IdCheckStats> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const lastHour = await db
    .select({ n: count() })
    .from(idChecks)
    .where(and(eq(idChecks.cohortId, cohortId), eq(idChecks.outcome, "wrong"), gt(idChecks.at, iso(nowMs - 3600_000))))
    .get();
  const perTier = Object.fromEntries(
    ID_CHECK_TIERS.map((tier, i) => [`t${i}`, sql<number>`sum(${idChecks.at} > ${iso(nowMs - tier.withinMs)})`.mapWith(Number)]),
  );
  const perBooking = await db
    .select(perTier)
    .from(idChecks)
    .where(and(eq(idChecks.cohortId, cohortId), gt(idChecks.at, iso(nowMs - ID_CHECK_LOOKBACK_MS))))
    .groupBy(idChecks.bookingId);
  const locked = perBooking.filter((row) => isLockedByCounts(ID_CHECK_TIERS.map((_, i) => Number(row[`t${i}`] ?? 0))));
  return { wrongLastHour: lastHour?.n ?? 0, lockedBookings: locked.length };
}
