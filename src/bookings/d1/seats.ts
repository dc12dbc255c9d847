import { sql } from "drizzle-orm";
import { wallClockInZone } from "../../domain/dates";
import { dose2Date, rankDose2Candidates, type DoseSchedule } from "../../domain/doses";
import { workableAlternatives, type SlotChoice } from "./availability";
import type { BookingDb } from "./db";

/** A future slot a person may book, with its vaccine's dose schedule. */
export interface BookableSlot extends DoseSchedule {
  id: string;
  clinicId: string;
  vaccineId: string;
  date: string;
  startsAt: string;
  timeZone: string;
}

/** The seats a booking asks for: dose 1 and, for two doses, the dose-2 slots to try in order. */
export type SeatChoice =
  | { kind: "ok"; dose1: BookableSlot; dose2Options: string[] | null }
  | { kind: "slot_not_found" }
  | { kind: "dose2_invalid"; detail: string }
  | { kind: "dose2_unavailable"; dose2Date: string; alternatives: SlotChoice[] };

/** How many dose-2 blocks one booking tries when others fill them at the same moment. */
const DOSE2_TRIES = 3;

/** A future slot of a vaccine the caller may book, or null. Rows from before vaccines existed are never bookable. */
export async function bookableSlot(db: BookingDb, slotId: string, nowIso: string, vaccines: readonly string[] | undefined): Promise<BookableSlot | null> {
  const row = (
    await db.all<{ id: string; clinic_id: string; vaccine_id: string; date: string; starts_at: string; time_zone: string; doses: number; dose2_interval_days: number | null }>(sql`
      SELECT s.id, s.clinic_id, s.vaccine_id, s.date, s.starts_at, c.time_zone, v.doses, v.dose2_interval_days
      FROM slots s JOIN vaccines v ON v.id = s.vaccine_id JOIN clinics c ON c.id = s.clinic_id
      WHERE s.id = ${slotId} AND s.starts_at > ${nowIso} AND s.date IS NOT NULL`)
  )[0];
  if (!row || (vaccines !== undefined && !vaccines.includes(row.vaccine_id))) return null;
  return {
    id: row.id,
    clinicId: row.clinic_id,
    vaccineId: row.vaccine_id,
    date: row.date,
    startsAt: row.starts_at,
    timeZone: row.time_zone,
    doses: row.doses,
    dose2IntervalDays: row.dose2_interval_days,
  };
}

/**
 * Chooses the seats for a booking. For a two-dose vaccine, dose 2 goes at the same clinic on the
 * day the interval gives: the slot the person picked, or else the free blocks of that day ranked
 * by closeness to dose 1's time of day (with `keep`, a slot the booking already holds, first).
 * When that day has no room, the answer carries the nearest workable slots instead.
 */
export async function chooseSeats(
  db: BookingDb,
  request: { slotId: string; dose2SlotId?: string | undefined; vaccines?: readonly string[] | undefined; nowIso: string; keep?: string | null },
): Promise<SeatChoice> {
  const dose1 = await bookableSlot(db, request.slotId, request.nowIso, request.vaccines);
  if (!dose1) return { kind: "slot_not_found" };
  const day = dose2Date(dose1, dose1.date);
  if (day === null) {
    if (request.dose2SlotId) return { kind: "dose2_invalid", detail: "dose2SlotId: this vaccine is given in one dose" };
    return { kind: "ok", dose1, dose2Options: null };
  }
  const sameDay = await db.all<{ id: string; starts_at: string; free: number }>(sql`
    SELECT id, starts_at, capacity - held AS free FROM slots
    WHERE clinic_id = ${dose1.clinicId} AND vaccine_id = ${dose1.vaccineId} AND date = ${day} AND starts_at > ${request.nowIso}`);
  if (request.dose2SlotId) {
    const chosen = sameDay.find((s) => s.id === request.dose2SlotId);
    if (!chosen) return { kind: "dose2_invalid", detail: `dose2SlotId: dose 2 must be at clinic ${dose1.clinicId} on ${day}` };
    if (chosen.free > 0 || chosen.id === request.keep) return { kind: "ok", dose1, dose2Options: [chosen.id] };
    return { kind: "dose2_unavailable", dose2Date: day, alternatives: await workableAlternatives(db, dose1, request.nowIso) };
  }
  const open = sameDay
    .filter((s) => s.free > 0 || s.id === request.keep)
    .map((s) => ({ id: s.id, localStart: wallClockInZone(Date.parse(s.starts_at), dose1.timeZone) }));
  const ranked = rankDose2Candidates(wallClockInZone(Date.parse(dose1.startsAt), dose1.timeZone), open).map((s) => s.id);
  const kept = ranked.filter((id) => id === request.keep);
  const options = [...kept, ...ranked.filter((id) => id !== request.keep)].slice(0, DOSE2_TRIES);
  if (options.length === 0) return { kind: "dose2_unavailable", dose2Date: day, alternatives: await workableAlternatives(db, dose1, request.nowIso) };
  return { kind: "ok", dose1, dose2Options: options };
}
