import { z } from "zod";
import { BOOKED_ELSEWHERE, dose2DayFull } from "../copy/bookings";
import { type ReceiptKeys, signReceipt } from "../crypto/receipts";
import type { ReceiptClaims } from "../crypto/tokens";
import { bookingCodeField, formatBookingCode } from "../domain/booking-code";
import { isSoldOut } from "../domain/inventory";
import { slotIdSchema } from "../domain/supply-config";
import { notifyBooked } from "../notify/producer";
import { ApiError } from "../platform/errors";
import { injectBookingFault } from "../platform/faults";
import { personFrom } from "../platform/person";
import { refusalError } from "../queue/edge/refusal-counts";
import { readInventory } from "../queue/object/inventory";
import { cohortQueue } from "../queue/stubs";
import type { BookingDetails, BookingOutcome, BookingRequest, RescheduleOutcome } from "./d1/store";
import { bookingDb, cancelBooking, createBooking, findBooking, rescheduleBooking } from "./d1/store";
import { forgetStanding } from "./receipt-standing";

/** Receipts stay valid for a year: long enough to show at the clinic for both doses. */
const RECEIPT_LIFETIME_SECONDS = 365 * 24 * 3600;

/** A national ID number as typed; `personFrom` reads and checks it. */
export const nationalIdField = z.string().min(1).max(20);

/** Finding a booking on any device, or for a caller: its short code and the holder's national ID number. */
export const findBody = z.object({ code: bookingCodeField, nationalId: nationalIdField }).strict();

/** Where to move a booking: a dose-1 slot and, optionally, the dose-2 slot. */
export const seatsFields = { slotId: slotIdSchema, dose2SlotId: slotIdSchema.optional() };

/** A booking as shown to its holder and to agents: what it holds and its status, never the identity key. */
export function bookingView(booking: BookingDetails) {
  const slotView = (slot: { id: string; startsAt: string; endsAt: string }) => ({
    id: slot.id,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
  });
  return {
    id: booking.id,
    /** The short code a person reads over the phone and finds the booking with, e.g. `K7QM-2XRP`. */
    code: booking.code ? formatBookingCode(booking.code) : null,
    cohortId: booking.cohortId,
    status: booking.status,
    /** False once cancelled or moved by a supply cut: the slots below are then no longer held. */
    seatsHeld: booking.status === "active",
    name: booking.name,
    channel: booking.channel,
    createdAt: booking.createdAt,
    updatedAt: booking.updatedAt ?? booking.createdAt,
    vaccine: booking.vaccine
      ? {
          id: booking.vaccine.id,
          name: { ko: booking.vaccine.nameKo, en: booking.vaccine.nameEn },
          doses: booking.vaccine.doses,
          dose2IntervalDays: booking.vaccine.dose2IntervalDays,
        }
      : null,
    slot: slotView(booking.slot),
    dose2Slot: booking.dose2Slot ? slotView(booking.dose2Slot) : null,
    clinic: {
      id: booking.clinic.id,
      name: { ko: booking.clinic.nameKo, en: booking.clinic.nameEn },
      region: { ko: booking.clinic.regionKo, en: booking.clinic.regionEn },
      address: { ko: booking.clinic.addressKo, en: booking.clinic.addressEn },
    },
  };
}

/** A booking as a receipt alone may read it: status and seats, not who holds it (that needs their national ID too). */
export function bookingStatusView(booking: BookingDetails) {
  const { name: _, ...status } = bookingView(booking);
  return status;
}

/** Signs a receipt for a booking as it stands now: its id and what it holds, verifiable with the public key alone. */
export async function issueReceipt(keys: ReceiptKeys, booking: BookingDetails, nowMs: number): Promise<string> {
  const claims: ReceiptClaims = {
    use: "receipt",
    coh: booking.cohortId,
    sub: booking.identityKey,
    bid: booking.id,
    iat: Math.floor(nowMs / 1000),
    exp: Math.floor(nowMs / 1000) + RECEIPT_LIFETIME_SECONDS,
    appt: {
      clinicId: booking.clinic.id,
      vaccineId: booking.slot.vaccineId,
      dose1: { slotId: booking.slot.id, startsAt: booking.slot.startsAt },
      dose2: booking.dose2Slot ? { slotId: booking.dose2Slot.id, startsAt: booking.dose2Slot.startsAt } : null,
    },
  };
  return signReceipt(keys, claims);
}

/** The booking with its receipt, as every successful booking or change answers. */
export async function bookingAnswer(env: Env, keys: ReceiptKeys, bookingId: string, nowMs: number) {
  const booking = (await findBooking(bookingDb(env.DB), bookingId))!;
  return { booking: bookingView(booking), receipt: await issueReceipt(keys, booking, nowMs) };
}

/**
 * The booking named by `bookingId`, if `nationalId` is its holder's: for the call centre's agents,
 * who are not throttled (a receipt holder's check is `holder-check.ts`).
 */
export async function bookingOfHolder(
  env: Env,
  idHashKey: string,
  request: { bookingId: string; nationalId: string },
): Promise<BookingDetails> {
  const person = await personFrom(request.nationalId, idHashKey);
  const booking = await findBooking(bookingDb(env.DB), request.bookingId);
  if (!booking) throw new ApiError("booking_not_found");
  if (booking.identityKey !== person.identity) throw new ApiError("identity_mismatch");
  return booking;
}

/** The API error for a booking or a move that took no seat. A full slot in a cohort with no seat left anywhere is `sold_out`. */
export async function seatRefusal(
  env: Env,
  outcome: Exclude<BookingOutcome | RescheduleOutcome, { kind: "created" | "existing" | "rescheduled" | "unchanged" }>,
  vaccines: readonly string[] | undefined,
): Promise<ApiError> {
  switch (outcome.kind) {
    case "already_booked":
      return outcome.elsewhere
        ? new ApiError("already_booked", { detail: BOOKED_ELSEWHERE.en, detailKo: BOOKED_ELSEWHERE.ko })
        : new ApiError("already_booked");
    case "not_active":
      return new ApiError("booking_not_active");
    case "slot_not_found":
      return new ApiError("slot_not_found", { detail: "No such slot in the future for a vaccine this cohort is offered." });
    case "dose2_invalid":
      return new ApiError("invalid_input", { detail: outcome.detail });
    case "slot_full":
      return isSoldOut(await readInventory(env.DB, vaccines, Date.now())) ? new ApiError("sold_out") : new ApiError("slot_full");
    case "dose2_unavailable":
      if (outcome.alternatives.length === 0 && isSoldOut(await readInventory(env.DB, vaccines, Date.now())))
        return new ApiError("sold_out");
      return new ApiError("dose2_unavailable", {
        detail: dose2DayFull(outcome.dose2Date).en,
        detailKo: dose2DayFull(outcome.dose2Date).ko,
        details: { dose2Date: outcome.dose2Date, alternatives: outcome.alternatives },
      });
  }
}

/**
 * Books seats for an authorized person, whatever the channel, and answers with the booking and a
 * receipt (201 when new, 200 for a retry of the same request). Telling the queue the booking
 * committed frees the person's share of the booking step.
 */
export async function bookAndAnswer(env: Env, keys: ReceiptKeys, request: Omit<BookingRequest, "id" | "nowIso">) {
  const now = Date.now();
  // The commit is timed where it runs: the cohort's object lowers admission when commits slow down or fail.
  const started = performance.now();
  let outcome: Awaited<ReturnType<typeof createBooking>>;
  try {
    await injectBookingFault(env);
    outcome = await createBooking(bookingDb(env.DB), { ...request, id: crypto.randomUUID(), nowIso: new Date(now).toISOString() });
  } catch (error) {
    await cohortQueue(env, request.cohortId)
      .recordFailedCommit(performance.now() - started)
      .catch(() => undefined);
    throw error;
  }
  const commitMs = performance.now() - started;
  if (outcome.kind !== "created" && outcome.kind !== "existing") throw await seatRefusal(env, outcome, request.vaccines);
  await cohortQueue(env, request.cohortId).markBooked(request.identityKey, commitMs);
  const status = outcome.kind === "created" ? (201 as const) : (200 as const);
  const body = await bookingAnswer(env, keys, outcome.booking.id, now);
  // Someone who left a number is texted the code and time (src/notify), and the number is deleted.
  const { code, slot, clinic } = body.booking;
  if (status === 201)
    await notifyBooked(env, request.cohortId, request.identityKey, { code, startsAt: slot.startsAt, clinic: clinic.name });
  return { status, bookingId: outcome.booking.id, body };
}

/**
 * Cancels a booking (both doses' seats free at once) and shows it. `origin` is the request's: this
 * location's cached receipt status is forgotten, so its desks learn of the change at once.
 */
export async function cancelAndShow(env: Env, origin: string, bookingId: string) {
  const db = bookingDb(env.DB);
  await cancelBooking(db, bookingId, new Date().toISOString());
  await forgetStanding(origin, [bookingId]);
  const booking = (await findBooking(db, bookingId))!;
  // The rule after a cancel: the person may join again and gets a new place at the back. If this
  // call fails the cancel still stands, and repeating the cancel gives the place up then.
  if (booking.status === "cancelled") await cohortQueue(env, booking.cohortId).releasePlace(booking.identityKey);
  return { booking: bookingView(booking) };
}

/**
 * Moves a booking to new seats within its cohort's vaccines (never during a hold), answering with a
 * fresh receipt; the old one no longer stands (this location's cached status is forgotten).
 */
export async function rescheduleAndAnswer(
  env: Env,
  origin: string,
  keys: ReceiptKeys,
  booking: BookingDetails,
  seats: { slotId: string; dose2SlotId?: string | undefined },
) {
  const authorization = await cohortQueue(env, booking.cohortId).authorizeSeatChange();
  if (authorization && !authorization.ok) throw refusalError(authorization);
  const vaccines = authorization?.vaccines;
  const now = Date.now();
  const outcome = await rescheduleBooking(bookingDb(env.DB), booking, { ...seats, vaccines, nowIso: new Date(now).toISOString() });
  if (outcome.kind !== "rescheduled" && outcome.kind !== "unchanged") throw await seatRefusal(env, outcome, vaccines);
  if (outcome.kind === "rescheduled") await forgetStanding(origin, [booking.id]);
  return bookingAnswer(env, keys, booking.id, now);
}
