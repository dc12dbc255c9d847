import { and, eq, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type HeldBooking, planSupplyChange } from "../../domain/supply";
import type { SupplyLoad } from "../../domain/supply-config";
import {
  capacityTargets,
  type KnownClinic,
  type KnownSlot,
  type KnownSupply,
  mergedSupply,
  type SlotRow,
  type SupplyIssue,
  singleSlots,
  supplyDays,
  supplyIssues,
} from "../../domain/supply-load";
import { type BookingDb, capacityGuardOf, fromExcluded, inJson, jsonChunks, jsonRows } from "./db";
import { bookings, clinics, clinicVaccines, slots, vaccines } from "./schema";

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
    const stored = await readStoredSlots(
      db,
      // Generated blocks too: a stored slot of another day may carry a block's id.
      [...explicitIds, ...generated.flatMap((day) => day.blocks.map((block) => block.id))],
      generated.map((day) => ({ c: day.clinicId, v: day.vaccineId, d: day.date })),
    );
    const issues = supplyIssues(load, known, stored);
    if (issues.length > 0) return { kind: "invalid", issues };

    const singles = singleSlots(load, known);
    const plan = planSupplyChange(capacityTargets(generated, singles, stored), await readHolders(db, [...stored.keys()]));
    const written = new Set([...generated.flatMap((day) => day.blocks.map((b) => b.id)), ...explicitIds]);
    const removed = [...stored.values()].filter((s) => !written.has(s.id) && s.vaccineId !== null && s.date !== null);
    const rows: Array<SlotRow & { capacity: number }> = [
      ...generated.flatMap((day) => day.blocks.map((b) => ({ ...b, capacity: plan.capacities.get(b.id)! }))),
      ...singles,
      ...removed.map((s) => ({
        id: s.id,
        clinicId: s.clinicId,
        vaccineId: s.vaccineId!,
        date: s.date!,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        capacity: 0,
      })),
    ];
    const statements: BatchItem<"sqlite">[] = [
      // Moving first frees the seats (triggers), so the capacities below fit what stays.
      ...jsonChunks(plan.moved).map((ids) =>
        db
          .update(bookings)
          .set({ status: "needs_reschedule", updatedAt: nowIso })
          .where(and(eq(bookings.status, "active"), inJson(bookings.id, ids))),
      ),
      ...writeVaccines(db, load),
      ...writeClinics(db, load),
      // `held` is left to the triggers: 0 on a new slot, untouched on an existing one.
      ...jsonChunks(rows.map((row) => ({ ...row, held: 0 }))).map((chunk) =>
        db
          .insert(slots)
          .select(jsonRows(slots, chunk))
          .onConflictDoUpdate({
            target: slots.id,
            set: fromExcluded(slots, ["clinicId", "vaccineId", "date", "startsAt", "endsAt", "capacity"]),
          }),
      ),
    ];
    try {
      if (statements.length > 0) await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    } catch (error) {
      if (capacityGuardOf(error) === "slot_over_capacity") continue;
      throw error;
    }
    return {
      kind: "loaded",
      vaccines: load.vaccines.length,
      clinics: load.clinics.length,
      slots: rows.length,
      movedToReschedule: plan.moved,
    };
  }
  return { kind: "busy" };
}

function writeVaccines(db: BookingDb, load: SupplyLoad) {
  return jsonChunks(load.vaccines).map((chunk) =>
    db
      .insert(vaccines)
      .select(jsonRows(vaccines, chunk))
      .onConflictDoUpdate({ target: vaccines.id, set: fromExcluded(vaccines, ["nameKo", "nameEn", "doses", "dose2IntervalDays"]) }),
  );
}

/** Upserts clinics and replaces the vaccine list of each clinic in the load. */
function writeClinics(db: BookingDb, load: SupplyLoad) {
  const clinicRows = jsonChunks(load.clinics.map(({ vaccines: _, ...clinic }) => clinic));
  const links = jsonChunks(load.clinics.flatMap((c) => c.vaccines.map((v) => ({ clinicId: c.id, vaccineId: v }))));
  return [
    ...clinicRows.map((chunk) =>
      db
        .insert(clinics)
        .select(jsonRows(clinics, chunk))
        .onConflictDoUpdate({
          target: clinics.id,
          set: fromExcluded(clinics, ["nameKo", "nameEn", "regionKo", "regionEn", "addressKo", "addressEn", "timeZone"]),
        }),
    ),
    ...jsonChunks(load.clinics.map((c) => c.id)).map((ids) => db.delete(clinicVaccines).where(inJson(clinicVaccines.clinicId, ids))),
    ...links.map((chunk) => db.insert(clinicVaccines).select(jsonRows(clinicVaccines, chunk))),
  ];
}

/** Stored vaccines, and the stored clinics the load names. */
async function readKnownSupply(db: BookingDb, load: SupplyLoad): Promise<KnownSupply> {
  const clinicIds = [...new Set([...load.supply.map((r) => r.clinicId), ...load.slots.map((s) => s.clinicId)])];
  const stored = await db.select({ id: vaccines.id, doses: vaccines.doses, dose2IntervalDays: vaccines.dose2IntervalDays }).from(vaccines);
  const clinicRows = await db
    .select({ id: clinics.id, timeZone: clinics.timeZone, vaccineId: clinicVaccines.vaccineId })
    .from(clinics)
    .leftJoin(clinicVaccines, eq(clinicVaccines.clinicId, clinics.id))
    .where(inJson(clinics.id, JSON.stringify(clinicIds)));
  const known = new Map<string, KnownClinic & { vaccines: Set<string> }>();
  for (const row of clinicRows) {
    const clinic = known.get(row.id) ?? { timeZone: row.timeZone, vaccines: new Set<string>() };
    if (row.vaccineId) clinic.vaccines.add(row.vaccineId);
    known.set(row.id, clinic);
  }
  return { vaccines: new Map(stored.map(({ id, ...schedule }) => [id, schedule])), clinics: known };
}

/** Stored slots the load touches: its single slots by id, and every block of its supply days. */
async function readStoredSlots(
  db: BookingDb,
  ids: string[],
  days: Array<{ c: string; v: string; d: string }>,
): Promise<Map<string, KnownSlot>> {
  const fields = {
    id: slots.id,
    clinicId: slots.clinicId,
    vaccineId: slots.vaccineId,
    date: slots.date,
    startsAt: slots.startsAt,
    endsAt: slots.endsAt,
    held: slots.held,
  };
  // The days come as one JSON parameter (D1's cap of 100); the builder has no `json_each`.
  const day = (key: "c" | "v" | "d") => sql.raw(`g.value->>'${key}'`);
  const found = await db
    .select(fields)
    .from(slots)
    .where(inJson(slots.id, JSON.stringify(ids)))
    .union(
      db
        .select(fields)
        .from(slots)
        .innerJoin(
          sql`json_each(${JSON.stringify(days)}) g`,
          and(eq(slots.clinicId, day("c")), eq(slots.vaccineId, day("v")), eq(slots.date, day("d"))),
        ),
    );
  return new Map(found.map((s) => [s.id, s]));
}

/** Active bookings holding any of these slots, with both their seats. */
async function readHolders(db: BookingDb, slotIds: string[]): Promise<HeldBooking[]> {
  if (slotIds.length === 0) return [];
  const ids = JSON.stringify(slotIds);
  const found = await db
    .select({
      id: bookings.id,
      heldSince: bookings.heldSince,
      createdAt: bookings.createdAt,
      slotId: bookings.slotId,
      dose2SlotId: bookings.dose2SlotId,
    })
    .from(bookings)
    .where(and(eq(bookings.status, "active"), or(inJson(bookings.slotId, ids), inJson(bookings.dose2SlotId, ids))));
  return found.map((b) => ({
    bookingId: b.id,
    heldSince: b.heldSince ?? b.createdAt,
    slotIds: b.dose2SlotId ? [b.slotId, b.dose2SlotId] : [b.slotId],
  }));
}
