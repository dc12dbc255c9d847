import { and, desc, eq, gt, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { DoseSchedule } from "../../domain/doses";
import type { DayFree } from "../../domain/inventory";
import type { SlotRow } from "../../domain/supply-load";
import { type BookingDb, inJson } from "./db";
import { clinics, clinicVaccines, slots, vaccines } from "./schema";

/** A slot with the seats still free, and whether its dose-2 day has room. */
export interface SlotAvailability extends SlotRow {
  capacity: number;
  remaining: number;
  /** The local day dose 2 falls on; null for a single-dose vaccine. */
  dose2Date: string | null;
  /** For a two-dose vaccine: seats free on the dose-2 day at this clinic. A slot without is not bookable. */
  dose2Available: boolean | null;
}

/** A clinic with the vaccines it gives and its future slots. */
export interface ClinicAvailability {
  id: string;
  nameKo: string;
  nameEn: string;
  regionKo: string;
  regionEn: string;
  addressKo: string;
  addressEn: string;
  timeZone: string;
  vaccines: string[];
  slots: SlotAvailability[];
}

/** Which slots a caller may see or book: a cohort's vaccines (every vaccine when absent). */
export interface SlotScope {
  vaccines?: readonly string[] | undefined;
  clinicId?: string | undefined;
  date?: string | undefined;
}

/** True when a slot's vaccine is within the scope. */
function inScope(column: typeof slots.vaccineId, vaccines: readonly string[] | undefined) {
  return vaccines === undefined ? undefined : inJson(column, JSON.stringify(vaccines));
}

/** Free seats per clinic, vaccine and local day, over future slots only. (The builder has no arithmetic, so `capacity - held` is `sql`.) */
function daysFree(db: BookingDb, nowIso: string, scope?: readonly string[]) {
  return db
    .select({
      clinicId: slots.clinicId,
      vaccineId: slots.vaccineId,
      date: slots.date,
      free: sql<number>`sum(${slots.capacity} - ${slots.held})`.as("free"),
    })
    .from(slots)
    .where(and(gt(slots.startsAt, nowIso), isNotNull(slots.vaccineId), inScope(slots.vaccineId, scope)))
    .groupBy(slots.clinicId, slots.vaccineId, slots.date);
}

/** The local day dose 2 falls on for a slot; null for a single-dose vaccine. SQLite's `date()`, which the builder has no name for. */
const dose2Day = sql<string | null>`date(${slots.date}, '+' || ${vaccines.dose2IntervalDays} || ' days')`;

/** Free seats on each slot's dose-2 day at its clinic, to join on: `dose2Free(db, nowIso)`, then `.leftJoin(d2, onDose2Day(d2))`. */
function dose2Free(db: BookingDb, nowIso: string) {
  return db.$with("day_free").as(daysFree(db, nowIso));
}

function onDose2Day(d2: ReturnType<typeof dose2Free>) {
  return and(eq(d2.clinicId, slots.clinicId), eq(d2.vaccineId, slots.vaccineId), eq(d2.date, dose2Day));
}

/** Future slots with their remaining seats, grouped under their clinics. May lag a booking by a moment; booking itself never does. */
export async function listAvailability(db: BookingDb, nowIso: string, scope: SlotScope = {}): Promise<ClinicAvailability[]> {
  const d2 = dose2Free(db, nowIso);
  const rows = await db
    .with(d2)
    .select({ slot: slots, clinic: clinics, dose2Date: dose2Day, dose2Free: d2.free })
    .from(slots)
    .innerJoin(clinics, eq(clinics.id, slots.clinicId))
    .innerJoin(vaccines, eq(vaccines.id, slots.vaccineId))
    .leftJoin(d2, onDose2Day(d2))
    .where(
      and(
        gt(slots.startsAt, nowIso),
        inScope(slots.vaccineId, scope.vaccines),
        scope.clinicId === undefined ? undefined : eq(slots.clinicId, scope.clinicId),
        scope.date === undefined ? undefined : eq(slots.date, scope.date),
      ),
    )
    .orderBy(slots.clinicId, slots.startsAt, slots.id);
  const gives = await db.select().from(clinicVaccines).orderBy(clinicVaccines.vaccineId);

  const byClinic = new Map<string, ClinicAvailability>();
  for (const { slot, clinic: c, dose2Date, dose2Free } of rows) {
    const clinic = byClinic.get(c.id) ?? {
      ...c,
      vaccines: gives.filter((g) => g.clinicId === c.id).map((g) => g.vaccineId),
      slots: [],
    };
    clinic.slots.push({
      id: slot.id,
      clinicId: slot.clinicId,
      // The join on vaccines keeps only slots with a vaccine, and those always have a date.
      vaccineId: slot.vaccineId!,
      date: slot.date!,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      capacity: slot.capacity,
      remaining: Math.max(0, slot.capacity - slot.held),
      dose2Date,
      dose2Available: dose2Date === null ? null : (dose2Free ?? 0) > 0,
    });
    byClinic.set(c.id, clinic);
  }
  return [...byClinic.values()];
}

/** The vaccines and their dose schedules. */
export function vaccineSchedules(db: BookingDb): Promise<Array<{ id: string; nameKo: string; nameEn: string } & DoseSchedule>> {
  return db
    .select({
      id: vaccines.id,
      nameKo: vaccines.nameKo,
      nameEn: vaccines.nameEn,
      doses: vaccines.doses,
      dose2IntervalDays: vaccines.dose2IntervalDays,
    })
    .from(vaccines)
    .orderBy(vaccines.id);
}

/** What the queue needs to count the seats left for a cohort: free seats per day, dose schedules, and whether any supply exists. */
export async function readSupplyDays(
  db: BookingDb,
  scope: readonly string[] | undefined,
  nowIso: string,
): Promise<{ stocked: boolean; days: DayFree[]; schedules: Map<string, DoseSchedule> }> {
  const [days, schedules, stock] = await db.batch([
    daysFree(db, nowIso, scope),
    db.select({ id: vaccines.id, doses: vaccines.doses, dose2IntervalDays: vaccines.dose2IntervalDays }).from(vaccines),
    db
      .select({ id: slots.id })
      .from(slots)
      .where(and(isNotNull(slots.vaccineId), inScope(slots.vaccineId, scope)))
      .limit(1),
  ]);
  return {
    stocked: stock.length > 0,
    // Grouped over slots with a vaccine, and those always have a date.
    days: days.map((d) => ({ clinicId: d.clinicId, vaccineId: d.vaccineId!, date: d.date!, free: d.free })),
    schedules: new Map(schedules.map(({ id, ...schedule }) => [id, schedule])),
  };
}

/** A slot a person could pick instead, with the day dose 2 would fall on. */
export interface SlotChoice {
  slotId: string;
  clinicId: string;
  startsAt: string;
  remaining: number;
  dose2Date: string | null;
}

/**
 * The nearest workable slots for a vaccine: room for dose 1 and, for two doses, room on the
 * dose-2 day at the same clinic. The requested clinic first, then the closest in time.
 */
export function workableAlternatives(
  db: BookingDb,
  near: { vaccineId: string; clinicId: string; startsAt: string },
  nowIso: string,
  limit = 5,
): Promise<SlotChoice[]> {
  const d2 = dose2Free(db, nowIso);
  return (
    db
      .with(d2)
      .select({
        slotId: slots.id,
        clinicId: slots.clinicId,
        startsAt: slots.startsAt,
        remaining: sql<number>`${slots.capacity} - ${slots.held}`,
        dose2Date: dose2Day,
      })
      .from(slots)
      .innerJoin(vaccines, eq(vaccines.id, slots.vaccineId))
      .leftJoin(d2, onDose2Day(d2))
      .where(
        and(
          eq(slots.vaccineId, near.vaccineId),
          gt(slots.startsAt, nowIso),
          lt(slots.held, slots.capacity),
          or(isNull(vaccines.dose2IntervalDays), gt(sql`coalesce(${d2.free}, 0)`, 0)),
        ),
      )
      // Same clinic first, then closest in time: SQLite's `julianday()`, which the builder has no name for.
      .orderBy(
        desc(eq(slots.clinicId, near.clinicId)),
        sql`abs(julianday(${slots.startsAt}) - julianday(${near.startsAt}))`,
        slots.startsAt,
      )
      .limit(limit)
  );
}
