// The rule after a cancel, in every channel: the person may join again and gets a new place at
// the back of the line; a reschedule is the way to change a time without losing a place.
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  admissionTick,
  advanceServerTime,
  api,
  book,
  cohortConfig,
  createCohort,
  join,
  joinAndAdmit,
  nationalIdFor,
  poll,
  send,
  setServerTime,
} from "../helpers";
import { AFTER_OPENING, OPENING, oneDoseCohort, withReceipt } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

const AGENT = { Authorization: `Bearer ${env.AGENT_TOKENS.split(" ")[0]!.split(":")[1]!}` };
let serial = 400;

/** A person who joined, was admitted and booked; with their ticket, position and receipt. */
async function bookedPerson(cohortId: string, slotId: string) {
  serial += 1;
  const nationalId = nationalIdFor("1968-02-02", serial);
  const { ticket, grant, position } = await joinAndAdmit(cohortId, nationalId);
  const booked = await book(cohortId, grant, { nationalId, name: "Hong", slotId });
  expect(booked.response.status).toBe(201);
  return { nationalId, ticket, position, bookingId: booked.body.booking.id as string, receipt: booked.body.receipt as string };
}

describe("joining again after a cancel", () => {
  it("a citizen who cancels is told so by their old ticket, joins again at the back, and can book again", async () => {
    const { cohortId, slotId, nextDay } = await oneDoseCohort("rejoin-web");
    const person = await bookedPerson(cohortId, slotId);
    const other = await join(cohortId, nationalIdFor("1967-03-03", 1)); // someone joins after them
    expect(other.body.position).toBeGreaterThan(person.position);

    // Before the cancel, joining again is the same booked place.
    expect((await join(cohortId, person.nationalId)).body.state).toBe("booked");
    const cancelled = await withReceipt(person.bookingId, "cancel", person.receipt, { nationalId: person.nationalId });
    expect(cancelled.body.booking.status).toBe("cancelled");

    const told = await poll(cohortId, person.ticket);
    expect(told.response.status).toBe(200);
    expect(told.body.state).toBe("cancelled");
    // No new ticket: one without a place would pass for a pre-queue ticket and hold the person there.
    expect(told.body.ticket).toBeUndefined();
    expect(told.response.headers.get("Set-Cookie")).toBeNull();

    const again = await join(cohortId, person.nationalId);
    expect(again.response.status).toBe(200);
    expect(again.body.state).toBe("waiting");
    expect(again.body.position).toBeGreaterThan(other.body.position); // at the back, behind who joined meanwhile
    // Joining twice more is still that one new place.
    expect((await join(cohortId, person.nationalId)).body.position).toBe(again.body.position);

    const { grant } = await joinAndAdmit(cohortId, person.nationalId);
    const rebooked = await book(cohortId, grant, { nationalId: person.nationalId, name: "Hong", slotId: nextDay });
    expect(rebooked.response.status).toBe(201);
    expect(rebooked.body.booking.id).not.toBe(person.bookingId);
  });

  it("a cancel by the call centre follows the same rule", async () => {
    const { cohortId, slotId } = await oneDoseCohort("rejoin-agent");
    const person = await bookedPerson(cohortId, slotId);
    const cancelled = await send("POST", `/agent/v1/bookings/${person.bookingId}/cancel`, { nationalId: person.nationalId }, AGENT);
    expect(cancelled.status).toBe(200);
    const again = await join(cohortId, person.nationalId);
    expect(again.body.state).toBe("waiting");
    expect(again.body.position).toBeGreaterThan(person.position);
  });

  it("a reschedule keeps the place and the booking; only a cancel gives the place up", async () => {
    const { cohortId, slotId, nextDay } = await oneDoseCohort("rejoin-move");
    const person = await bookedPerson(cohortId, slotId);
    const moved = await withReceipt(person.bookingId, "reschedule", person.receipt, { nationalId: person.nationalId, slotId: nextDay });
    expect(moved.response.status).toBe(200);
    expect((await join(cohortId, person.nationalId)).body.state).toBe("booked");
    expect((await poll(cohortId, person.ticket)).body.state).toBe("booked");
  });

  it("the audit keeps the given-up place: its admission stays listed in position order", async () => {
    const { cohortId, slotId } = await oneDoseCohort("rejoin-audit");
    const person = await bookedPerson(cohortId, slotId);
    await withReceipt(person.bookingId, "cancel", person.receipt, { nationalId: person.nationalId });
    await join(cohortId, person.nationalId);
    const audit = (await (await api(`/api/v1/cohorts/${cohortId}/audit/admissions`)).json()) as { admissions: Array<{ position: number }> };
    expect(audit.admissions.map((a) => a.position)).toContain(person.position);
  });

  it("a turn that ran out after its one re-entry joins again at the back, not in a circle back to 'time ran out'", async () => {
    setServerTime(AFTER_OPENING);
    const cohortId = await createCohort(
      "rejoin-expired",
      cohortConfig(OPENING, { grantLifetimeSeconds: 30, reentryWindowSeconds: 600, admissionRatePerMinute: 6000 }),
    );
    serial += 1;
    const nationalId = nationalIdFor("1968-07-07", serial);
    const first = await joinAndAdmit(cohortId, nationalId);
    const runOut = async () => {
      advanceServerTime(31_000);
      await admissionTick(cohortId);
    };
    await runOut();
    expect((await join(cohortId, nationalId)).body.position).toBe(first.position); // the one re-entry, at the front
    const again = await joinAndAdmit(cohortId, nationalId);
    expect(again.position).toBe(first.position);
    await runOut();
    const later = await join(cohortId, nationalIdFor("1967-08-08", serial)); // someone who joined meanwhile
    const rejoined = await join(cohortId, nationalId);
    expect(rejoined.body.state).toBe("waiting");
    expect(rejoined.body.position).toBeGreaterThan(later.body.position);
    // The audit still lists the first turn's admission at its old position.
    const audit = (await (await api(`/api/v1/cohorts/${cohortId}/audit/admissions`)).json()) as { admissions: Array<{ position: number }> };
    expect(audit.admissions.map((a) => a.position)).toContain(first.position);
  });
});
