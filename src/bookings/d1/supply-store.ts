import { sql } from "drizzle-orm";
import type { SupplyLoad } from "../../domain/supply-config";
import { planSupplyChange, type HeldBooking } from "../../domain/supply";
import {
  capacityTargets,
  mergedSupply,
  singleSlots,
  supplyDays,
  supplyIssues,
  type KnownClinic,
  type KnownSlot,
  type KnownSupply,
  type SlotRow,
  type SupplyIssue,
} from "../../domain/supply-load";
import { batchSql, capacityGuardOf, jsonChunks, type BookingDb } from "./db";

/** The outcome of a supply load. */
export type SupplyOutcome =
  | { kind: "loaded"; vaccines: number; clinics: number; slots: number; movedToReschedule: string[] }
  | { kind: "invalid"; issues: SupplyIssue[] }
  /** Bookings kept landing on the touched slots while the change was planned; nothing was written. */
  | { kind: "busy" };

/** Planning reads, then one atomic batch; a booking landing in between aborts the batch, and we plan again. */
const ATTEMPTS = 4;

/**
 * Loads vaccines, clinics and supply all or nothing. Where supply falls below what is booked,
 * exactly the overflow (newest first) moves to `needs_reschedule` in the same batch. The capacity
 * guard aborts the batch if a booking took a seat after the plan was read, so no slot ever holds
 * more than its capacity; the load is then planned again.
 */
export async function loadSupply(db: BookingDb, load: SupplyLoad, nowIso: string): Promise<SupplyOutcome> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const known = mergedSupply(load, await readKnownSupply(db, load));
    const explicitIds = load.slots.map((s) => s.id);
    const generated = load.supply.every((row) => known.clinics.has(row.clinicId)) ? supplyDays(load, known) : [];
    const stored = await readStoredSlots(db, explicitIds, generated.map((day) => ({ c: day.clinicId, v: day.vaccineId, d: day.date })));
    const issues = supplyIssues(load, known, stored);
    if (issues.length > 0) return { kind: "invalid", issues };

    const singles = singleSlots(load, known);
    const plan = planSupplyChange(capacityTargets(generated, singles, stored), await readHolders(db, [...stored.keys()]));
    const written = new Set([...generated.flatMap((day) => day.blocks.map((b) => b.id)), ...explicitIds]);
    const removed = [...stored.values()].filter((s) => !written.has(s.id) && s.vaccineId !== null && s.date !== null);
    const rows: Array<SlotRow & { capacity: number }> = [
      ...generated.flatMap((day) => day.blocks.map((b) => ({ ...b, capacity: plan.capacities.get(b.id)! }))),
      ...singles,
      ...removed.map((s) => ({ id: s.id, clinicId: s.clinicId, vaccineId: s.vaccineId!, date: s.date!, startsAt: s.startsAt, endsAt: s.endsAt, capacity: 0 })),
    ];
    const statements = [
      // Moving first frees the seats (triggers), so the capacities below fit what stays.
      ...jsonChunks(plan.moved).map(
        (ids) => sql`UPDATE bookings SET status = 'needs_reschedule', updated_at = ${nowIso}
                     WHERE status = 'active' AND id IN (SELECT value FROM json_each(${ids}))`,
      ),
      ...writeVaccines(load),
      ...writeClinics(load),
      ...jsonChunks(rows).map(upsertSlots),
    ];
    try {
      await batchSql(db, statements);
    } catch (error) {
      if (capacityGuardOf(error) === "slot_over_capacity") continue;
      throw error;
    }
    return { kind: "loaded", vaccines: load.vaccines.length, clinics: load.clinics.length, slots: rows.length, movedToReschedule: plan.moved };
  }
  return { kind: "busy" };
}

function writeVaccines(load: SupplyLoad) {
  return jsonChunks(load.vaccines.map((v) => ({ ...v, dose2IntervalDays: v.dose2IntervalDays ?? null }))).map((chunk) =>
    sql`INSERT INTO vaccines (id, name_ko, name_en, doses, dose2_interval_days)
               SELECT value->>'id', value->>'nameKo', value->>'nameEn', value->>'doses', value->>'dose2IntervalDays'
               FROM json_each(${chunk}) WHERE true
               ON CONFLICT (id) DO UPDATE SET name_ko = excluded.name_ko, name_en = excluded.name_en,
                 doses = excluded.doses, dose2_interval_days = excluded.dose2_interval_days`,
  );
}

/** Upserts clinics and replaces the vaccine list of each clinic in the load. */
function writeClinics(load: SupplyLoad) {
  const clinicRows = jsonChunks(load.clinics.map(({ vaccines: _, ...clinic }) => clinic));
  const links = jsonChunks(load.clinics.flatMap((c) => c.vaccines.map((v) => ({ clinicId: c.id, vaccineId: v }))));
  return [
    ...clinicRows.map((chunk) =>
      sql`INSERT INTO clinics (id, name_ko, name_en, region, address, time_zone)
                 SELECT value->>'id', value->>'nameKo', value->>'nameEn', value->>'region', value->>'address', value->>'timeZone'
                 FROM json_each(${chunk}) WHERE true
                 ON CONFLICT (id) DO UPDATE SET name_ko = excluded.name_ko, name_en = excluded.name_en, region = excluded.region,
                   address = excluded.address, time_zone = excluded.time_zone`,
    ),
    ...jsonChunks(load.clinics.map((c) => c.id)).map((ids) =>
      sql`DELETE FROM clinic_vaccines WHERE clinic_id IN (SELECT value FROM json_each(${ids}))`,
    ),
    ...links.map((chunk) =>
      sql`INSERT INTO clinic_vaccines (clinic_id, vaccine_id)
                 SELECT value->>'clinicId', value->>'vaccineId' FROM json_each(${chunk})`,
    ),
  ];
}

function upsertSlots(chunk: string) {
  return sql`INSERT INTO slots (id, clinic_id, vaccine_id, date, starts_at, ends_at, capacity)
             SELECT value->>'id', value->>'clinicId', value->>'vaccineId', value->>'date', value->>'startsAt', value->>'endsAt', value->>'capacity'
             FROM json_each(${chunk}) WHERE true
             ON CONFLICT (id) DO UPDATE SET clinic_id = excluded.clinic_id, vaccine_id = excluded.vaccine_id, date = excluded.date,
               starts_at = excluded.starts_at, ends_at = excluded.ends_at, capacity = excluded.capacity`;
}

/** Stored vaccines, and the stored clinics the load names. */
async function readKnownSupply(db: BookingDb, load: SupplyLoad): Promise<KnownSupply> {
  const clinicIds = [...new Set([...load.supply.map((r) => r.clinicId), ...load.slots.map((s) => s.clinicId)])];
  const vaccines = await db.all<{ id: string; doses: number; dose2_interval_days: number | null }>(
    sql`SELECT id, doses, dose2_interval_days FROM vaccines`,
  );
  const clinicRows = await db.all<{ id: string; time_zone: string; vaccine_id: string | null }>(
    sql`SELECT c.id, c.time_zone, cv.vaccine_id FROM clinics c LEFT JOIN clinic_vaccines cv ON cv.clinic_id = c.id
        WHERE c.id IN (SELECT value FROM json_each(${JSON.stringify(clinicIds)}))`,
  );
  const clinics = new Map<string, KnownClinic & { vaccines: Set<string> }>();
  for (const row of clinicRows) {
    const clinic = clinics.get(row.id) ?? { timeZone: row.time_zone, vaccines: new Set<string>() };
    if (row.vaccine_id) clinic.vaccines.add(row.vaccine_id);
    clinics.set(row.id, clinic);
  }
  return { vaccines: new Map(vaccines.map((v) => [v.id, { doses: v.doses, dose2IntervalDays: v.dose2_interval_days }])), clinics };
}

/** Stored slots the load touches: its single slots by id, and every block of its supply days. */
async function readStoredSlots(db: BookingDb, ids: string[], days: Array<{ c: string; v: string; d: string }>): Promise<Map<string, KnownSlot>> {
  const found = await db.all<{ id: string; clinic_id: string; vaccine_id: string | null; date: string | null; starts_at: string; ends_at: string; held: number }>(
    sql`SELECT id, clinic_id, vaccine_id, date, starts_at, ends_at, held FROM slots WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
        UNION
        SELECT s.id, s.clinic_id, s.vaccine_id, s.date, s.starts_at, s.ends_at, s.held
        FROM json_each(${JSON.stringify(days)}) g
        JOIN slots s ON s.clinic_id = g.value->>'c' AND s.vaccine_id = g.value->>'v' AND s.date = g.value->>'d'`,
  );
  return new Map(
    found.map((s) => [s.id, { id: s.id, clinicId: s.clinic_id, vaccineId: s.vaccine_id, date: s.date, startsAt: s.starts_at, endsAt: s.ends_at, held: s.held }]),
  );
}

/** Active bookings holding any of these slots, with both their seats. */
async function readHolders(db: BookingDb, slotIds: string[]): Promise<HeldBooking[]> {
  if (slotIds.length === 0) return [];
  const ids = JSON.stringify(slotIds);
  const found = await db.all<{ id: string; held_since: string | null; created_at: string; slot_id: string; dose2_slot_id: string | null }>(
    sql`SELECT id, held_since, created_at, slot_id, dose2_slot_id FROM bookings
        WHERE status = 'active' AND (slot_id IN (SELECT value FROM json_each(${ids})) OR dose2_slot_id IN (SELECT value FROM json_each(${ids})))`,
  );
  return found.map((b) => ({
    bookingId: b.id,
    heldSince: b.held_since ?? b.created_at,
    slotIds: b.dose2_slot_id ? [b.slot_id, b.dose2_slot_id] : [b.slot_id],
  }));
}
