// A booking's life: view, cancel and reschedule with the receipt plus the person's national ID.
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, book, cohortConfig, createCohort, joinAndAdmit, nationalIdFor, setServerTime } from "../helpers";
import {
  AFTER_OPENING,
  blockId,
  bookingRow,
  clinic,
  DOSE1_DAY,
  DOSE2_DAY,
  loadSupply,
  OPENING,
  seatsOf,
  supplyDay,
  uniqueVaccineId,
  vaccine,
  withReceipt,
} from "../supply-helpers";

afterEach(() => vi.useRealTimers());

const DAY_B = "2021-07-27";
const DAY_B_DOSE2 = "2021-08-17";

/** A two-dose clinic with two days to book (each two blocks of `perBlock` seats) and their dose-2 days, and a cohort booking it. */
async function setting(label: string, perBlock = 2) {
  const vaccineId = uniqueVaccineId(label);
  const clinicId = `${vaccineId}-c`;
  await loadSupply({
    vaccines: [vaccine(vaccineId)],
    clinics: [clinic(clinicId, [vaccineId])],
    supply: [DOSE1_DAY, DOSE2_DAY, DAY_B, DAY_B_DOSE2].map((day) => supplyDay(clinicId, vaccineId, day, perBlock * 2, 2)),
  });
  setServerTime(AFTER_OPENING);
  const cohortId = await createCohort(label, cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
  const slot = (day: string, time = "09:00") => blockId(clinicId, vaccineId, day, time);
  return { cohortId, slot };
}

/** Books a person on a dose-1 slot and returns the booking and receipt. */
async function booked(cohortId: string, nationalId: string, slotId: string) {
  const { grant } = await joinAndAdmit(cohortId, nationalId);
  const { response, body } = await book(cohortId, grant, { nationalId, name: "Hong", slotId });
  if (response.status !== 201) throw new Error(`booking failed: ${JSON.stringify(body)}`);
  return { id: body.booking.id as string, receipt: body.receipt as string };
}

describe("viewing a booking", () => {
  it("needs the receipt and the person's own national ID; another person's number is refused", async () => {
    const { cohortId, slot } = await setting("view");
    const me = nationalIdFor("1968-05-01", 1);
    const booking = await booked(cohortId, me, slot(DOSE1_DAY));

    const seen = await withReceipt(booking.id, "view", booking.receipt, { nationalId: me });
    expect(seen.response.status).toBe(200);
    expect(seen.body.booking).toMatchObject({ id: booking.id, status: "active", seatsHeld: true, name: "Hong" });
    expect(seen.body.booking.dose2Slot.id).toBe(slot(DOSE2_DAY));

    const someoneElse = await withReceipt(booking.id, "view", booking.receipt, { nationalId: nationalIdFor("1968-05-01", 2) });
    expect(someoneElse.response.status).toBe(403);
    expect(someoneElse.body.error.code).toBe("identity_mismatch");
    expect(someoneElse.body.error.messageKo).toBeTruthy();

    const noReceipt = await api(`/api/v1/bookings/${booking.id}/view`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ nationalId: me }),
    });
    expect(noReceipt.status).toBe(401);
  });
});

describe("cancelling a booking", () => {
  it("frees both doses' seats at once; cancelling again changes nothing; a cancelled booking cannot be rescheduled", async () => {
    const { cohortId, slot } = await setting("cancel");
    const me = nationalIdFor("1968-05-02", 1);
    const booking = await booked(cohortId, me, slot(DOSE1_DAY));
    expect((await seatsOf(slot(DOSE1_DAY))).held).toBe(1);
    expect((await seatsOf(slot(DOSE2_DAY))).held).toBe(1);

    const wrongPerson = await withReceipt(booking.id, "cancel", booking.receipt, { nationalId: nationalIdFor("1968-05-02", 2) });
    expect(wrongPerson.response.status).toBe(403);
    expect((await bookingRow(booking.id))!.status).toBe("active");

    const cancelled = await withReceipt(booking.id, "cancel", booking.receipt, { nationalId: me });
    expect(cancelled.response.status).toBe(200);
    expect(cancelled.body.booking).toMatchObject({ status: "cancelled", seatsHeld: false });
    expect(await seatsOf(slot(DOSE1_DAY))).toMatchObject({ held: 0, holders: 0 });
    expect(await seatsOf(slot(DOSE2_DAY))).toMatchObject({ held: 0, holders: 0 });

    const again = await withReceipt(booking.id, "cancel", booking.receipt, { nationalId: me });
    expect(again.response.status).toBe(200);
    expect(await seatsOf(slot(DOSE1_DAY))).toMatchObject({ held: 0 });

    const moved = await withReceipt(booking.id, "reschedule", booking.receipt, { nationalId: me, slotId: slot(DAY_B) });
    expect(moved.response.status).toBe(409);
    expect(moved.body.error.code).toBe("booking_not_active");
    expect(await seatsOf(slot(DAY_B))).toMatchObject({ held: 0 });
  });
});

describe("rescheduling a booking", () => {
  it("moves both doses at once: the new seats are held and the old ones freed in the same step, with a new receipt", async () => {
    const { cohortId, slot } = await setting("move");
    const me = nationalIdFor("1968-05-03", 1);
    const booking = await booked(cohortId, me, slot(DOSE1_DAY));
    const moved = await withReceipt(booking.id, "reschedule", booking.receipt, { nationalId: me, slotId: slot(DAY_B, "09:30") });
    expect(moved.response.status).toBe(200);
    expect(moved.body.booking).toMatchObject({
      id: booking.id,
      status: "active",
      slot: { id: slot(DAY_B, "09:30") },
      dose2Slot: { id: slot(DAY_B_DOSE2, "09:30") },
    });
    expect(moved.body.receipt).not.toBe(booking.receipt);
    expect(await seatsOf(slot(DOSE1_DAY))).toMatchObject({ held: 0, holders: 0 });
    expect(await seatsOf(slot(DOSE2_DAY))).toMatchObject({ held: 0, holders: 0 });
    expect(await seatsOf(slot(DAY_B, "09:30"))).toMatchObject({ held: 1, holders: 1 });
    expect(await seatsOf(slot(DAY_B_DOSE2, "09:30"))).toMatchObject({ held: 1, holders: 1 });
  });

  it("to a full slot is refused and the person keeps the seats they had, never neither", async () => {
    const { cohortId, slot } = await setting("move-full", 1);
    const me = nationalIdFor("1968-05-04", 1);
    const mine = await booked(cohortId, me, slot(DOSE1_DAY));
    await booked(cohortId, nationalIdFor("1968-05-04", 2), slot(DAY_B));

    const refused = await withReceipt(mine.id, "reschedule", mine.receipt, { nationalId: me, slotId: slot(DAY_B) });
    expect(refused.response.status).toBe(409);
    expect(refused.body.error.code).toBe("slot_full");
    expect(await bookingRow(mine.id)).toMatchObject({ status: "active", slot_id: slot(DOSE1_DAY), dose2_slot_id: slot(DOSE2_DAY) });
    expect(await seatsOf(slot(DOSE1_DAY))).toMatchObject({ held: 1, holders: 1 });
    expect(await seatsOf(slot(DOSE2_DAY))).toMatchObject({ held: 1, holders: 1 });
    expect(await seatsOf(slot(DAY_B))).toMatchObject({ capacity: 1, held: 1 });
  });

  it("can move dose 2 alone within its day while dose 1 stays in a slot that is now full", async () => {
    const { cohortId, slot } = await setting("move-dose2", 1);
    const me = nationalIdFor("1968-05-05", 1);
    const booking = await booked(cohortId, me, slot(DOSE1_DAY));
    expect(await seatsOf(slot(DOSE1_DAY))).toMatchObject({ capacity: 1, held: 1 });
    const moved = await withReceipt(booking.id, "reschedule", booking.receipt, {
      nationalId: me,
      slotId: slot(DOSE1_DAY),
      dose2SlotId: slot(DOSE2_DAY, "09:30"),
    });
    expect(moved.response.status).toBe(200);
    expect(moved.body.booking.dose2Slot.id).toBe(slot(DOSE2_DAY, "09:30"));
    expect(await seatsOf(slot(DOSE1_DAY))).toMatchObject({ held: 1, holders: 1 });
    expect(await seatsOf(slot(DOSE2_DAY))).toMatchObject({ held: 0, holders: 0 });
    expect(await seatsOf(slot(DOSE2_DAY, "09:30"))).toMatchObject({ held: 1, holders: 1 });
  });

  it("a receipt for one booking cannot change another, even with that booking's national ID", async () => {
    const { cohortId, slot } = await setting("move-other");
    const a = nationalIdFor("1968-05-06", 1);
    const b = nationalIdFor("1968-05-06", 2);
    const bookingA = await booked(cohortId, a, slot(DOSE1_DAY));
    const bookingB = await booked(cohortId, b, slot(DOSE1_DAY));
    const response = await withReceipt(bookingB.id, "cancel", bookingA.receipt, { nationalId: b });
    expect(response.response.status).toBe(401);
    expect((await bookingRow(bookingB.id))!.status).toBe("active");
  });
});
