// Two-dose bookings: dose 1 and dose 2 are booked or refused together, whatever the concurrency.
import { afterEach, describe, expect, it, vi } from "vitest";
import { admissionTick, book, cohortConfig, createCohort, join, joinAndAdmit, nationalIdFor, poll, setServerTime } from "../helpers";
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
  twoDoseClinic,
  vaccine,
} from "../supply-helpers";

afterEach(() => vi.useRealTimers());

/** A cohort open now, booking only this vaccine, admitting everyone waiting at once. */
async function cohortFor(label: string, vaccineId: string) {
  setServerTime(AFTER_OPENING);
  return createCohort(label, cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 60_000, maxInBookingStep: 100 }));
}

// One live booking per person in the whole campaign: each call joins new people.
let lastSerial = 0;

/** Joins `count` people and admits them all in one tick, returning each national ID with its grant. */
async function admitted(cohortId: string, count: number, birthDate = "1967-05-05") {
  const first = lastSerial + 1;
  lastSerial += count;
  const people = Array.from({ length: count }, (_, i) => nationalIdFor(birthDate, first + i));
  const tickets: string[] = [];
  for (const person of people) tickets.push((await join(cohortId, person)).body.ticket as string);
  await admissionTick(cohortId);
  const grants: string[] = [];
  for (const ticket of tickets) grants.push((await poll(cohortId, ticket)).body.grant as string);
  if (!grants.every(Boolean)) throw new Error("not everyone was admitted");
  return people.map((nationalId, i) => ({ nationalId, grant: grants[i]! }));
}

describe("dose 1 and dose 2 are booked together", () => {
  it("booking dose 1 also reserves dose 2 at the same clinic, the vaccine's interval later, at the same time of day", async () => {
    const { vaccineId, clinicId, dose1Slot } = await twoDoseClinic("together", 4, 4, 2);
    const cohortId = await cohortFor("together", vaccineId);
    const person = nationalIdFor("1968-04-04", 1);
    const { grant } = await joinAndAdmit(cohortId, person);
    const later = blockId(clinicId, vaccineId, DOSE1_DAY, "09:30");
    const { response, body } = await book(cohortId, grant, { nationalId: person, name: "Kim", slotId: later });
    expect(response.status).toBe(201);
    expect(body.booking.clinic.id).toBe(clinicId);
    expect(body.booking.vaccine).toMatchObject({ id: vaccineId, doses: 2, dose2IntervalDays: 21 });
    expect(body.booking.slot.id).toBe(later);
    expect(body.booking.dose2Slot.id).toBe(blockId(clinicId, vaccineId, DOSE2_DAY, "09:30"));
    expect(body.booking.dose2Slot.startsAt).toBe("2021-08-16T00:30:00.000Z");
    expect(await seatsOf(later)).toMatchObject({ held: 1, holders: 1 });
    expect(await seatsOf(blockId(clinicId, vaccineId, DOSE2_DAY, "09:30"))).toMatchObject({ held: 1, holders: 1 });
    expect(await seatsOf(dose1Slot)).toMatchObject({ held: 0 });
  });

  it("when the dose-2 day is full, nothing is booked and the answer says why in both languages and offers the nearest workable slots", async () => {
    const vaccineId = "dose2-full-vax";
    const clinicId = "dose2-full-clinic";
    const nextDay = "2021-07-27";
    await loadSupply({
      vaccines: [vaccine(vaccineId)],
      clinics: [clinic(clinicId, [vaccineId])],
      supply: [
        supplyDay(clinicId, vaccineId, DOSE1_DAY, 5),
        supplyDay(clinicId, vaccineId, DOSE2_DAY, 0),
        supplyDay(clinicId, vaccineId, nextDay, 5),
        supplyDay(clinicId, vaccineId, "2021-08-17", 5),
      ],
    });
    const cohortId = await cohortFor("dose2-full", vaccineId);
    const person = nationalIdFor("1968-04-05", 1);
    const { grant } = await joinAndAdmit(cohortId, person);
    const wanted = blockId(clinicId, vaccineId, DOSE1_DAY);
    const { response, body } = await book(cohortId, grant, { nationalId: person, name: "Lee", slotId: wanted });

    expect(response.status).toBe(409);
    expect(body.error.code).toBe("dose2_unavailable");
    expect(body.error.message).toContain(DOSE2_DAY);
    expect(body.error.messageKo).toContain("2차 접종일");
    expect(body.error.details.dose2Date).toBe(DOSE2_DAY);
    expect(body.error.details.alternatives[0]).toMatchObject({
      slotId: blockId(clinicId, vaccineId, nextDay),
      clinicId,
      dose2Date: "2021-08-17",
    });
    expect(await seatsOf(wanted)).toMatchObject({ held: 0, holders: 0 });

    // The offered slot books, with both doses.
    const retry = await book(cohortId, grant, { nationalId: person, name: "Lee", slotId: body.error.details.alternatives[0].slotId });
    expect(retry.response.status).toBe(201);
    expect(retry.body.booking.dose2Slot.id).toBe(blockId(clinicId, vaccineId, "2021-08-17"));
  });

  it("a dose-2 slot the person picks must be at the same clinic on the dose-2 day", async () => {
    const { vaccineId, clinicId, dose1Slot } = await twoDoseClinic("pick", 4, 4);
    const cohortId = await cohortFor("pick", vaccineId);
    const person = nationalIdFor("1968-04-06", 1);
    const { grant } = await joinAndAdmit(cohortId, person);
    const wrong = await book(cohortId, grant, { nationalId: person, name: "Park", slotId: dose1Slot, dose2SlotId: dose1Slot });
    expect(wrong.response.status).toBe(400);
    expect(wrong.body.error.message).toContain(`dose 2 must be at clinic ${clinicId} on ${DOSE2_DAY}`);
    expect(await seatsOf(dose1Slot)).toMatchObject({ held: 0 });
  });

  it("retrying the same admitted request returns the same booking and holds no extra seat for either dose", async () => {
    const { vaccineId, dose1Slot, dose2Slot } = await twoDoseClinic("retry2", 4, 4);
    const cohortId = await cohortFor("retry2", vaccineId);
    const person = nationalIdFor("1968-04-07", 1);
    const { grant } = await joinAndAdmit(cohortId, person);
    const request = { nationalId: person, name: "Choi", slotId: dose1Slot };
    const [first, ...retries] = await Promise.all([
      book(cohortId, grant, request),
      book(cohortId, grant, request),
      book(cohortId, grant, request),
    ]);
    const again = await book(cohortId, grant, request);
    const ids = new Set([first, ...retries, again].filter((r) => r.response.status < 300).map((r) => r.body.booking.id));
    expect(ids.size).toBe(1);
    expect(again.response.status).toBe(200);
    expect(await seatsOf(dose1Slot)).toMatchObject({ held: 1, holders: 1 });
    expect(await seatsOf(dose2Slot)).toMatchObject({ held: 1, holders: 1 });
  });
});

describe("capacity holds under concurrency, for both doses", () => {
  it("many simultaneous bookings at the last dose-1 seats make exactly as many bookings as seats, each with its dose 2", async () => {
    const cohortId = await cohortFor("race-dose1", "race-dose1-vax");
    const people = await admitted(cohortId, 16); // admitted before supply exists: nothing to count yet
    const { clinicId, dose1Slot } = await (async () => {
      await loadSupply({
        vaccines: [vaccine("race-dose1-vax")],
        clinics: [clinic("race-dose1-clinic", ["race-dose1-vax"])],
        supply: [
          supplyDay("race-dose1-clinic", "race-dose1-vax", DOSE1_DAY, 3),
          supplyDay("race-dose1-clinic", "race-dose1-vax", DOSE2_DAY, 10),
        ],
      });
      return { clinicId: "race-dose1-clinic", dose1Slot: blockId("race-dose1-clinic", "race-dose1-vax", DOSE1_DAY) };
    })();

    const results = await Promise.all(
      people.map((p, i) => book(cohortId, p.grant, { nationalId: p.nationalId, name: `P${i}`, slotId: dose1Slot })),
    );
    const booked = results.filter((r) => r.response.status === 201);
    expect(booked).toHaveLength(3);
    for (const refused of results.filter((r) => r.response.status !== 201)) {
      expect(refused.response.status).toBe(409);
      expect(["slot_full", "sold_out"]).toContain(refused.body.error.code);
    }
    expect(await seatsOf(dose1Slot)).toEqual({ capacity: 3, held: 3, holders: 3 });
    expect(await seatsOf(blockId(clinicId, "race-dose1-vax", DOSE2_DAY))).toEqual({ capacity: 10, held: 3, holders: 3 });
  });

  it("many simultaneous bookings at the last dose-2 seats make exactly as many bookings as dose-2 seats, and no dose 1 alone", async () => {
    const cohortId = await cohortFor("race-dose2", "race-dose2-vax");
    const people = await admitted(cohortId, 16);
    await loadSupply({
      vaccines: [vaccine("race-dose2-vax")],
      clinics: [clinic("race-dose2-clinic", ["race-dose2-vax"])],
      // Plenty for dose 1; dose 2 has four seats over two blocks, so racers also spill onto the second block.
      supply: [
        supplyDay("race-dose2-clinic", "race-dose2-vax", DOSE1_DAY, 20),
        supplyDay("race-dose2-clinic", "race-dose2-vax", DOSE2_DAY, 4, 2),
      ],
    });
    const dose1Slot = blockId("race-dose2-clinic", "race-dose2-vax", DOSE1_DAY);

    const results = await Promise.all(
      people.map((p, i) => book(cohortId, p.grant, { nationalId: p.nationalId, name: `P${i}`, slotId: dose1Slot })),
    );
    const booked = results.filter((r) => r.response.status === 201);
    expect(booked).toHaveLength(4);
    for (const refused of results.filter((r) => r.response.status !== 201)) {
      expect(["dose2_unavailable", "sold_out"]).toContain(refused.body.error.code);
    }
    expect(await seatsOf(dose1Slot)).toEqual({ capacity: 20, held: 4, holders: 4 });
    expect(await seatsOf(blockId("race-dose2-clinic", "race-dose2-vax", DOSE2_DAY, "09:00"))).toEqual({ capacity: 2, held: 2, holders: 2 });
    expect(await seatsOf(blockId("race-dose2-clinic", "race-dose2-vax", DOSE2_DAY, "09:30"))).toEqual({ capacity: 2, held: 2, holders: 2 });
    for (const b of booked) expect((await bookingRow(b.body.booking.id))!.dose2_slot_id).toBeTruthy();
  });
});
