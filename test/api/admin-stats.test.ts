import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ADMIN,
  admissionTick,
  api,
  book,
  cohortConfig,
  createCohort,
  join,
  loadClinic,
  nationalIdFor,
  poll,
  queueStub,
  send,
  setServerTime,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";

async function stats(cohortId: string) {
  const response = await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: ADMIN });
  expect(response.status).toBe(200);
  return (await response.json()) as any;
}

describe("operator stats", () => {
  it("count the pre-queue, then the line, the booking step, admissions and bookings, minute by minute", async () => {
    setServerTime("2021-07-19T10:30:00Z"); // 19:30 Seoul: pre-queue
    const cohortId = await createCohort("stats-flow", cohortConfig(OPENING, { admissionRatePerMinute: 60 }));
    await loadClinic("stats-clinic", [{ id: "stats-slot", capacity: 5 }], "2021-07-26T09:00:00+09:00");
    const people = [0, 1, 2].map((i) => nationalIdFor("1968-05-01", i));
    const tickets: string[] = [];
    for (const person of people) tickets.push((await join(cohortId, person)).body.ticket);
    const early = await stats(cohortId);
    expect(early.phase.status).toBe("prequeue");
    expect(early.queue).toMatchObject({ prequeue: 3, waiting: 0, inBookingStep: 0 });

    setServerTime("2021-07-19T11:00:00Z");
    expect((await stats(cohortId)).queue).toMatchObject({ prequeue: 0, waiting: 3, inBookingStep: 0 });
    await admissionTick(cohortId);
    await admissionTick(cohortId);
    const mid = await stats(cohortId);
    expect(mid.queue).toMatchObject({ waiting: 1, inBookingStep: 2, admittedThrough: 2, lastPosition: 3 });
    expect(mid.totals).toMatchObject({ joined: 3, admitted: 2, booked: 0 });

    // Book with whichever person holds the first grant.
    for (const [i, ticket] of tickets.entries()) {
      const place = await poll(cohortId, ticket);
      if (place.body.state !== "admitted") continue;
      const { response } = await book(cohortId, place.body.grant, { nationalId: people[i], name: "Kim", slotId: "stats-slot" });
      expect(response.status).toBe(201);
      break;
    }
    setServerTime("2021-07-19T11:01:05Z");
    const later = await stats(cohortId);
    expect(later.totals).toMatchObject({ joined: 3, admitted: 2, booked: 1 });
    expect(later.queue).toMatchObject({ waiting: 1, inBookingStep: 1 });
    expect(later.lastMinute).toEqual({ joined: 0, admitted: 2, booked: 1, expired: 0 });
    expect(later.bookingsPerMinute).toBe(1);
    expect(later.admissionRatePerMinute).toMatchObject({ configured: 60, effective: 60, lastMinute: 2 });
    expect(later.series).toHaveLength(60);
    expect(later.series.at(-2)).toEqual({ minute: "2021-07-19T11:00:00.000Z", waiting: 1, joined: 0, admitted: 2, booked: 1, expired: 0 });
    expect(later.series.at(-32)).toMatchObject({ minute: "2021-07-19T10:30:00.000Z", joined: 3 });
  });

  it("compare the wait estimated at the back of the line with the wait it turned out to be", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("stats-wait", cohortConfig(OPENING, { admissionRatePerMinute: 60 }));
    for (let i = 0; i < 4; i++) await join(cohortId, nationalIdFor("1968-05-02", i));
    await admissionTick(cohortId);
    const first = await stats(cohortId);
    expect(first.waits).toEqual([{ at: "2021-07-19T11:00:01.000Z", position: 4, estimatedSeconds: 2, actualSeconds: null }]);
    for (let i = 0; i < 3; i++) await admissionTick(cohortId);
    const done = await stats(cohortId);
    expect(done.waits).toEqual([{ at: "2021-07-19T11:00:01.000Z", position: 4, estimatedSeconds: 2, actualSeconds: 3 }]);
  });

  it("count refusals by error code: the object's own at once, the edge's in batches", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("stats-refusals", cohortConfig(OPENING));
    expect((await join(cohortId, nationalIdFor("1990-01-01", 1))).body.error.code).toBe("not_eligible");
    expect((await join(cohortId, nationalIdFor("1990-01-02", 1))).body.error.code).toBe("not_eligible");
    const badId = () => send("POST", `/api/v1/cohorts/${cohortId}/queue`, { nationalId: "12345" }, { "CF-Connecting-IP": "203.0.113.9" });
    expect((await badId()).status).toBe(400);
    expect((await badId()).status).toBe(400);
    expect((await api(`/api/v1/cohorts/${cohortId}/queue`)).status).toBe(401);

    // Only the first edge refusal was sent right away; the others wait for this isolate's next batch.
    const stored = await runInDurableObject(queueStub(cohortId), async (_instance, state) =>
      state.storage.sql
        .exec<{ origin: string; code: string; count: number }>("SELECT origin, code, count FROM refusal_counts WHERE origin = 'edge'")
        .toArray(),
    );
    expect(stored).toEqual([{ origin: "edge", code: "invalid_input", count: 1 }]);

    const { refusals } = await stats(cohortId);
    expect(refusals.queue).toEqual({ not_eligible: 2 });
    expect(refusals.edge).toEqual({ invalid_input: 2, unauthorized: 1 });
  });

  it("show the live switches and the effective rate and cap next to the configured ones", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("stats-controls", cohortConfig(OPENING, { admissionRatePerMinute: 600, maxInBookingStep: 50 }));
    await send("POST", `/admin/v1/cohorts/${cohortId}/controls`, { action: "set_rate", admissionRatePerMinute: 120 }, ADMIN);
    await send("POST", `/admin/v1/cohorts/${cohortId}/controls`, { action: "hold" }, ADMIN);
    const s = await stats(cohortId);
    expect(s.admissionRatePerMinute).toMatchObject({ configured: 600, effective: 120 });
    expect(s.maxInBookingStep).toEqual({ configured: 50, effective: 50 });
    expect(s.controls).toMatchObject({ held: true, heldSinceMs: Date.parse("2021-07-19T11:00:00Z") });
    expect(s.phase.status).toBe("paused");
  });

  it("answer 404 for a cohort never configured", async () => {
    expect((await api("/admin/v1/cohorts/never-configured-stats/stats", { headers: ADMIN })).status).toBe(404);
  });
});
