import { and, asc, eq, gt, sql } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "./schema";
import { bookings, clinics, slots, type Booking, type Clinic, type Slot } from "./schema";

/** A drizzle client over the bookings database. */
export type BookingDb = DrizzleD1Database<typeof schema>;

/** Opens the bookings database. Cheap: call it per request. */
export function bookingDb(d1: D1Database): BookingDb {
  return drizzle(d1, { schema });
}

/** A slot with the seats still free. */
export interface SlotAvailability {
  id: string;
  clinicId: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
}

/** Future slots with their remaining capacity, grouped under their clinics. */
export async function listAvailability(db: BookingDb, nowIso: string): Promise<Array<Clinic & { slots: SlotAvailability[] }>> {
  const booked = db
    .select({ slotId: bookings.slotId, count: sql<number>`count(*)`.as("count") })
    .from(bookings)
    .where(eq(bookings.status, "active"))
    .groupBy(bookings.slotId)
    .as("booked");
  const rows = await db
    .select({
      slot: slots,
      clinic: clinics,
      taken: sql<number>`coalesce(${booked.count}, 0)`,
    })
    .from(slots)
    .innerJoin(clinics, eq(clinics.id, slots.clinicId))
    .leftJoin(booked, eq(booked.slotId, slots.id))
    .where(gt(slots.startsAt, nowIso))
    .orderBy(asc(clinics.id), asc(slots.startsAt));

  const byClinic = new Map<string, Clinic & { slots: SlotAvailability[] }>();
  for (const { slot, clinic, taken } of rows) {
    const entry = byClinic.get(clinic.id) ?? { ...clinic, slots: [] };
    entry.slots.push({ ...slot, remaining: Math.max(0, slot.capacity - Number(taken)) });
    byClinic.set(clinic.id, entry);
  }
  return [...byClinic.values()];
}

/** What a person asks to book, already authorized by the queue. */
export interface BookingRequest {
  id: string;
  cohortId: string;
  identityKey: string;
  name: string;
  slotId: string;
  grantId: string;
  nowIso: string;
}

/** The outcome of a booking attempt. `existing` is a retry of one that already committed. */
export type BookingOutcome =
  | { kind: "created"; booking: Booking }
  | { kind: "existing"; booking: Booking }
  | { kind: "already_booked" }
  | { kind: "slot_full" }
  | { kind: "slot_not_found" };

/**
 * Books a seat. The insert counts the slot's active bookings in the same statement, and D1 runs
 * statements one at a time, so concurrent requests can never push a slot over capacity. The
 * partial unique index keeps one active booking per person per cohort.
 */
export async function createBooking(db: BookingDb, request: BookingRequest): Promise<BookingOutcome> {
  const slot = await db.select().from(slots).where(eq(slots.id, request.slotId)).get();
  if (!slot || slot.startsAt <= request.nowIso) return { kind: "slot_not_found" };

  const previous = await activeBooking(db, request.cohortId, request.identityKey);
  if (previous) return sameRequest(previous, request) ? { kind: "existing", booking: previous } : { kind: "already_booked" };

  try {
    const result = await db.run(sql`
      INSERT INTO bookings (id, cohort_id, identity_key, name, slot_id, grant_id, status, created_at)
      SELECT ${request.id}, ${request.cohortId}, ${request.identityKey}, ${request.name}, ${request.slotId},
             ${request.grantId}, 'active', ${request.nowIso}
      WHERE (SELECT count(*) FROM bookings WHERE slot_id = ${request.slotId} AND status = 'active')
            < (SELECT capacity FROM slots WHERE id = ${request.slotId})`);
    if (result.meta.changes === 0) return { kind: "slot_full" };
  } catch (error) {
    if (!isConstraintError(error, "UNIQUE")) throw error;
    // A concurrent request for the same person committed first.
    const winner = await activeBooking(db, request.cohortId, request.identityKey);
    return winner && sameRequest(winner, request) ? { kind: "existing", booking: winner } : { kind: "already_booked" };
  }
  const booking = await db.select().from(bookings).where(eq(bookings.id, request.id)).get();
  return { kind: "created", booking: booking! };
}

/** A booking by id. */
export async function findBooking(db: BookingDb, id: string): Promise<(Booking & { slot: Slot; clinic: Clinic }) | null> {
  const row = await db
    .select({ booking: bookings, slot: slots, clinic: clinics })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(clinics, eq(clinics.id, slots.clinicId))
    .where(eq(bookings.id, id))
    .get();
  return row ? { ...row.booking, slot: row.slot, clinic: row.clinic } : null;
}

/** Clinics and slots to load, as the admin API receives them. */
export interface SupplyLoad {
  clinics: Clinic[];
  slots: Slot[];
}

/** Inserts or updates clinics and slots in one transaction: all rows or none. */
export async function loadSupply(db: BookingDb, load: SupplyLoad): Promise<void> {
  const statements = [
    ...load.clinics.map((clinic) =>
      db.insert(clinics).values(clinic).onConflictDoUpdate({ target: clinics.id, set: { ...clinic, id: undefined } }),
    ),
    ...load.slots.map((slot) =>
      db.insert(slots).values(slot).onConflictDoUpdate({ target: slots.id, set: { ...slot, id: undefined } }),
    ),
  ];
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

function activeBooking(db: BookingDb, cohortId: string, identityKey: string): Promise<Booking | undefined> {
  return db
    .select()
    .from(bookings)
    .where(and(eq(bookings.cohortId, cohortId), eq(bookings.identityKey, identityKey), eq(bookings.status, "active")))
    .get();
}

/** A retry of the same admitted request: same grant, same slot. */
function sameRequest(booking: Booking, request: BookingRequest): boolean {
  return booking.grantId === request.grantId && booking.slotId === request.slotId;
}

/** True when a database error (or one it wraps, as drizzle does) is a constraint violation of this kind. */
export function isConstraintError(error: unknown, kind: "UNIQUE" | "FOREIGN KEY"): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message.includes(`${kind} constraint failed`)) return true;
  }
  return false;
}
