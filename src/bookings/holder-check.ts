// The national ID check of a booking's web self-service (view, cancel, reschedule with a receipt;
// find by booking code), throttled per client address and per booking, so a receipt seen at a desk
// or in a photo, or a code read over the phone, is no oracle for its holder's number. The call
// centre's routes check numbers without this throttle: agents are who a locked-out holder calls.
import type { Context } from "hono";
import { idCheckLockedUntil } from "../copy/bookings";
import { clientAddressKey } from "../domain/client-address";
import { idCheckVerdict } from "../domain/id-check-lock";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { claimsOf } from "../platform/gates";
import { type Person, personFrom } from "../platform/person";
import { beginIdCheck, settleIdCheck } from "./d1/id-checks";
import { type BookingDetails, bookingByCode, bookingDb, findBooking } from "./d1/store";

/** What a check is counted against: a booking (its id and cohort), or a code no booking has. */
interface CheckSubject {
  key: string;
  cohortId: string;
}

/**
 * One throttled check, in order: the client address must be within `ID_CHECK_RATE_LIMITER`; the
 * number must be readable; the subject must not be locked by wrong numbers (the right number is
 * refused while it is, with when to try again); then `judge` compares. A wrong number is counted.
 */
async function throttledCheck(
  c: Context<AppEnv>,
  nationalId: string,
  subject: (person: Person) => Promise<CheckSubject>,
  judge: (person: Person) => Promise<BookingDetails | "wrong">,
  wrong: () => ApiError,
): Promise<BookingDetails> {
  const { success } = await c.env.ID_CHECK_RATE_LIMITER.limit({ key: `id-check:${clientAddressKey(c.req.header("CF-Connecting-IP"))}` });
  if (!success) throw new ApiError("rate_limited");
  const person = await personFrom(nationalId, c.var.secrets.idHashKey);
  const { key, cohortId } = await subject(person);

  const db = bookingDb(c.env.DB);
  const nowMs = Date.now();
  const started = await beginIdCheck(db, { bookingId: key, cohortId, nowMs });
  const check = { seq: started.seq, bookingId: key, nowMs };
  let outcome: "wrong" | "right" | "refused" = "refused";
  try {
    const verdict = idCheckVerdict(started.earlierMs, nowMs);
    if (verdict.locked) {
      const retryAt = new Date(verdict.retryAtMs).toISOString();
      const said = idCheckLockedUntil(retryAt);
      c.header("Retry-After", String(Math.max(1, Math.ceil((verdict.retryAtMs - nowMs) / 1000))));
      throw new ApiError("id_check_locked", { detail: said.en, detailKo: said.ko, details: { retryAt } });
    }
    const judged = await judge(person);
    if (judged === "wrong") {
      outcome = "wrong";
      throw wrong();
    }
    outcome = "right";
    return judged;
  } finally {
    await settleIdCheck(db, check, outcome);
  }
}

/**
 * The booking of the receipt on the request, if `nationalId` is its holder's. The receipt must
 * name this booking; then the throttled check. Every wrong number gets the same `identity_mismatch`.
 */
export async function receiptHolderBooking(c: Context<AppEnv>, bookingId: string, nationalId: string): Promise<BookingDetails> {
  const receipt = claimsOf(c, "receipt");
  if (receipt.bid !== bookingId) throw new ApiError("unauthorized");
  return throttledCheck(
    c,
    nationalId,
    async () => ({ key: bookingId, cohortId: receipt.coh }),
    async (person) => {
      const booking = receipt.sub === person.identity ? await findBooking(bookingDb(c.env.DB), bookingId) : null;
      if (receipt.sub !== person.identity || (booking && booking.identityKey !== person.identity)) return "wrong";
      if (!booking) throw new ApiError("booking_not_found");
      return booking;
    },
    () => new ApiError("identity_mismatch"),
  );
}

/**
 * The booking with this code (stored form), if `nationalId` is its holder's: "find my booking" on
 * any device. A wrong number for a real code counts against that booking, so its lock is the one
 * its receipt's checks share. A code no booking has is counted and locked the same way under its
 * own key (`code:<code>`, no cohort), so every refusal, the lock included, is the same answer for
 * an unknown code as for a wrong number: codes cannot be told to exist.
 */
export async function codeHolderBooking(c: Context<AppEnv>, code: string, nationalId: string): Promise<BookingDetails> {
  const db = bookingDb(c.env.DB);
  let found: { id: string; cohortId: string } | undefined;
  return throttledCheck(
    c,
    nationalId,
    async () => {
      found = await bookingByCode(db, code);
      return found ? { key: found.id, cohortId: found.cohortId } : { key: `code:${code}`, cohortId: "" };
    },
    async (person) => {
      const booking = found ? await findBooking(db, found.id) : null;
      return booking && booking.identityKey === person.identity ? booking : "wrong";
    },
    () => new ApiError("booking_code_mismatch"),
  );
}
