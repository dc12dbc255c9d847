// The queue knows the inventory: it never admits more people than there are seats left, tells
// waiting people plainly when none are left, and resumes in the same order when supply is added.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  admissionTick,
  api,
  book,
  cohortConfig,
  createCohort,
  join,
  nationalIdFor,
  poll,
  queueStub,
  send,
  setServerTime,
} from "../helpers";
import { AFTER_OPENING, blockId, clinic, DOSE1_DAY, loadSupply, OPENING, supplyDay, uniqueVaccineId, vaccine } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

/** A cohort booking only a fresh single-dose vaccine, with `doses` seats on one day, admitting up to 1,000 a second. */
async function stockedCohort(label: string, doses: number) {
  setServerTime(AFTER_OPENING);
  const vaccineId = uniqueVaccineId(label);
  const clinicId = `${vaccineId}-c`;
  await loadSupply({
    vaccines: [vaccine(vaccineId, 1)],
    clinics: [clinic(clinicId, [vaccineId])],
    supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, doses)],
  });
  const cohortId = await createCohort(
    label,
    cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 60_000, maxInBookingStep: 100 }),
  );
  return { cohortId, vaccineId, clinicId, slotId: blockId(clinicId, vaccineId, DOSE1_DAY) };
}

async function joinAll(cohortId: string, people: string[]) {
  const tickets: string[] = [];
  for (const person of people) tickets.push((await join(cohortId, person)).body.ticket as string);
  return tickets;
}

async function states(cohortId: string, tickets: string[]) {
  const answers = [];
  for (const ticket of tickets) answers.push((await poll(cohortId, ticket)).body);
  return answers;
}

describe("the queue knows the inventory", () => {
  it("never admits more people than there are seats left", async () => {
    const { cohortId } = await stockedCohort("seats-left", 2);
    const tickets = await joinAll(
      cohortId,
      Array.from({ length: 5 }, (_, i) => nationalIdFor("1967-03-03", i + 1)),
    );
    await admissionTick(cohortId);
    await admissionTick(cohortId);
    const answers = await states(cohortId, tickets);
    expect(answers.map((a) => a.state)).toEqual(["admitted", "admitted", "waiting", "waiting", "waiting"]);
  });

  it("a sold-out cohort stops admitting, tells waiting people so plainly, and resumes in the same order when supply is added", async () => {
    const { cohortId, vaccineId, clinicId, slotId } = await stockedCohort("sold-out", 2);
    const people = Array.from({ length: 5 }, (_, i) => nationalIdFor("1967-04-04", i + 1));
    const tickets = await joinAll(cohortId, people);
    await admissionTick(cohortId);
    const first = await states(cohortId, tickets.slice(0, 2));
    for (const [i, answer] of first.entries()) {
      expect((await book(cohortId, answer.grant, { nationalId: people[i]!, name: `P${i}`, slotId })).response.status).toBe(201);
    }

    await admissionTick(cohortId);
    const waiting = await states(cohortId, tickets.slice(2));
    for (const [i, answer] of waiting.entries()) {
      expect(answer).toMatchObject({ state: "sold_out", position: i + 3, estimatedWaitSeconds: null });
      expect(answer.message).toMatch(/booked for now.*keep your place/);
      expect(answer.messageKo).toContain("대기 순번은 유지");
      expect(answer.grant).toBeUndefined();
    }
    expect((await queueStub(cohortId).progress())!.admittedThrough).toBe(2);
    expect(((await (await api(`/api/v1/cohorts/${cohortId}`)).json()) as any).soldOut).toBe(true);
    // Someone joining now keeps a place too, behind everyone else, and is told the same.
    const late = await join(cohortId, nationalIdFor("1967-04-04", 9));
    expect(late.body).toMatchObject({ state: "sold_out", position: 6 });
    for (let tick = 0; tick < 3; tick++) await admissionTick(cohortId);
    expect((await queueStub(cohortId).progress())!.admittedThrough).toBe(2);

    // Supply arrives on another day: admission resumes with positions 3 and 4, in order.
    await loadSupply({ supply: [supplyDay(clinicId, vaccineId, "2021-07-27", 2)] });
    await admissionTick(cohortId);
    const resumed = await states(cohortId, [...tickets.slice(2), late.body.ticket]);
    expect(resumed.map((a) => a.state)).toEqual(["admitted", "admitted", "waiting", "waiting"]);
    expect(resumed.map((a) => a.position)).toEqual([3, 4, 5, 6]);
    expect(((await (await api(`/api/v1/cohorts/${cohortId}`)).json()) as any).soldOut).toBe(false);
  });

  it("an admitted person who finds no seat left is told the cohort is sold out, not just that the slot filled", async () => {
    setServerTime(AFTER_OPENING);
    const vaccineId = uniqueVaccineId("sold-out-book");
    const clinicId = `${vaccineId}-c`;
    const cohortId = await createCohort("sold-out-book", cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 60_000 }));
    const people = [nationalIdFor("1967-05-05", 1), nationalIdFor("1967-05-05", 2)];
    // Both are admitted before any supply of the cohort's vaccine exists (nothing to count yet)...
    const tickets = await joinAll(cohortId, people);
    await admissionTick(cohortId);
    const [a, b] = await states(cohortId, tickets);
    // ...then one seat arrives, and the first takes it.
    await loadSupply({
      vaccines: [vaccine(vaccineId, 1)],
      clinics: [clinic(clinicId, [vaccineId])],
      supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 1)],
    });
    const slotId = blockId(clinicId, vaccineId, DOSE1_DAY);
    expect((await book(cohortId, a!.grant, { nationalId: people[0]!, name: "A", slotId })).response.status).toBe(201);
    const late = await book(cohortId, b!.grant, { nationalId: people[1]!, name: "B", slotId });
    expect(late.response.status).toBe(409);
    expect(late.body.error.code).toBe("sold_out");
    expect(late.body.error.messageKo).toBeTruthy();
    const slots = (await (await api(`/api/v1/cohorts/${cohortId}/slots`)).json()) as any;
    expect(slots.clinics[0].slots[0]).toMatchObject({ id: slotId, capacity: 1, remaining: 0 });
  });

  it("while the booking step is full, still tells waiting people within ten seconds that the last seat went", async () => {
    setServerTime(AFTER_OPENING);
    const vaccineId = uniqueVaccineId("full-step");
    const clinicId = `${vaccineId}-c`;
    await loadSupply({
      vaccines: [vaccine(vaccineId, 1)],
      clinics: [clinic(clinicId, [vaccineId])],
      supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 1)],
    });
    const cohortId = await createCohort(
      "full-step",
      cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 600, maxInBookingStep: 1 }),
    );
    const tickets = await joinAll(cohortId, [nationalIdFor("1967-06-06", 1), nationalIdFor("1967-06-06", 2)]);
    await admissionTick(cohortId);
    expect((await states(cohortId, tickets)).map((a) => a.state)).toEqual(["admitted", "waiting"]);
    // The last seat goes by phone while the first person is still choosing.
    const agent = env.AGENT_TOKENS.split(" ")[0]!.split(":")[1]!;
    const byPhone = await send(
      "POST",
      `/agent/v1/cohorts/${cohortId}/bookings`,
      {
        nationalId: nationalIdFor("1968-01-01", 9),
        name: "By phone",
        slotId: blockId(clinicId, vaccineId, DOSE1_DAY),
        requestId: crypto.randomUUID(),
      },
      { Authorization: `Bearer ${agent}` },
    );
    expect(byPhone.status).toBe(201);
    await admissionTick(cohortId);
    expect((await states(cohortId, tickets.slice(1)))[0]!.state).toBe("waiting");
    for (let tick = 0; tick < 10; tick++) await admissionTick(cohortId);
    expect((await states(cohortId, tickets.slice(1)))[0]!.state).toBe("sold_out");
  });
});
