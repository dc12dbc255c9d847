// Supply: bulk loading (validated, all or nothing, errors naming the row) and supply cuts that move
// exactly the overflow, newest first, to needs_reschedule.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { demoCohort, demoSupply } from "../../scripts/demo-data.mjs";
import {
  ADMIN,
  admissionTick,
  advanceServerTime,
  api,
  book,
  cohortConfig,
  createCohort,
  join,
  nationalIdFor,
  poll,
  setServerTime,
} from "../helpers";
import {
  AFTER_OPENING,
  blockId,
  bookingRow,
  clinic,
  DOSE1_DAY,
  loadSupply,
  OPENING,
  putSupply,
  seatsOf,
  supplyDay,
  uniqueVaccineId,
  vaccine,
  withReceipt,
} from "../supply-helpers";

afterEach(() => vi.useRealTimers());

async function slotRows(clinicId: string) {
  const { results } = await env.DB.prepare("SELECT id, date, starts_at, capacity FROM slots WHERE clinic_id = ? ORDER BY starts_at")
    .bind(clinicId)
    .all();
  return results;
}

describe("loading supply", () => {
  it("cuts a clinic's day of one vaccine into 30-minute blocks and spreads the doses over them", async () => {
    const body = await loadSupply({
      vaccines: [vaccine("load-pfizer"), vaccine("load-janssen", 1)],
      clinics: [clinic("load-clinic", ["load-pfizer", "load-janssen"])],
      supply: [supplyDay("load-clinic", "load-pfizer", DOSE1_DAY, 10, 4)],
    });
    expect(body).toMatchObject({ vaccines: 2, clinics: 1, slots: 4, movedToReschedule: [] });
    expect(await slotRows("load-clinic")).toEqual([
      { id: "load-clinic.load-pfizer.2021-07-26T0900", date: DOSE1_DAY, starts_at: "2021-07-26T00:00:00.000Z", capacity: 3 },
      { id: "load-clinic.load-pfizer.2021-07-26T0930", date: DOSE1_DAY, starts_at: "2021-07-26T00:30:00.000Z", capacity: 3 },
      { id: "load-clinic.load-pfizer.2021-07-26T1000", date: DOSE1_DAY, starts_at: "2021-07-26T01:00:00.000Z", capacity: 2 },
      { id: "load-clinic.load-pfizer.2021-07-26T1030", date: DOSE1_DAY, starts_at: "2021-07-26T01:30:00.000Z", capacity: 2 },
    ]);
  });

  it("refuses a file with one bad row, names the row, and changes nothing", async () => {
    const good = supplyDay("bad-row-clinic", "bad-row-vax", DOSE1_DAY, 10);
    const rows = Array.from({ length: 20 }, (_, i) =>
      supplyDay("bad-row-clinic", "bad-row-vax", `2021-07-${String(i + 1).padStart(2, "0")}`, 10),
    );
    rows[17] = { ...good, opensAt: "2021-07-18T09:00:00+09:00", closesAt: "2021-07-18T09:30:00+09:00", doses: -5 };
    const shape = await putSupply({
      vaccines: [vaccine("bad-row-vax")],
      clinics: [clinic("bad-row-clinic", ["bad-row-vax"])],
      supply: rows,
    });
    expect(shape.response.status).toBe(400);
    expect(shape.body.error.code).toBe("invalid_input");
    expect(shape.body.error.message).toContain("supply.17.doses");

    rows[17] = { ...rows[17]!, doses: 5, vaccineId: "not-given-here" };
    const reference = await putSupply({
      vaccines: [vaccine("bad-row-vax")],
      clinics: [clinic("bad-row-clinic", ["bad-row-vax"])],
      supply: rows,
    });
    expect(reference.response.status).toBe(400);
    expect(reference.body.error.message).toContain("supply.17.vaccineId");
    expect(reference.body.error.details).toEqual([
      { path: "supply.17.vaccineId", message: 'no vaccine "not-given-here" exists or is in this load' },
    ]);

    expect(await slotRows("bad-row-clinic")).toEqual([]);
    expect(await env.DB.prepare("SELECT id FROM clinics WHERE id = 'bad-row-clinic'").first()).toBeNull();
    expect(await env.DB.prepare("SELECT id FROM vaccines WHERE id = 'bad-row-vax'").first()).toBeNull();
  });

  it("names every cross-row problem: a vaccine the clinic does not give, the same day twice, a two-dose vaccine without its interval", async () => {
    await loadSupply({ vaccines: [vaccine("cross-a"), vaccine("cross-b")], clinics: [clinic("cross-clinic", ["cross-a"])] });
    const { response, body } = await putSupply({
      supply: [
        supplyDay("cross-clinic", "cross-a", DOSE1_DAY, 5),
        supplyDay("cross-clinic", "cross-b", DOSE1_DAY, 5),
        supplyDay("cross-clinic", "cross-a", DOSE1_DAY, 7, 1, "13:00"),
      ],
    });
    expect(response.status).toBe(400);
    expect(body.error.details).toEqual([
      { path: "supply.1.vaccineId", message: 'clinic "cross-clinic" does not give "cross-b"' },
      { path: "supply.2", message: "same clinic, vaccine and day as supply.0" },
    ]);
    const interval = await putSupply({ vaccines: [{ id: "cross-c", nameKo: "c", nameEn: "c", doses: 2 }] });
    expect(interval.body.error.message).toContain("vaccines.0.dose2IntervalDays");
  });

  it("keeps the single-slot form for fine control, and refuses moving a slot that has bookings", async () => {
    setServerTime(AFTER_OPENING);
    const vaccineId = uniqueVaccineId("single");
    const slot = {
      id: `${vaccineId}-s1`,
      clinicId: `${vaccineId}-c`,
      vaccineId,
      startsAt: "2021-07-26T09:00:00+09:00",
      endsAt: "2021-07-26T09:20:00+09:00",
      capacity: 2,
    };
    await loadSupply({ vaccines: [vaccine(vaccineId, 1)], clinics: [clinic(slot.clinicId, [vaccineId])], slots: [slot] });
    const cohortId = await createCohort("single", cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
    const person = nationalIdFor("1967-08-08", 1);
    const joined = await join(cohortId, person);
    await admissionTick(cohortId);
    const grant = (await poll(cohortId, joined.body.ticket)).body.grant;
    expect((await book(cohortId, grant, { nationalId: person, name: "S", slotId: slot.id })).response.status).toBe(201);

    const moved = await putSupply({ slots: [{ ...slot, startsAt: "2021-07-26T10:00:00+09:00", endsAt: "2021-07-26T10:20:00+09:00" }] });
    expect(moved.response.status).toBe(400);
    expect(moved.body.error.message).toContain("slots.0: this slot has bookings");
    expect(await seatsOf(slot.id)).toMatchObject({ capacity: 2, held: 1 });
  });

  it("refuses a supply row whose generated block would move a booked single slot to another day (issue 14, item 3)", async () => {
    setServerTime(AFTER_OPENING);
    const vaccineId = uniqueVaccineId("collide");
    const clinicId = `${vaccineId}-c`;
    // A single slot on 26 July whose id is what a supply row for 27 July names its 09:00 block.
    const slot = {
      id: blockId(clinicId, vaccineId, "2021-07-27"),
      clinicId,
      vaccineId,
      startsAt: "2021-07-26T09:00:00+09:00",
      endsAt: "2021-07-26T09:30:00+09:00",
      capacity: 2,
    };
    await loadSupply({ vaccines: [vaccine(vaccineId, 1)], clinics: [clinic(clinicId, [vaccineId])], slots: [slot] });
    const cohortId = await createCohort("collide", cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
    const person = nationalIdFor("1967-08-09", 1);
    const joined = await join(cohortId, person);
    await admissionTick(cohortId);
    const grant = (await poll(cohortId, joined.body.ticket)).body.grant;
    const booked = await book(cohortId, grant, { nationalId: person, name: "C", slotId: slot.id });
    expect(booked.response.status).toBe(201);

    const load = await putSupply({ supply: [supplyDay(clinicId, vaccineId, "2021-07-27", 4)] });
    expect(load.response.status).toBe(400);
    expect(load.body.error.message).toContain("supply.0");
    expect(load.body.error.message).toContain(slot.id);
    const row = await env.DB.prepare("SELECT date, starts_at FROM slots WHERE id = ?")
      .bind(slot.id)
      .first<{ date: string; starts_at: string }>();
    expect(row?.date).toBe("2021-07-26");
    expect(await seatsOf(slot.id)).toMatchObject({ capacity: 2, held: 1 });
  });
});

// One live booking per person in the whole campaign: each call books new people.
let lastSerial = 0;

/** Books `count` people one after another (a second apart), returning their IDs, bookings and receipts in booking order. */
async function bookInOrder(cohortId: string, count: number, slotFor: (i: number) => string) {
  const first = lastSerial + 1;
  lastSerial += count;
  const people = Array.from({ length: count }, (_, i) => nationalIdFor("1968-06-06", first + i));
  const tickets = [];
  for (const person of people) tickets.push((await join(cohortId, person)).body.ticket as string);
  await admissionTick(cohortId);
  const booked = [];
  for (const [i, person] of people.entries()) {
    const grant = (await poll(cohortId, tickets[i]!)).body.grant as string;
    advanceServerTime(1000);
    const { response, body } = await book(cohortId, grant, { nationalId: person, name: `P${i}`, slotId: slotFor(i) });
    if (response.status !== 201) throw new Error(`booking ${i} failed: ${JSON.stringify(body)}`);
    booked.push({ nationalId: person, id: body.booking.id as string, receipt: body.receipt as string });
  }
  return booked;
}

describe("a supply cut", () => {
  it("moves exactly the overflow, newest first, to needs_reschedule; operators list them; the citizen sees it and rebooks without queueing", async () => {
    setServerTime(AFTER_OPENING);
    const vaccineId = uniqueVaccineId("cut");
    const clinicId = `${vaccineId}-c`;
    await loadSupply({
      vaccines: [vaccine(vaccineId, 1)],
      clinics: [clinic(clinicId, [vaccineId])],
      supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 6, 2)],
    });
    const cohortId = await createCohort("cut", cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
    const early = blockId(clinicId, vaccineId, DOSE1_DAY, "09:00");
    const late = blockId(clinicId, vaccineId, DOSE1_DAY, "09:30");
    // Five bookings: 09:00, 09:30, 09:00, 09:30, 09:00, in that order.
    const booked = await bookInOrder(cohortId, 5, (i) => (i % 2 === 0 ? early : late));

    const cut = await loadSupply({ supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 3, 2)] });
    const newestTwo = [booked[4]!.id, booked[3]!.id];
    expect([...cut.movedToReschedule].sort()).toEqual([...newestTwo].sort());
    for (const b of booked.slice(0, 3)) expect((await bookingRow(b.id))!.status).toBe("active");
    for (const id of newestTwo) expect((await bookingRow(id))!.status).toBe("needs_reschedule");
    const seats = [await seatsOf(early), await seatsOf(late)];
    expect(seats.map((s) => s.capacity).reduce((a, b) => a + b)).toBe(3);
    for (const s of seats) expect(s.held).toBe(s.holders);
    for (const s of seats) expect(s.held).toBeLessThanOrEqual(s.capacity);

    const listed = await api(`/admin/v1/bookings?status=needs_reschedule&cohortId=${cohortId}`, { headers: ADMIN });
    expect(((await listed.json()) as any).bookings.map((b: any) => b.id).sort()).toEqual([...newestTwo].sort());

    const newest = booked[4]!;
    const status = await api(`/api/v1/bookings/${newest.id}`, { headers: { Authorization: `Bearer ${newest.receipt}` } });
    expect(((await status.json()) as any).booking).toMatchObject({ status: "needs_reschedule", seatsHeld: false });

    // New supply on another day; the citizen picks a slot there with the receipt and their number, no queue.
    await loadSupply({ supply: [supplyDay(clinicId, vaccineId, "2021-07-27", 4)] });
    const rebooked = await withReceipt(newest.id, "reschedule", newest.receipt, {
      nationalId: newest.nationalId,
      slotId: blockId(clinicId, vaccineId, "2021-07-27"),
    });
    expect(rebooked.response.status).toBe(200);
    expect(rebooked.body.booking).toMatchObject({ id: newest.id, status: "active", seatsHeld: true });
    expect(await seatsOf(blockId(clinicId, vaccineId, "2021-07-27"))).toMatchObject({ held: 1, holders: 1 });
  });

  it("that still covers every booking moves nobody, and spreads the rest around what is held", async () => {
    setServerTime(AFTER_OPENING);
    const vaccineId = uniqueVaccineId("cut-none");
    const clinicId = `${vaccineId}-c`;
    await loadSupply({
      vaccines: [vaccine(vaccineId, 1)],
      clinics: [clinic(clinicId, [vaccineId])],
      supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 8, 2)],
    });
    const cohortId = await createCohort("cut-none", cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
    const early = blockId(clinicId, vaccineId, DOSE1_DAY, "09:00");
    await bookInOrder(cohortId, 3, () => early);
    const cut = await loadSupply({ supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 4, 2)] });
    expect(cut.movedToReschedule).toEqual([]);
    expect(await seatsOf(early)).toMatchObject({ capacity: 3, held: 3 });
    expect(await seatsOf(blockId(clinicId, vaccineId, DOSE1_DAY, "09:30"))).toMatchObject({ capacity: 1, held: 0 });
  });
});

describe("the public slot list", () => {
  it("shows a cohort only its own vaccines, each slot's real remaining seats, and whether its dose-2 day has room", async () => {
    setServerTime(AFTER_OPENING);
    const twoDose = uniqueVaccineId("list-two");
    const other = uniqueVaccineId("list-other");
    const clinicId = `${twoDose}-c`;
    await loadSupply({
      vaccines: [vaccine(twoDose), vaccine(other, 1)],
      clinics: [clinic(clinicId, [twoDose, other])],
      supply: [
        supplyDay(clinicId, twoDose, DOSE1_DAY, 2),
        supplyDay(clinicId, twoDose, "2021-08-16", 1),
        supplyDay(clinicId, twoDose, "2021-07-27", 2),
        supplyDay(clinicId, other, DOSE1_DAY, 9),
      ],
    });
    const cohortId = await createCohort("list", cohortConfig(OPENING, { vaccines: [twoDose] }));
    const response = await api(`/api/v1/cohorts/${cohortId}/slots?clinicId=${clinicId}`);
    expect(response.headers.get("Cache-Control")).toContain("public");
    const body = (await response.json()) as any;
    expect(body.vaccines).toEqual([{ id: twoDose, nameKo: "시험 백신", nameEn: "Test vaccine", doses: 2, dose2IntervalDays: 21 }]);
    expect(body.clinics).toHaveLength(1);
    expect(body.clinics[0].vaccines.sort()).toEqual([twoDose, other].sort());
    const byId = new Map(body.clinics[0].slots.map((s: any) => [s.id, s]));
    expect(byId.get(blockId(clinicId, twoDose, DOSE1_DAY))).toMatchObject({
      capacity: 2,
      remaining: 2,
      dose2Date: "2021-08-16",
      dose2Available: true,
    });
    expect(byId.get(blockId(clinicId, twoDose, "2021-07-27"))).toMatchObject({ dose2Date: "2021-08-17", dose2Available: false });
    expect([...byId.keys()].some((id) => String(id).includes(other))).toBe(false);
  });

  it("the demo data of npm start loads, and its two-dose slots have their dose-2 days", async () => {
    const now = Date.parse("2021-07-19T03:00:00Z");
    setServerTime(now);
    const loaded = await loadSupply(demoSupply(now));
    expect(loaded).toMatchObject({ vaccines: 2, clinics: 3 });
    const cohortId = await createCohort("demo", demoCohort(now, 120_000));
    const body = (await (await api(`/api/v1/cohorts/${cohortId}/slots?clinicId=seoul-jongno`)).json()) as any;
    const first = body.clinics[0].slots[0];
    expect(first).toMatchObject({ vaccineId: "pfizer", capacity: 10, remaining: 10, dose2Available: true });
  });
});
