import { sql } from "drizzle-orm";
import type { DoseSchedule } from "../../domain/doses";
import type { DayFree } from "../../domain/inventory";
import type { SlotRow } from "../../domain/supply-load";
import { batchSql, type BookingDb } from "./db";

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
  region: string;
  address: string;
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

/** SQL that is true when a slot's vaccine is within the scope. */
function inScope(column: ReturnType<typeof sql.raw>, vaccines: readonly string[] | undefined) {
  return vaccines === undefined ? sql`1` : sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(vaccines)}))`;
}

/** Free seats per clinic, vaccine and local day, over future slots only. */
const DAY_FREE = (nowIso: string) =>
  sql`SELECT clinic_id, vaccine_id, date, sum(capacity - held) AS free FROM slots
      WHERE starts_at > ${nowIso} AND vaccine_id IS NOT NULL GROUP BY clinic_id, vaccine_id, date`;

/** Future slots with their remaining seats, grouped under their clinics. May lag a booking by a moment; booking itself never does. */
export async function listAvailability(db: BookingDb, nowIso: string, scope: SlotScope = {}): Promise<ClinicAvailability[]> {
  const rows = await db.all<{
    id: string; clinic_id: string; vaccine_id: string; date: string; starts_at: string; ends_at: string; capacity: number; held: number;
    name_ko: string; name_en: string; region: string; address: string; time_zone: string; dose2_date: string | null; dose2_free: number | null;
  }>(sql`
    WITH day_free AS (${DAY_FREE(nowIso)})
    SELECT s.id, s.clinic_id, s.vaccine_id, s.date, s.starts_at, s.ends_at, s.capacity, s.held,
           c.name_ko, c.name_en, c.region, c.address, c.time_zone,
           date(s.date, '+' || v.dose2_interval_days || ' days') AS dose2_date, d2.free AS dose2_free
    FROM slots s
    JOIN clinics c ON c.id = s.clinic_id
    JOIN vaccines v ON v.id = s.vaccine_id
    LEFT JOIN day_free d2 ON d2.clinic_id = s.clinic_id AND d2.vaccine_id = s.vaccine_id
      AND d2.date = date(s.date, '+' || v.dose2_interval_days || ' days')
    WHERE s.starts_at > ${nowIso} AND ${inScope(sql.raw("s.vaccine_id"), scope.vaccines)}
      AND (${scope.clinicId ?? null} IS NULL OR s.clinic_id = ${scope.clinicId ?? null})
      AND (${scope.date ?? null} IS NULL OR s.date = ${scope.date ?? null})
    ORDER BY s.clinic_id, s.starts_at, s.id`);
  const gives = await db.all<{ clinic_id: string; vaccine_id: string }>(sql`SELECT clinic_id, vaccine_id FROM clinic_vaccines ORDER BY vaccine_id`);

  const byClinic = new Map<string, ClinicAvailability>();
  for (const row of rows) {
    const clinic = byClinic.get(row.clinic_id) ?? {
      id: row.clinic_id,
      nameKo: row.name_ko,
      nameEn: row.name_en,
      region: row.region,
      address: row.address,
      timeZone: row.time_zone,
      vaccines: gives.filter((g) => g.clinic_id === row.clinic_id).map((g) => g.vaccine_id),
      slots: [],
    };
    clinic.slots.push({
      id: row.id,
      clinicId: row.clinic_id,
      vaccineId: row.vaccine_id,
      date: row.date,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      capacity: row.capacity,
      remaining: Math.max(0, row.capacity - row.held),
      dose2Date: row.dose2_date,
      dose2Available: row.dose2_date === null ? null : (row.dose2_free ?? 0) > 0,
    });
    byClinic.set(row.clinic_id, clinic);
  }
  return [...byClinic.values()];
}

/** The vaccines and their dose schedules. */
export async function vaccineSchedules(db: BookingDb): Promise<Array<{ id: string; nameKo: string; nameEn: string } & DoseSchedule>> {
  const rows = await db.all<{ id: string; name_ko: string; name_en: string; doses: number; dose2_interval_days: number | null }>(
    sql`SELECT id, name_ko, name_en, doses, dose2_interval_days FROM vaccines ORDER BY id`,
  );
  return rows.map((v) => ({ id: v.id, nameKo: v.name_ko, nameEn: v.name_en, doses: v.doses, dose2IntervalDays: v.dose2_interval_days }));
}

/** What the queue needs to count the seats left for a cohort: free seats per day, dose schedules, and whether any supply exists. */
export async function readSupplyDays(
  db: BookingDb,
  vaccines: readonly string[] | undefined,
  nowIso: string,
): Promise<{ stocked: boolean; days: DayFree[]; schedules: Map<string, DoseSchedule> }> {
  const [days, schedules, stocked] = (await batchSql(db, [
    sql`SELECT * FROM (${DAY_FREE(nowIso)}) WHERE ${inScope(sql.raw("vaccine_id"), vaccines)}`,
    sql`SELECT id, doses, dose2_interval_days FROM vaccines`,
    sql`SELECT EXISTS (SELECT 1 FROM slots WHERE vaccine_id IS NOT NULL AND ${inScope(sql.raw("vaccine_id"), vaccines)}) AS stocked`,
  ])) as [
    Array<{ clinic_id: string; vaccine_id: string; date: string; free: number }>,
    Array<{ id: string; doses: number; dose2_interval_days: number | null }>,
    Array<{ stocked: number }>,
  ];
  return {
    stocked: stocked[0]?.stocked === 1,
    days: days.map((d) => ({ clinicId: d.clinic_id, vaccineId: d.vaccine_id, date: d.date, free: d.free })),
    schedules: new Map(schedules.map((v) => [v.id, { doses: v.doses, dose2IntervalDays: v.dose2_interval_days }])),
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
export async function workableAlternatives(
  db: BookingDb,
  near: { vaccineId: string; clinicId: string; startsAt: string },
  nowIso: string,
  limit = 5,
): Promise<SlotChoice[]> {
  const rows = await db.all<{ id: string; clinic_id: string; starts_at: string; remaining: number; dose2_date: string | null }>(sql`
    WITH day_free AS (${DAY_FREE(nowIso)})
    SELECT s.id, s.clinic_id, s.starts_at, s.capacity - s.held AS remaining,
           date(s.date, '+' || v.dose2_interval_days || ' days') AS dose2_date
    FROM slots s JOIN vaccines v ON v.id = s.vaccine_id
    LEFT JOIN day_free d2 ON d2.clinic_id = s.clinic_id AND d2.vaccine_id = s.vaccine_id
      AND d2.date = date(s.date, '+' || v.dose2_interval_days || ' days')
    WHERE s.vaccine_id = ${near.vaccineId} AND s.starts_at > ${nowIso} AND s.held < s.capacity
      AND (v.dose2_interval_days IS NULL OR coalesce(d2.free, 0) > 0)
    ORDER BY s.clinic_id = ${near.clinicId} DESC, abs(julianday(s.starts_at) - julianday(${near.startsAt})), s.starts_at
    LIMIT ${limit}`);
  return rows.map((r) => ({ slotId: r.id, clinicId: r.clinic_id, startsAt: r.starts_at, remaining: r.remaining, dose2Date: r.dose2_date }));
}
