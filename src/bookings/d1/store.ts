import { and, eq, inArray } from "drizzle-orm";
import { newBookingCode } from "../../domain/booking-code";
import { dose2Date } from "../../domain/doses";
import { type SlotChoice, workableAlternatives } from "./availability";
import { type BookingDb, capacityGuardOf, isCodeCollision, isConstraintError } from "./db";
import { type Booking, bookings, type Clinic, clinics, type Slot, slots, type Vaccine, vaccines } from "./schema";
import { chooseSeats, type SeatChoice } from "./seats";

export { listAvailability } from "./availability";
export { type BookingDb, bookingDb, isConstraintError } from "./db";
export { loadSupply } from "./supply-store";

/** What a person asks to book, already authorized (by a grant, or an agent within the rules). */
export interface BookingRequest {
  id: string;
  cohortId: string;
  identityKey: string;
  name: string;
  slotId: string;
  /** A dose-2 slot the person picked; otherwise the closest free block of the dose-2 day is taken. */
  dose2SlotId?: string | undefined;
  /** The idempotency key: the grant id, or `agent:<agentId>:<requestId>`. */
  grantId: string;
  channel?: "web" | "agent";
  agentId?: string | null;
  /** The cohort's vaccines; every vaccine when absent. */
  vaccines?: readonly string[] | undefined;
  nowIso: string;
}

/** Why seats could not be taken; the same for booking and rescheduling. */
export type SeatRefusal =
  | { kind: "slot_not_found" }
  | { kind: "slot_full" }
  | { kind: "dose2_invalid"; detail: string }
  | { kind: "dose2_unavailable"; dose2Date: string; alternatives: SlotChoice[] };

/** The outcome of a booking attempt. `existing` is a retry of one that already committed. */
export type BookingOutcome =
  | { kind: "created"; booking: Booking }
  | { kind: "existing"; booking: Booking }
  | { kind: "already_booked"; elsewhere: boolean }
  | SeatRefusal;

/**
 * The answer to someone who already holds a live booking: the same request again (a retry) gets
 * its booking; anything else is refused, saying whether that booking is in another cohort.
 */
function answerToHolder(previous: Booking, request: BookingRequest): BookingOutcome {
  if (previous.cohortId === request.cohortId && sameRequest(previous, request)) return { kind: "existing", booking: previous };
  return { kind: "already_booked", elsewhere: previous.cohortId !== request.cohortId };
}

/**
 * Books dose 1 and, for two-dose vaccines, dose 2, in one row and so one statement: the capacity
 * guards refuse it whole if either seat is gone, whatever the concurrency. A dose-2 block taken
 * at the same moment is retried on the next-closest block of that day. The partial unique index
 * keeps one live booking per person in the campaign, whatever the cohort or channel; a retry of
 * the same request returns the booking. Each booking gets a fresh short code from `nextCode`; the
 * unique index refuses one another booking holds, and a new one is drawn.
 */
export async function createBooking(db: BookingDb, request: BookingRequest, nextCode = newBookingCode): Promise<BookingOutcome> {
  const previous = await liveBookingOf(db, request.identityKey);
  if (previous) return answerToHolder(previous, request);

  const choice = await chooseSeats(db, request);
  if (choice.kind !== "ok") return choice;
  const dose2Options = choice.dose2Options ?? [null];
  for (let i = 0, draws = 0; i < dose2Options.length; i++) {
    const dose2SlotId = dose2Options[i]!;
    try {
      await db.insert(bookings).values({
        id: request.id,
        cohortId: request.cohortId,
        identityKey: request.identityKey,
        name: request.name,
        slotId: request.slotId,
        dose2SlotId,
        code: nextCode(),
        grantId: request.grantId,
        status: "active",
        channel: request.channel ?? "web",
        agentId: request.agentId ?? null,
        createdAt: request.nowIso,
        heldSince: request.nowIso,
        updatedAt: request.nowIso,
      });
      return { kind: "created", booking: (await db.select().from(bookings).where(eq(bookings.id, request.id)).get())! };
    } catch (error) {
      const guard = capacityGuardOf(error);
      if (guard === "dose2_full") continue;
      if (guard !== null) return { kind: "slot_full" };
      // Another booking has this code (about one in a billion per booking at a million bookings): same seats, a new code.
      if (isCodeCollision(error)) {
        if (++draws >= 5) throw error;
        i--;
        continue;
      }
      if (!isConstraintError(error, "UNIQUE")) throw error;
      // A concurrent request for the same person committed first.
      const winner = await liveBookingOf(db, request.identityKey);
      return winner ? answerToHolder(winner, request) : { kind: "already_booked", elsewhere: false };
    }
  }
  return dose2Gone(db, choice, request.nowIso);
}

/** What a booking moves to. */
export interface RescheduleRequest {
  slotId: string;
  dose2SlotId?: string | undefined;
  vaccines?: readonly string[] | undefined;
  nowIso: string;
}

/** The outcome of moving a booking. */
export type RescheduleOutcome =
  | { kind: "rescheduled"; booking: Booking }
  | { kind: "unchanged"; booking: Booking }
  | { kind: "not_active" }
  | SeatRefusal;

/**
 * Moves a live booking (active, or waiting after a supply cut) to new seats in one UPDATE: the
 * triggers release the old seats and hold the new ones in that statement, so it commits whole
 * or not at all and the person never ends up with neither. Staying in a seat already held needs
 * no new room there.
 */
export async function rescheduleBooking(db: BookingDb, booking: Booking, target: RescheduleRequest): Promise<RescheduleOutcome> {
  if (booking.status === "cancelled") return { kind: "not_active" };
  const keep = booking.status === "active" ? booking.dose2SlotId : null;
  const sameDose1 = booking.status === "active" && booking.slotId === target.slotId;
  if (sameDose1 && (target.dose2SlotId === undefined || target.dose2SlotId === booking.dose2SlotId)) {
    return { kind: "unchanged", booking };
  }
  const choice = await chooseSeats(db, { ...target, keep });
  if (choice.kind !== "ok") return choice;
  for (const dose2SlotId of choice.dose2Options ?? [null]) {
    try {
      const moved = await db
        .update(bookings)
        .set({ slotId: target.slotId, dose2SlotId, status: "active", heldSince: target.nowIso, updatedAt: target.nowIso })
        .where(and(eq(bookings.id, booking.id), inArray(bookings.status, ["active", "needs_reschedule"])))
        .returning();
      return moved[0] ? { kind: "rescheduled", booking: moved[0] } : { kind: "not_active" };
    } catch (error) {
      const guard = capacityGuardOf(error);
      if (guard === "dose2_full") continue;
      if (guard !== null) return { kind: "slot_full" };
      throw error;
    }
  }
  return dose2Gone(db, choice, target.nowIso);
}

/** Cancels a live booking, freeing both its seats in the same statement. Cancelling again changes nothing. */
export async function cancelBooking(db: BookingDb, bookingId: string, nowIso: string): Promise<Booking | null> {
  await db
    .update(bookings)
    .set({ status: "cancelled", updatedAt: nowIso })
    .where(and(eq(bookings.id, bookingId), inArray(bookings.status, ["active", "needs_reschedule"])));
  return (await db.select().from(bookings).where(eq(bookings.id, bookingId)).get()) ?? null;
}

/** A booking with its slots, clinic and vaccine. */
export type BookingDetails = Booking & { slot: Slot; clinic: Clinic; vaccine: Vaccine | null; dose2Slot: Slot | null };

/** The id and cohort of the booking with this code (stored form), or undefined when none has it. */
export function bookingByCode(db: BookingDb, code: string) {
  return db.select({ id: bookings.id, cohortId: bookings.cohortId }).from(bookings).where(eq(bookings.code, code)).get();
}

/** A booking by id, with what it holds. */
export async function findBooking(db: BookingDb, id: string): Promise<BookingDetails | null> {
  const row = await db
    .select({ booking: bookings, slot: slots, clinic: clinics })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(clinics, eq(clinics.id, slots.clinicId))
    .where(eq(bookings.id, id))
    .get();
  if (!row) return null;
  const vaccine = row.slot.vaccineId ? ((await db.select().from(vaccines).where(eq(vaccines.id, row.slot.vaccineId)).get()) ?? null) : null;
  const dose2Slot = row.booking.dose2SlotId
    ? ((await db.select().from(slots).where(eq(slots.id, row.booking.dose2SlotId)).get()) ?? null)
    : null;
  return { ...row.booking, slot: row.slot, clinic: row.clinic, vaccine, dose2Slot };
}

/** What a receipt is checked against: a booking's status and the seats it holds now, or null when there is no such booking. */
export function bookingStanding(db: BookingDb, id: string) {
  return db
    .select({ status: bookings.status, slotId: bookings.slotId, dose2SlotId: bookings.dose2SlotId, heldSince: bookings.heldSince })
    .from(bookings)
    .where(eq(bookings.id, id))
    .get();
}

/** A person's live booking in any cohort (active, or waiting to be rescheduled): there is at most one. */
export function liveBookingOf(db: BookingDb, identityKey: string): Promise<Booking | undefined> {
  return db
    .select()
    .from(bookings)
    .where(and(eq(bookings.identityKey, identityKey), inArray(bookings.status, ["active", "needs_reschedule"])))
    .get();
}

/** A person's live booking in a cohort (active, or waiting to be rescheduled). */
export function liveBooking(db: BookingDb, cohortId: string, identityKey: string): Promise<Booking | undefined> {
  return db
    .select()
    .from(bookings)
    .where(
      and(eq(bookings.cohortId, cohortId), eq(bookings.identityKey, identityKey), inArray(bookings.status, ["active", "needs_reschedule"])),
    )
    .get();
}

/** A retry of the same request: same grant (or agent request), same slot. */
function sameRequest(booking: Booking, request: BookingRequest): boolean {
  return booking.grantId === request.grantId && booking.slotId === request.slotId;
}

/** Every dose-2 block tried filled at the same moment: answer with what is workable now. */
async function dose2Gone(db: BookingDb, choice: Extract<SeatChoice, { kind: "ok" }>, nowIso: string): Promise<SeatRefusal> {
  const { dose1 } = choice;
  return {
    kind: "dose2_unavailable",
    dose2Date: dose2Date(dose1, dose1.date)!,
    alternatives: await workableAlternatives(db, dose1, nowIso),
  };
}
