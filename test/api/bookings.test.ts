import { env } from "cloudflare:workers";
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
  loadClinic,
  nationalIdFor,
  poll,
  setServerTime,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const SLOTS_FROM = "2021-07-26T09:00:00+09:00";

async function openCohort(label: string, overrides = {}) {
  setServerTime("2021-07-19T11:00:00Z");
  return createCohort(label, cohortConfig(OPENING, overrides));
}

async function activeBookings(slotId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM bookings WHERE slot_id = ? AND status = 'active'")
    .bind(slotId)
    .first<{ n: number }>();
  return row!.n;
}

describe("booking needs the person's own grant", () => {
  it("a grant issued to someone else is refused and books nothing", async () => {
    const cohortId = await openCohort("other-grant");
    await loadClinic("other-grant-clinic", [{ id: "other-grant-slot", capacity: 5 }], SLOTS_FROM);
    const alice = nationalIdFor("1968-01-10", 1);
    const bob = nationalIdFor("1968-01-10", 2);
    const { grant } = await joinAndAdmit(cohortId, alice);
    const { response, body } = await book(cohortId, grant, { nationalId: bob, name: "Bob", slotId: "other-grant-slot" });
    expect(response.status).toBe(403);
    expect(body.error.code).toBe("grant_invalid");
    expect(await activeBookings("other-grant-slot")).toBe(0);
  });

  it("a grant for one cohort is refused by another cohort", async () => {
    const a = await openCohort("grant-a");
    const b = await openCohort("grant-b");
    await loadClinic("grant-ab-clinic", [{ id: "grant-ab-slot", capacity: 5 }], SLOTS_FROM);
    const person = nationalIdFor("1968-01-11", 1);
    const { grant } = await joinAndAdmit(a, person);
    const { response, body } = await book(b, grant, { nationalId: person, name: "P", slotId: "grant-ab-slot" });
    expect(response.status).toBe(403);
    expect(body.error.code).toBe("grant_invalid");
  });

  it("an altered grant is refused", async () => {
    const cohortId = await openCohort("altered-grant");
    await loadClinic("altered-clinic", [{ id: "altered-slot", capacity: 5 }], SLOTS_FROM);
    const person = nationalIdFor("1968-01-12", 1);
    const { grant } = await joinAndAdmit(cohortId, person);
    const [header, payload, signature] = grant.split(".");
    const claims = JSON.parse(atob(payload!.replace(/-/g, "+").replace(/_/g, "/")));
    claims.exp += 3600;
    const forgedPayload = btoa(JSON.stringify(claims)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const { response } = await book(cohortId, `${header}.${forgedPayload}.${signature}`, {
      nationalId: person,
      name: "P",
      slotId: "altered-slot",
    });
    expect(response.status).toBe(403);
    expect(await activeBookings("altered-slot")).toBe(0);
  });

  it("an expired grant is refused on the server clock", async () => {
    const cohortId = await openCohort("expired-grant", { grantLifetimeSeconds: 60 });
    await loadClinic("expired-clinic", [{ id: "expired-slot", capacity: 5 }], SLOTS_FROM);
    const person = nationalIdFor("1968-01-13", 1);
    const { grant } = await joinAndAdmit(cohortId, person);
    advanceServerTime(61_000);
    const { response, body } = await book(cohortId, grant, { nationalId: person, name: "P", slotId: "expired-slot" });
    expect(response.status).toBe(403);
    expect(body.error.code).toBe("grant_invalid");
  });

  it("booking after the window has closed is refused even with a live grant", async () => {
    const closesAt = "2021-07-19T20:05:00+09:00";
    setServerTime("2021-07-19T11:04:00Z");
    const cohortId = await createCohort("closed-window", cohortConfig(OPENING, { windows: [{ opensAt: OPENING, closesAt }] }));
    await loadClinic("closed-clinic", [{ id: "closed-slot", capacity: 5 }], SLOTS_FROM);
    const person = nationalIdFor("1968-01-14", 1);
    const { grant } = await joinAndAdmit(cohortId, person);
    setServerTime("2021-07-19T11:05:00Z");
    const { response, body } = await book(cohortId, grant, { nationalId: person, name: "P", slotId: "closed-slot" });
    expect(response.status).toBe(403);
    expect(body.error.code).toBe("not_open");
  });
});

describe("bookings are never doubled and never over capacity", () => {
  it("retrying the same admitted request returns the same booking, not a second one", async () => {
    const cohortId = await openCohort("retry");
    await loadClinic("retry-clinic", [{ id: "retry-slot", capacity: 5 }], SLOTS_FROM);
    const person = nationalIdFor("1968-02-20", 1);
    const { grant } = await joinAndAdmit(cohortId, person);
    const request = { nationalId: person, name: "P", slotId: "retry-slot" };
    const first = await book(cohortId, grant, request);
    const retry = await book(cohortId, grant, request);
    expect(first.response.status).toBe(201);
    expect(retry.response.status).toBe(200);
    expect(retry.body.booking.id).toBe(first.body.booking.id);
    expect(await activeBookings("retry-slot")).toBe(1);
  });

  it("many simultaneous bookings for the last three seats produce exactly three bookings", async () => {
    const cohortId = await openCohort("last-seats", { admissionRatePerMinute: 60_000, maxInBookingStep: 100 });
    await loadClinic("last-seats-clinic", [{ id: "last-seats-slot", capacity: 3 }], SLOTS_FROM);
    const people = Array.from({ length: 20 }, (_, i) => nationalIdFor("1967-09-09", i));
    const tickets: string[] = [];
    for (const person of people) tickets.push((await join(cohortId, person)).body.ticket);
    await admissionTick(cohortId);
    const grants: string[] = [];
    for (const ticket of tickets) grants.push((await poll(cohortId, ticket)).body.grant as string);
    expect(grants.every(Boolean)).toBe(true);

    const results = await Promise.all(
      people.map((person, i) => book(cohortId, grants[i]!, { nationalId: person, name: `P${i}`, slotId: "last-seats-slot" })),
    );
    const statuses = results.map((r) => r.response.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(17);
    expect(results.filter((r) => r.response.status === 409).every((r) => r.body.error.code === "slot_full")).toBe(true);
    expect(await activeBookings("last-seats-slot")).toBe(3);
  });

  it("the same person booking from two tabs at once gets one booking", async () => {
    const cohortId = await openCohort("two-tabs");
    await loadClinic(
      "two-tabs-clinic",
      [
        { id: "two-tabs-a", capacity: 5 },
        { id: "two-tabs-b", capacity: 5 },
      ],
      SLOTS_FROM,
    );
    const person = nationalIdFor("1968-03-03", 1);
    const { grant } = await joinAndAdmit(cohortId, person);
    const [a, b] = await Promise.all([
      book(cohortId, grant, { nationalId: person, name: "P", slotId: "two-tabs-a" }),
      book(cohortId, grant, { nationalId: person, name: "P", slotId: "two-tabs-b" }),
    ]);
    expect([a.response.status, b.response.status].sort()).toEqual([201, 409]);
    expect((await activeBookings("two-tabs-a")) + (await activeBookings("two-tabs-b"))).toBe(1);
  });

  it("a booking frees the person's share of the booking step so the next person is admitted", async () => {
    const cohortId = await openCohort("frees-step", { admissionRatePerMinute: 600, maxInBookingStep: 1 });
    await loadClinic("frees-clinic", [{ id: "frees-slot", capacity: 5 }], SLOTS_FROM);
    const first = nationalIdFor("1968-03-04", 1);
    const { grant } = await joinAndAdmit(cohortId, first);
    const second = await join(cohortId, nationalIdFor("1968-03-04", 2));
    await admissionTick(cohortId);
    expect((await poll(cohortId, second.body.ticket)).body.state).toBe("waiting");
    expect((await book(cohortId, grant, { nationalId: first, name: "P", slotId: "frees-slot" })).response.status).toBe(201);
    await admissionTick(cohortId);
    expect((await poll(cohortId, second.body.ticket)).body.state).toBe("admitted");
  });
});

describe("reading a booking", () => {
  it("needs the booking's own receipt", async () => {
    const cohortId = await openCohort("receipt");
    await loadClinic("receipt-clinic", [{ id: "receipt-slot", capacity: 5 }], SLOTS_FROM);
    const a = nationalIdFor("1968-03-05", 1);
    const b = nationalIdFor("1968-03-05", 2);
    const bookedA = await book(cohortId, (await joinAndAdmit(cohortId, a)).grant, { nationalId: a, name: "A", slotId: "receipt-slot" });
    const bookedB = await book(cohortId, (await joinAndAdmit(cohortId, b)).grant, { nationalId: b, name: "B", slotId: "receipt-slot" });
    const own = await api(`/api/v1/bookings/${bookedA.body.booking.id}`, { headers: { Authorization: `Bearer ${bookedA.body.receipt}` } });
    expect(own.status).toBe(200);
    const other = await api(`/api/v1/bookings/${bookedA.body.booking.id}`, {
      headers: { Authorization: `Bearer ${bookedB.body.receipt}` },
    });
    expect(other.status).toBe(401);
    const none = await api(`/api/v1/bookings/${bookedA.body.booking.id}`);
    expect(none.status).toBe(401);
  });

  it("lists slots with their real remaining capacity", async () => {
    const cohortId = await openCohort("slots");
    await loadClinic("slots-clinic", [{ id: "slots-one", capacity: 2 }], SLOTS_FROM);
    const person = nationalIdFor("1968-03-06", 1);
    await book(cohortId, (await joinAndAdmit(cohortId, person)).grant, { nationalId: person, name: "P", slotId: "slots-one" });
    const response = await api(`/api/v1/cohorts/${cohortId}/slots`);
    const body = (await response.json()) as any;
    const clinic = body.clinics.find((c: any) => c.id === "slots-clinic");
    expect(clinic.slots).toEqual([expect.objectContaining({ id: "slots-one", capacity: 2, remaining: 1 })]);
  });
});
