import { Hono } from "hono";
import { z } from "zod";
import { bookingDb, createBooking, findBooking } from "../bookings/store";
import type { AppEnv } from "../http/app-env";
import { ApiError } from "../http/errors";
import { claimsOf, grantGate, receiptGate } from "../http/gates";
import { personFrom, refusalError } from "../http/person";
import { valid } from "../http/validate";
import { cohortQueue } from "../queue/stub";
import { signToken } from "../security/tokens";
import { cohortParams } from "./cohorts";

const bookingBody = z
  .object({
    nationalId: z.string().min(1).max(20),
    name: z.string().trim().min(1).max(100),
    slotId: z.string().min(1).max(100),
  })
  .strict();

/** Receipts stay valid for a year: long enough to show at the clinic for both doses. */
const RECEIPT_LIFETIME_SECONDS = 365 * 24 * 3600;

/** Booking a slot with a grant, within a cohort. */
export const cohortBookingRoutes = new Hono<AppEnv>().post(
  "/:cohortId/bookings",
  valid("param", cohortParams),
  // The grant is checked before the body, so a request without one learns nothing else.
  grantGate,
  valid("json", bookingBody),
  async (c) => {
    const { cohortId } = c.req.valid("param");
    const body = c.req.valid("json");
    const { signingKeys, idHashKey } = c.var.secrets;
    const now = Date.now();

    const grant = claimsOf(c, "grant");
    const person = await personFrom(body.nationalId, idHashKey);
    if (person.identity !== grant.sub) throw new ApiError("grant_invalid");

    const queue = cohortQueue(c.env, cohortId);
    const authorization = await queue.authorizeBooking(person.identity, grant.jti, person.birthDate);
    if (!authorization.ok) throw refusalError(authorization);

    const outcome = await createBooking(bookingDb(c.env.DB), {
      id: crypto.randomUUID(),
      cohortId,
      identityKey: person.identity,
      name: body.name,
      slotId: body.slotId,
      grantId: grant.jti,
      nowIso: new Date(now).toISOString(),
    });
    if (outcome.kind === "slot_not_found") throw new ApiError("slot_not_found");
    if (outcome.kind === "slot_full") throw new ApiError("slot_full");
    if (outcome.kind === "already_booked") throw new ApiError("already_booked");

    // The booking is committed; telling the queue frees this person's share of the booking step.
    await queue.markBooked(person.identity);
    const booking = outcome.booking;
    const receipt = await signToken<"receipt">(signingKeys, {
      use: "receipt",
      coh: cohortId,
      sub: person.identity,
      bid: booking.id,
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + RECEIPT_LIFETIME_SECONDS,
    });
    const found = await findBooking(bookingDb(c.env.DB), booking.id);
    return c.json({ booking: bookingView(found!), receipt }, outcome.kind === "created" ? 201 : 200);
  },
);

/** Reading a booking with its receipt. */
export const bookingRoutes = new Hono<AppEnv>().get(
  "/:bookingId",
  valid("param", z.object({ bookingId: z.uuid() })),
  receiptGate,
  async (c) => {
    const { bookingId } = c.req.valid("param");
    if (claimsOf(c, "receipt").bid !== bookingId) throw new ApiError("unauthorized");
    const booking = await findBooking(bookingDb(c.env.DB), bookingId);
    if (!booking) throw new ApiError("booking_not_found");
    c.header("Cache-Control", "no-store");
    return c.json({ booking: bookingView(booking) });
  },
);

/** A booking as shown to its holder: no identity key. */
function bookingView(booking: NonNullable<Awaited<ReturnType<typeof findBooking>>>) {
  return {
    id: booking.id,
    cohortId: booking.cohortId,
    status: booking.status,
    name: booking.name,
    createdAt: booking.createdAt,
    slot: { id: booking.slot.id, startsAt: booking.slot.startsAt, endsAt: booking.slot.endsAt },
    clinic: {
      id: booking.clinic.id,
      name: { ko: booking.clinic.nameKo, en: booking.clinic.nameEn },
      region: booking.clinic.region,
      address: booking.clinic.address,
    },
  };
}
