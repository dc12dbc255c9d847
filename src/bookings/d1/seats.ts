import { and, eq, gt, isNotNull, sql } from "drizzle-orm";
import { wallClockInZone } from "../../domain/dates";
import { type DoseSchedule, dose2Date, rankDose2Candidates } from "../../domain/doses";
import { type SlotChoice, workableAlternatives } from "./availability";
import type { BookingDb } from "./db";
import { clinics, slots, vaccines } from "./schema";

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
export async function bookableSlot(
  db: BookingDb,
  slotId: string,
  nowIso: string,
  scope: readonly string[] | undefined,
): Promise<BookableSlot | null> {
  const row = await db
    .select({
      id: slots.id,
      clinicId: slots.clinicId,
      vaccineId: vaccines.id,
      date: slots.date,
      startsAt: slots.startsAt,
      timeZone: clinics.timeZone,
      doses: vaccines.doses,
      dose2IntervalDays: vaccines.dose2IntervalDays,
    })
    .from(slots)
    .innerJoin(vaccines, eq(vaccines.id, slots.vaccineId))
    .innerJoin(clinics, eq(clinics.id, slots.clinicId))
    .where(and(eq(slots.id, slotId), gt(slots.startsAt, nowIso), isNotNull(slots.date)))
    .get();
  if (!row || (scope !== undefined && !scope.includes(row.vaccineId))) return null;
  return { ...row, date: row.date! };
}

/**
 * Chooses the seats for a booking. For a two-dose vaccine, dose 2 goes at the same clinic on the
 * day the interval gives: the slot the person picked, or else the free blocks of that day ranked
 * by closeness to dose 1's time of day (with `keep`, a slot the booking already holds, first).
 * When that day has no room, the answer carries the nearest workable slots instead.
 */
export async function chooseSeats(
  db: BookingDb,
  request: {
    slotId: string;
    dose2SlotId?: string | undefined;
    vaccines?: readonly string[] | undefined;
    nowIso: string;
    keep?: string | null;
  },
): Promise<SeatChoice> {
  const dose1 = await bookableSlot(db, request.slotId, request.nowIso, request.vaccines);
  if (!dose1) return { kind: "slot_not_found" };
  const day = dose2Date(dose1, dose1.date);
  if (day === null) {
    if (request.dose2SlotId) return { kind: "dose2_invalid", detail: "dose2SlotId: this vaccine is given in one dose" };
    return { kind: "ok", dose1, dose2Options: null };
  }
  // The builder has no arithmetic, so `capacity - held` is `sql`.
  const sameDay = await db
    .select({ id: slots.id, startsAt: slots.startsAt, free: sql<number>`${slots.capacity} - ${slots.held}` })
    .from(slots)
    .where(
      and(
        eq(slots.clinicId, dose1.clinicId),
        eq(slots.vaccineId, dose1.vaccineId),
        eq(slots.date, day),
        gt(slots.startsAt, request.nowIso),
      ),
    );
  if (request.dose2SlotId) {
    const chosen = sameDay.find((s) => s.id === request.dose2SlotId);
    if (!chosen) return { kind: "dose2_invalid", detail: `dose2SlotId: dose 2 must be at clinic ${dose1.clinicId} on ${day}` };
    if (chosen.free > 0 || chosen.id === request.keep) return { kind: "ok", dose1, dose2Options: [chosen.id] };
    return { kind: "dose2_unavailable", dose2Date: day, alternatives: await workableAlternatives(db, dose1, request.nowIso) };
  }
  const open = sameDay
    .filter((s) => s.free > 0 || s.id === request.keep)
    .map((s) => ({ id: s.id, localStart: wallClockInZone(Date.parse(s.startsAt), dose1.timeZone) }));
  const ranked = rankDose2Candidates(wallClockInZone(Date.parse(dose1.startsAt), dose1.timeZone), open).map((s) => s.id);
  const kept = ranked.filter((id) => id === request.keep);
  const options = [...kept, ...ranked.filter((id) => id !== request.keep)].slice(0, DOSE2_TRIES);
  if (options.length === 0)
    return { kind: "dose2_unavailable", dose2Date: day, alternatives: await workableAlternatives(db, dose1, request.nowIso) };
  return { kind: "ok", dose1, dose2Options: options };
}
