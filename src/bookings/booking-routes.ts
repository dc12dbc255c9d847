import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { claimsOf, grantGate, publicGate, receiptGate } from "../platform/gates";
import { cohortParams } from "../platform/params";
import { personFrom } from "../platform/person";
import { valid } from "../platform/validate";
import { refusalError } from "../queue/edge/refusal-counts";
import { cohortQueue } from "../queue/stubs";
import {
  bookAndAnswer,
  bookingStatusView,
  bookingView,
  cancelAndShow,
  findBody,
  issueReceipt,
  nationalIdField,
  rescheduleAndAnswer,
  seatsFields,
} from "./answers";
import { bookingDb, findBooking } from "./d1/store";
import { codeHolderBooking, receiptHolderBooking } from "./holder-check";

const bookingBody = z
  .object({
    nationalId: nationalIdField,
    name: z.string().trim().min(1).max(100),
    ...seatsFields,
  })
  .strict();
const holderBody = z.object({ nationalId: nationalIdField }).strict();
const rescheduleBody = z.object({ nationalId: nationalIdField, ...seatsFields }).strict();
const bookingParams = z.object({ bookingId: z.uuid() });

/** Booking a slot (and dose 2) with a grant, within a cohort. */
export const cohortBookingRoutes = new Hono<AppEnv>().post(
  "/:cohortId/bookings",
  valid("param", cohortParams),
  // The grant is checked before the body, so a request without one learns nothing else.
  grantGate,
  valid("json", bookingBody),
  async (c) => {
    const { cohortId } = c.req.valid("param");
    const { nationalId, ...asked } = c.req.valid("json");
    const grant = claimsOf(c, "grant");
    const person = await personFrom(nationalId, c.var.secrets.idHashKey);
    if (person.identity !== grant.sub) throw new ApiError("grant_invalid");

    const authorization = await cohortQueue(c.env, cohortId).authorizeBooking(person.identity, grant.jti, person.birthDate);
    if (!authorization.ok) throw refusalError(authorization);
    const answer = await bookAndAnswer(c.env, c.var.secrets.receiptKeys, {
      ...asked,
      cohortId,
      identityKey: person.identity,
      grantId: grant.jti,
      vaccines: authorization.vaccines,
    });
    return c.json(answer.body, answer.status);
  },
);

/**
 * Finding a booking on a device without its receipt: its short code and the holder's number (the
 * same throttle as every ID check) answer the booking and a fresh receipt. A path of its own, not
 * under `/bookings/`: a fixed name beside `/bookings/:bookingId/view` is more than Hono's fastest
 * router (RegExpRouter) takes, and one such pair puts every route of the app on the slower one.
 */
export const bookingFinderRoutes = new Hono<AppEnv>().post("/find-booking", publicGate, valid("json", findBody), async (c) => {
  const { code, nationalId } = c.req.valid("json");
  const booking = await codeHolderBooking(c, code, nationalId);
  c.header("Cache-Control", "no-store");
  return c.json({ booking: bookingView(booking), receipt: await issueReceipt(c.var.secrets.receiptKeys, booking, Date.now()) });
});

/**
 * A booking's life after it is made. Reading its status (not the holder's name) needs its receipt; viewing it in full,
 * cancelling and rescheduling need the receipt and the person's national ID number, so a receipt
 * shown at a desk or photographed changes nothing; and wrong numbers are throttled
 * (`holder-check.ts`), so it is no oracle for that number either. A device without the receipt
 * finds the booking with `POST /api/v1/find-booking` (above) and gets a fresh receipt, so the
 * other routes work there too.
 */
export const bookingRoutes = new Hono<AppEnv>()
  .get("/:bookingId", valid("param", bookingParams), receiptGate, async (c) => {
    const { bookingId } = c.req.valid("param");
    if (claimsOf(c, "receipt").bid !== bookingId) throw new ApiError("unauthorized");
    const booking = await findBooking(bookingDb(c.env.DB), bookingId);
    if (!booking) throw new ApiError("booking_not_found");
    c.header("Cache-Control", "no-store");
    return c.json({ booking: bookingStatusView(booking) });
  })
  .post("/:bookingId/view", valid("param", bookingParams), receiptGate, valid("json", holderBody), async (c) => {
    const booking = await receiptHolderBooking(c, c.req.valid("param").bookingId, c.req.valid("json").nationalId);
    c.header("Cache-Control", "no-store");
    return c.json({ booking: bookingView(booking) });
  })
  .post("/:bookingId/cancel", valid("param", bookingParams), receiptGate, valid("json", holderBody), async (c) => {
    const booking = await receiptHolderBooking(c, c.req.valid("param").bookingId, c.req.valid("json").nationalId);
    return c.json(await cancelAndShow(c.env, new URL(c.req.url).origin, booking.id));
  })
  .post("/:bookingId/reschedule", valid("param", bookingParams), receiptGate, valid("json", rescheduleBody), async (c) => {
    const body = c.req.valid("json");
    const booking = await receiptHolderBooking(c, c.req.valid("param").bookingId, body.nationalId);
    return c.json(await rescheduleAndAnswer(c.env, new URL(c.req.url).origin, c.var.secrets.receiptKeys, booking, body));
  });
