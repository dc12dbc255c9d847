// The national ID check of a booking's web self-service (view, cancel, reschedule with a receipt),
// throttled per client address and per booking, so a receipt seen at a desk or in a photo is no
// oracle for its holder's number. The call centre's routes check numbers without this throttle:
// agents are who a locked-out holder calls.
import type { Context } from "hono";
import { idCheckLockedUntil } from "../copy/bookings";
import { clientAddressKey } from "../domain/client-address";
import { idCheckVerdict } from "../domain/id-check-lock";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { claimsOf } from "../platform/gates";
import { personFrom } from "../platform/person";
import { beginIdCheck, settleIdCheck } from "./d1/id-checks";
import { type BookingDetails, bookingDb, findBooking } from "./d1/store";

/**
 * The booking of the receipt on the request, if `nationalId` is its holder's. In order: the receipt
 * must name this booking; the client address must be within `ID_CHECK_RATE_LIMITER`; the number
 * must be readable; the booking must not be locked by wrong numbers (the right number is refused
 * while it is, with when to try again); then the number is compared. Every wrong number gets the
 * same `identity_mismatch` and is counted.
 */
export async function receiptHolderBooking(c: Context<AppEnv>, bookingId: string, nationalId: string): Promise<BookingDetails> {
  const receipt = claimsOf(c, "receipt");
  if (receipt.bid !== bookingId) throw new ApiError("unauthorized");
  const { success } = await c.env.ID_CHECK_RATE_LIMITER.limit({ key: `id-check:${clientAddressKey(c.req.header("CF-Connecting-IP"))}` });
  if (!success) throw new ApiError("rate_limited");
  const person = await personFrom(nationalId, c.var.secrets.idHashKey);

  const db = bookingDb(c.env.DB);
  const nowMs = Date.now();
  const started = await beginIdCheck(db, { bookingId, cohortId: receipt.coh, nowMs });
  const check = { seq: started.seq, bookingId, nowMs };
  let outcome: "wrong" | "right" | "refused" = "refused";
  try {
    const verdict = idCheckVerdict(started.earlierMs, nowMs);
    if (verdict.locked) {
      const retryAt = new Date(verdict.retryAtMs).toISOString();
      const said = idCheckLockedUntil(retryAt);
      c.header("Retry-After", String(Math.max(1, Math.ceil((verdict.retryAtMs - nowMs) / 1000))));
      throw new ApiError("id_check_locked", { detail: said.en, detailKo: said.ko, details: { retryAt } });
    }
    const booking = receipt.sub === person.identity ? await findBooking(db, bookingId) : null;
    if (receipt.sub !== person.identity || (booking && booking.identityKey !== person.identity)) {
      outcome = "wrong";
      throw new ApiError("identity_mismatch");
    }
    if (!booking) throw new ApiError("booking_not_found");
    outcome = "right";
    return booking;
  } finally {
    await settleIdCheck(db, check, outcome);
  }
}
