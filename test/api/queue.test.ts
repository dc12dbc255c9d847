import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatWaitRange } from "../../src/copy/format";
import {
  admissionTick,
  advanceServerTime,
  api,
  cohortConfig,
  createCohort,
  join,
  nationalIdFor,
  poll,
  queueStub,
  setServerTime,
  sumOverShards,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";

async function openCohort(label: string, overrides = {}) {
  setServerTime("2021-07-19T11:00:00Z");
  return createCohort(label, cohortConfig(OPENING, overrides));
}

describe("the queue gives one place per person", () => {
  it("joining again with the same national ID returns the same place, never a new one", async () => {
    const cohortId = await openCohort("rejoin");
    const first = await join(cohortId, "680315-1000001");
    await join(cohortId, nationalIdFor("1968-01-01", 2));
    const again = await join(cohortId, "6803151000001"); // same number without the dash, another address
    expect(first.body.position).toBe(1);
    expect(again.body.position).toBe(1);
    expect(again.body.state).toBe("waiting");
    const third = await join(cohortId, nationalIdFor("1968-01-01", 3));
    expect(third.body.position).toBe(3);
  });

  it("the ticket is also an HttpOnly cookie that polls work with", async () => {
    const cohortId = await openCohort("cookie");
    const joined = await join(cohortId, nationalIdFor("1967-06-06", 1));
    const cookie = joined.response.headers.get("Set-Cookie")!;
    expect(cookie).toContain(`Path=/api/v1/cohorts/${cohortId}`);
    const polled = await api(`/api/v1/cohorts/${cohortId}/queue`, { headers: { Cookie: cookie.split(";")[0]! } });
    expect(polled.status).toBe(200);
    expect(((await polled.json()) as any).position).toBe(1);
  });

  it("a ticket for one cohort is refused by another", async () => {
    const a = await openCohort("ticket-a");
    const b = await openCohort("ticket-b");
    const joined = await join(a, nationalIdFor("1967-06-06", 2));
    const polled = await poll(b, joined.body.ticket);
    expect(polled.response.status).toBe(401);
  });
});

describe("pre-queue and opening", () => {
  it("joiners before the opening wait without a position and are shuffled into positions at the opening", async () => {
    setServerTime("2021-07-19T10:30:00Z"); // 19:30 Seoul, inside the 60-minute pre-queue
    const cohortId = await createCohort("prequeue", cohortConfig(OPENING));
    const tickets: string[] = [];
    for (let i = 0; i < 30; i++) {
      const joined = await join(cohortId, nationalIdFor("1968-04-04", i));
      expect(joined.body).toMatchObject({ state: "prequeue", position: null });
      tickets.push(joined.body.ticket);
    }
    setServerTime("2021-07-19T11:00:00Z");
    const positions: number[] = [];
    for (const ticket of tickets) {
      const polled = await poll(cohortId, ticket);
      expect(polled.body.state).toBe("waiting");
      expect(typeof polled.body.ticket).toBe("string"); // a renewed ticket that carries the position
      positions.push(polled.body.position);
    }
    expect([...positions].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(positions).not.toEqual(Array.from({ length: 30 }, (_, i) => i + 1)); // not arrival order
    const late = await join(cohortId, nationalIdFor("1968-04-04", 99));
    expect(late.body.position).toBe(31);
  });

  it("the opening alarm draws the positions even if nobody polls", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("opening-alarm", cohortConfig(OPENING));
    for (let i = 0; i < 3; i++) await join(cohortId, nationalIdFor("1968-04-05", i));
    const stub = queueStub(cohortId);
    const positioned = () => sumOverShards(cohortId, "SELECT count(*) AS n FROM entries WHERE position IS NOT NULL");
    expect(await positioned()).toBe(0);
    setServerTime("2021-07-19T11:00:00Z");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await positioned()).toBe(3);
  });
});

describe("admission", () => {
  it("admits at the configured rate: 120 a minute lets two through per one-second tick", async () => {
    const cohortId = await openCohort("rate", { admissionRatePerMinute: 120 });
    const tickets: string[] = [];
    for (let i = 0; i < 5; i++) tickets.push((await join(cohortId, nationalIdFor("1967-03-03", i))).body.ticket);
    await admissionTick(cohortId);
    const states = [];
    for (const ticket of tickets) states.push((await poll(cohortId, ticket)).body.state);
    expect(states).toEqual(["admitted", "admitted", "waiting", "waiting", "waiting"]);
    const third = await poll(cohortId, tickets[2]!);
    expect(third.body.ahead).toBe(0);
    const fifth = await poll(cohortId, tickets[4]!);
    expect(fifth.body.ahead).toBe(2);
    // 2 ahead at the configured 120 a minute: a second, give or take half again; the old field is the slow end.
    expect(fifth.body.estimatedWait).toEqual({ minSeconds: 1, maxSeconds: 2 });
    expect(fifth.body.estimatedWaitSeconds).toBe(2);
    expect(fifth.body.paused).toBeUndefined();
  });

  it("never has more people in the booking step than the configured maximum", async () => {
    const cohortId = await openCohort("cap", { admissionRatePerMinute: 6000, maxInBookingStep: 3 });
    const tickets: string[] = [];
    for (let i = 0; i < 6; i++) tickets.push((await join(cohortId, nationalIdFor("1967-03-04", i))).body.ticket);
    for (let tick = 0; tick < 4; tick++) await admissionTick(cohortId);
    const states = [];
    for (const ticket of tickets) states.push((await poll(cohortId, ticket)).body.state);
    expect(states.filter((s) => s === "admitted")).toHaveLength(3);
    expect(states.slice(0, 3)).toEqual(["admitted", "admitted", "admitted"]);
  });

  it("a grant left unused expires and frees its share of the booking step for the next person", async () => {
    const cohortId = await openCohort("expiry", { admissionRatePerMinute: 600, maxInBookingStep: 1, grantLifetimeSeconds: 60 });
    const a = (await join(cohortId, nationalIdFor("1967-03-05", 1))).body.ticket;
    const b = (await join(cohortId, nationalIdFor("1967-03-05", 2))).body.ticket;
    await admissionTick(cohortId);
    expect((await poll(cohortId, a)).body.state).toBe("admitted");
    expect((await poll(cohortId, b)).body.state).toBe("waiting");
    advanceServerTime(60_000);
    await runDurableObjectAlarm(queueStub(cohortId));
    expect((await poll(cohortId, a)).body.state).toBe("expired");
    expect((await poll(cohortId, b)).body.state).toBe("admitted");
  });

  it("estimated wait is a range from the people ahead, the rate measured over the last minutes and the full booking step", async () => {
    const cohortId = await openCohort("estimate", { admissionRatePerMinute: 60, maxInBookingStep: 2 });
    const tickets: string[] = [];
    for (let i = 0; i < 12; i++) tickets.push((await join(cohortId, nationalIdFor("1967-03-06", i))).body.ticket);
    for (let tick = 0; tick < 2; tick++) await admissionTick(cohortId);
    // Under a minute of history: the configured 60 a minute says 9 ahead could be 6 s, but the step is
    // full, so the slow end waits for a pass of 600 s to end and then the step's 2 per pass lifetime.
    const early = await poll(cohortId, tickets[11]!);
    expect(early.body.ahead).toBe(9);
    expect(early.body.paused).toEqual({ reason: "step_full" });
    expect(early.body.estimatedWait.minSeconds).toBe(6);
    expect(early.body.estimatedWait.maxSeconds).toBeGreaterThan(600);
    expect(early.body.estimatedWaitSeconds).toBe(early.body.estimatedWait.maxSeconds);
    // Nobody else is admitted for a minute: the measured rate drops to 2 a minute, and the fast end follows.
    advanceServerTime(60_000);
    await runDurableObjectAlarm(queueStub(cohortId));
    const later = await poll(cohortId, tickets[11]!);
    expect(later.body.ahead).toBe(9);
    expect(later.body.estimatedWait.minSeconds).toBeGreaterThan(150); // 9 at 2 a minute, half again faster
    expect(later.body.estimatedWait.maxSeconds).toBeGreaterThan(later.body.estimatedWait.minSeconds);
  });

  it("a full booking step pauses the line for the next person, who is told so with a range, never 'under a minute'", async () => {
    // One pass at a time; its holder does not book. The next person has nobody ahead, and nobody moves.
    const cohortId = await openCohort("step-full", { admissionRatePerMinute: 600, maxInBookingStep: 1, grantLifetimeSeconds: 300 });
    const first = (await join(cohortId, nationalIdFor("1967-03-07", 1))).body.ticket;
    const next = (await join(cohortId, nationalIdFor("1967-03-07", 2))).body.ticket;
    await admissionTick(cohortId);
    expect((await poll(cohortId, first)).body.state).toBe("admitted");
    advanceServerTime(49_000); // the 49 s of "0 ahead, under a minute, 100%" that were seen
    await runDurableObjectAlarm(queueStub(cohortId));
    const waiting = await poll(cohortId, next);
    expect(waiting.body).toMatchObject({ state: "waiting", ahead: 0, paused: { reason: "step_full" } });
    // Up to the first pass's end (251 s left) before the line moves: not a minute.
    expect(waiting.body.estimatedWait.minSeconds).toBe(0);
    expect(waiting.body.estimatedWait.maxSeconds).toBeGreaterThanOrEqual(251);
    expect(formatWaitRange(waiting.body.estimatedWait, "en")).toBe("up to about 5 min");
    expect(formatWaitRange(waiting.body.estimatedWait, "ko")).toBe("최대 약 5분");
  });
});

describe("nothing is lost when the object restarts", () => {
  it("an evicted queue object keeps every place, admission and grant", async () => {
    const cohortId = await openCohort("restart", { admissionRatePerMinute: 120 });
    const tickets: string[] = [];
    for (let i = 0; i < 5; i++) tickets.push((await join(cohortId, nationalIdFor("1968-08-08", i))).body.ticket);
    await admissionTick(cohortId);
    const before = [];
    for (const ticket of tickets) before.push((await poll(cohortId, ticket)).body);

    await evictDurableObject(queueStub(cohortId));

    const after = [];
    for (const ticket of tickets) after.push((await poll(cohortId, ticket)).body);
    expect(after.map((b) => [b.state, b.position])).toEqual(before.map((b) => [b.state, b.position]));
    expect(after[0]!.grant).toBeDefined();
    const rejoined = await join(cohortId, nationalIdFor("1968-08-08", 3));
    expect(rejoined.body.position).toBe(4);
    await admissionTick(cohortId);
    expect((await poll(cohortId, tickets[2]!)).body.state).toBe("admitted");
    expect((await join(cohortId, nationalIdFor("1968-08-08", 9))).body.position).toBe(6);
  });
});
