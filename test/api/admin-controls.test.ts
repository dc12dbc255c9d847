import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ADMIN,
  admissionTick,
  advanceServerTime,
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

/** An open cohort admitting one person a second, with `people` in line. */
async function openWithQueue(label: string, people: number, overrides: Parameters<typeof cohortConfig>[1] = {}) {
  setServerTime("2021-07-19T11:00:00Z");
  const cohortId = await createCohort(label, cohortConfig(OPENING, { admissionRatePerMinute: 60, ...overrides }));
  const tickets: string[] = [];
  for (let i = 0; i < people; i++) tickets.push((await join(cohortId, nationalIdFor("1968-02-01", i))).body.ticket);
  return { cohortId, tickets };
}

const control = (cohortId: string, body: unknown, operator = "kim") =>
  send("POST", `/admin/v1/cohorts/${cohortId}/controls`, body, { ...ADMIN, "X-Operator": operator });

async function admitted(cohortId: string): Promise<number> {
  const stats = (await (await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: ADMIN })).json()) as any;
  return stats.totals.admitted;
}

/** How many people the next admission tick lets in. */
async function nextTickAdmits(cohortId: string): Promise<number> {
  const before = await admitted(cohortId);
  await admissionTick(cohortId);
  return (await admitted(cohortId)) - before;
}

describe("live controls take effect on the very next admission tick", () => {
  it("pause stops admission at the next tick and resume restarts it at the next tick", async () => {
    const { cohortId } = await openWithQueue("ctl-pause", 5);
    expect(await nextTickAdmits(cohortId)).toBe(1);
    expect((await control(cohortId, { action: "pause", reason: "clinic data check" })).status).toBe(200);
    expect(await nextTickAdmits(cohortId)).toBe(0);
    expect(((await (await api(`/api/v1/cohorts/${cohortId}`)).json()) as any).status).toBe("paused");
    await control(cohortId, { action: "resume" });
    expect(await nextTickAdmits(cohortId)).toBe(1);
  });

  it("a new admission rate applies from the next tick, and null returns to the configured rate", async () => {
    const { cohortId } = await openWithQueue("ctl-rate", 25);
    expect(await nextTickAdmits(cohortId)).toBe(1);
    await control(cohortId, { action: "set_rate", admissionRatePerMinute: 600 });
    expect(await nextTickAdmits(cohortId)).toBe(10);
    await control(cohortId, { action: "set_rate", admissionRatePerMinute: null });
    expect(await nextTickAdmits(cohortId)).toBe(1);
  });

  it("a lower booking-step cap holds admission at the next tick while the step is full", async () => {
    const { cohortId } = await openWithQueue("ctl-cap", 6, { admissionRatePerMinute: 120 });
    expect(await nextTickAdmits(cohortId)).toBe(2);
    await control(cohortId, { action: "set_cap", maxInBookingStep: 2 });
    expect(await nextTickAdmits(cohortId)).toBe(0);
    await control(cohortId, { action: "set_cap", maxInBookingStep: 3 });
    expect(await nextTickAdmits(cohortId)).toBe(1);
  });

  it("closing early admits nobody at the next tick, refuses new joins and bookings", async () => {
    const { cohortId } = await openWithQueue("ctl-close", 3);
    await loadClinic("ctl-close-clinic", [{ id: "ctl-close-slot", capacity: 5 }], "2021-07-26T09:00:00+09:00");
    const person = nationalIdFor("1968-03-01", 1);
    await admissionTick(cohortId);
    const { body: joined } = await join(cohortId, person);
    await control(cohortId, { action: "close", reason: "supply for this round is used up" });
    expect(await nextTickAdmits(cohortId)).toBe(0);
    const late = await join(cohortId, nationalIdFor("1968-03-02", 1));
    expect(late.response.status).toBe(403);
    expect(late.body.error.code).toBe("not_open");
    const first = await poll(cohortId, joined.ticket);
    expect(first.response.status).toBe(200);
    expect(((await (await api(`/api/v1/cohorts/${cohortId}`)).json()) as any).status).toBe("closed");
    await control(cohortId, { action: "reopen", reason: "closed by mistake" });
    expect(await nextTickAdmits(cohortId)).toBe(1);
  });
});

describe("emergency hold", () => {
  it("admits nobody, refuses bookings with on_hold, and gives grants back the time the hold took", async () => {
    const { cohortId } = await openWithQueue("ctl-hold", 0, { grantLifetimeSeconds: 60 });
    await loadClinic("ctl-hold-clinic", [{ id: "ctl-hold-slot", capacity: 5 }], "2021-07-26T09:00:00+09:00");
    const person = nationalIdFor("1968-04-01", 1);
    const { body: joined } = await join(cohortId, person);
    await join(cohortId, nationalIdFor("1968-04-02", 1));
    await admissionTick(cohortId);
    const admittedPoll = await poll(cohortId, joined.ticket);
    expect(admittedPoll.body.state).toBe("admitted");
    const grantExpiresAt = Date.parse(admittedPoll.body.grantExpiresAt);

    await control(cohortId, { action: "hold", reason: "booking database errors" });
    expect(await nextTickAdmits(cohortId)).toBe(0);
    const refused = await book(cohortId, admittedPoll.body.grant, { nationalId: person, name: "Hong", slotId: "ctl-hold-slot" });
    expect(refused.response.status).toBe(503);
    expect(refused.body.error.code).toBe("on_hold");

    // The hold lasts five minutes, longer than the grant had left; the grant is not lost.
    advanceServerTime(5 * 60_000);
    expect((await poll(cohortId, joined.ticket)).body.state).toBe("admitted");
    await control(cohortId, { action: "release" });
    const renewed = await poll(cohortId, joined.ticket);
    expect(renewed.body.state).toBe("admitted");
    expect(Date.parse(renewed.body.grantExpiresAt)).toBe(grantExpiresAt + 5 * 60_000 + 1000);
    const booked = await book(cohortId, renewed.body.grant, { nationalId: person, name: "Hong", slotId: "ctl-hold-slot" });
    expect(booked.response.status).toBe(201);
    expect(await nextTickAdmits(cohortId)).toBe(1);
  });
  it("across intake shards, admission does not move while held, and after the release goes on at the rate, not with the ticks missed", async () => {
    const { cohortId } = await openWithQueue("ctl-hold-shards", 8, { intake: { shards: 4, flushMs: 0 } });
    expect(await nextTickAdmits(cohortId)).toBe(1);
    await control(cohortId, { action: "hold", reason: "booking database errors" });
    for (let tick = 0; tick < 3; tick++) expect(await nextTickAdmits(cohortId)).toBe(0);
    expect((await queueStub(cohortId).progress())?.admittedThrough).toBe(1);
    await control(cohortId, { action: "release" });
    expect(await nextTickAdmits(cohortId)).toBe(1);
    expect((await queueStub(cohortId).progress())?.admittedThrough).toBe(2);
  });
});

describe("audit of live controls", () => {
  it("records who did what, when, why, and the switches before and after", async () => {
    const { cohortId } = await openWithQueue("ctl-audit", 1);
    await control(cohortId, { action: "pause", reason: "checking the slot list" }, "kim");
    advanceServerTime(30_000);
    await control(cohortId, { action: "set_rate", admissionRatePerMinute: 300 }, "lee");
    const { controls, log } = (await (await api(`/admin/v1/cohorts/${cohortId}/controls`, { headers: ADMIN })).json()) as any;
    expect(controls).toMatchObject({ paused: true, admissionRatePerMinute: 300, held: false, closedEarly: false });
    expect(log.map((e: any) => [e.operator, e.action, e.at, e.reason])).toEqual([
      ["lee", "set_rate", "2021-07-19T11:00:30.000Z", null],
      ["kim", "pause", "2021-07-19T11:00:00.000Z", "checking the slot list"],
    ]);
    expect(log[1].before.paused).toBe(false);
    expect(log[1].after.paused).toBe(true);
    expect(log[0].after.admissionRatePerMinute).toBe(300);
  });

  it("refuses an unknown action or a rate of zero, naming the field, and changes nothing", async () => {
    const { cohortId } = await openWithQueue("ctl-bad", 2);
    const unknown = await control(cohortId, { action: "admit_everyone" });
    expect(unknown.status).toBe(400);
    const zero = await control(cohortId, { action: "set_rate", admissionRatePerMinute: 0 });
    expect(zero.status).toBe(400);
    expect(((await zero.json()) as any).error.message).toContain("admissionRatePerMinute");
    expect(await nextTickAdmits(cohortId)).toBe(1);
    const { log } = (await (await api(`/admin/v1/cohorts/${cohortId}/controls`, { headers: ADMIN })).json()) as any;
    expect(log).toEqual([]);
  });
});
