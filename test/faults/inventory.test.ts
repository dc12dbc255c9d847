// The queue reads the seats left from D1 on each admission tick. When that read fails, nobody is
// admitted on a guess; when D1 answers again, admission carries on in order.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { admissionTick, cohortConfig, createCohort, join, nationalIdFor, poll, setServerTime } from "../helpers";
import { AFTER_OPENING, clinic, DOSE1_DAY, loadSupply, OPENING, supplyDay, uniqueVaccineId, vaccine } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

describe("D1 fails while the queue counts the seats left", () => {
  it("admits nobody that tick, logs no personal data, and admits in order once D1 answers again", async () => {
    setServerTime(AFTER_OPENING);
    const vaccineId = uniqueVaccineId("inv-fault");
    const clinicId = `${vaccineId}-c`;
    await loadSupply({
      vaccines: [vaccine(vaccineId, 1)],
      clinics: [clinic(clinicId, [vaccineId])],
      supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 10)],
    });
    const cohortId = await createCohort("inv-fault", cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 60_000 }));
    const people = [nationalIdFor("1967-01-21", 1), nationalIdFor("1967-01-21", 2)];
    const tickets: string[] = [];
    for (const person of people) tickets.push((await join(cohortId, person)).body.ticket as string);

    await env.DB.exec("ALTER TABLE slots RENAME TO slots_unavailable");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await admissionTick(cohortId);
    } finally {
      await env.DB.exec("ALTER TABLE slots_unavailable RENAME TO slots");
    }
    expect(errors.mock.calls.map((call) => call[0])).toContain("inventory read failed");
    expect(JSON.stringify(errors.mock.calls)).not.toContain(people[0]!.slice(0, 6));
    errors.mockRestore();
    for (const ticket of tickets) expect((await poll(cohortId, ticket)).body.state).toBe("waiting");

    await admissionTick(cohortId);
    const answers = [];
    for (const ticket of tickets) answers.push((await poll(cohortId, ticket)).body);
    expect(answers.map((a) => [a.state, a.position])).toEqual([
      ["admitted", 1],
      ["admitted", 2],
    ]);
  });
});
