// Issue 14, item 8: the public verifier said "valid" for a receipt whose booking was cancelled,
// moved or cut by supply. A genuine receipt is now checked against its booking's status, kept in
// this location's edge cache for at most STANDING_TTL_SECONDS, so D1 is read at most once per
// booking per location per TTL, and never for a forged receipt.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { STANDING_TTL_SECONDS } from "../../src/bookings/receipt-standing";
import { decodeToken, encodePart } from "../adversarial/helpers";
import { advanceServerTime, book, cohortConfig, createCohort, joinAndAdmit, nationalIdFor, setServerTime } from "../helpers";
import {
  AFTER_OPENING,
  blockId,
  clinic,
  DOSE1_DAY,
  loadSupply,
  OPENING,
  supplyDay,
  uniqueVaccineId,
  vaccine,
  withReceipt,
} from "../supply-helpers";

afterEach(() => vi.useRealTimers());

const NEXT_DAY = "2021-07-27";
let lastSerial = 0;

/** A one-dose clinic with two days of `doses` seats, a cohort, and one booking on the first day. */
async function booked(label: string, doses = 4) {
  const vaccineId = uniqueVaccineId(label);
  const clinicId = `${vaccineId}-c`;
  setServerTime(AFTER_OPENING);
  await loadSupply({
    vaccines: [vaccine(vaccineId, 1)],
    clinics: [clinic(clinicId, [vaccineId])],
    supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, doses), supplyDay(clinicId, vaccineId, NEXT_DAY, doses)],
  });
  const cohortId = await createCohort(label, cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
  const person = nationalIdFor("1968-02-02", ++lastSerial);
  const { grant } = await joinAndAdmit(cohortId, person);
  const slotId = blockId(clinicId, vaccineId, DOSE1_DAY);
  const { body } = await book(cohortId, grant, { nationalId: person, name: "Desk", slotId });
  return {
    clinicId,
    vaccineId,
    person,
    bookingId: body.booking.id as string,
    receipt: body.receipt as string,
    nextDay: blockId(clinicId, vaccineId, NEXT_DAY),
  };
}

/** Bindings whose database records every touch (and fails it). */
function countingDb(touched: string[]): Env {
  const trap = new Proxy(
    {},
    {
      get(_target, property) {
        touched.push(String(property));
        throw new Error("DB was used");
      },
    },
  );
  return { ...env, DB: trap } as unknown as Env;
}

async function verify(receipt: string, bindings: Env = env) {
  const ctx = createExecutionContext();
  const response = await app.fetch(
    new Request(`https://vaccine.test/api/v1/receipts/verify?receipt=${encodeURIComponent(receipt)}`),
    bindings,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { response, body: (await response.json()) as Record<string, any> };
}

describe("the public receipt verifier", () => {
  it("a cancelled booking's receipt is reported as no longer standing, not valid", async () => {
    const { bookingId, receipt, person } = await booked("standing-cancel");
    const before = await verify(receipt);
    expect(before.body).toMatchObject({ valid: true, status: "active", receipt: { bookingId } });
    expect(Date.parse(before.body.statusAsOf)).toBeLessThanOrEqual(Date.now());

    expect((await withReceipt(bookingId, "cancel", receipt, { nationalId: person })).response.status).toBe(200);
    const after = await verify(receipt);
    expect(after.body).toMatchObject({ valid: false, reason: "cancelled", status: "cancelled", receipt: { bookingId } });
    expect(after.body.message).toBeTruthy();
    expect(after.body.messageKo).toMatch(/취소/);
  });

  it("a rescheduled booking's old receipt is reported as superseded; the new one is valid", async () => {
    const { bookingId, receipt, person, nextDay } = await booked("standing-move");
    expect((await verify(receipt)).body.valid).toBe(true);
    const moved = await withReceipt(bookingId, "reschedule", receipt, { nationalId: person, slotId: nextDay });
    expect(moved.response.status).toBe(200);

    expect((await verify(receipt)).body).toMatchObject({ valid: false, reason: "superseded", status: "active" });
    expect((await verify(moved.body.receipt)).body).toMatchObject({ valid: true, status: "active" });
  });

  it("a booking moved to needs_reschedule by a supply cut is reported, not valid", async () => {
    const { receipt, clinicId, vaccineId } = await booked("standing-cut", 1);
    expect((await verify(receipt)).body.valid).toBe(true);
    const cut = await loadSupply({ supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 0)] });
    expect(cut.movedToReschedule).toHaveLength(1);
    expect((await verify(receipt)).body).toMatchObject({ valid: false, reason: "needs_reschedule", status: "needs_reschedule" });
  });

  it("reads the database at most once per booking per TTL, never for a forged receipt, and says how fresh it is", async () => {
    const { receipt } = await booked("standing-reads");
    const first = await verify(receipt);
    expect(first.body.valid).toBe(true);
    expect(first.response.headers.get("Cache-Control")).toMatch(new RegExp(`^public, max-age=([0-9]|[1-5][0-9]|${STANDING_TTL_SECONDS})$`));

    const touched: string[] = [];
    const cached = await verify(receipt, countingDb(touched));
    expect(cached.body).toMatchObject({ valid: true, statusAsOf: first.body.statusAsOf });
    const { header, payload, signature } = decodeToken(receipt);
    const forged = `${encodePart(header)}.${encodePart({ ...payload, bid: "00000000-0000-4000-8000-00000000f0f0" })}.${signature}`;
    expect((await verify(forged, countingDb(touched))).body).toMatchObject({ valid: false, reason: "bad_signature" });
    expect(touched).toEqual([]);

    // Past the TTL, the status is read again.
    advanceServerTime(STANDING_TTL_SECONDS * 1000);
    const fresh = await verify(receipt);
    expect(Date.parse(fresh.body.statusAsOf)).toBeGreaterThan(Date.parse(first.body.statusAsOf));
  });
});
