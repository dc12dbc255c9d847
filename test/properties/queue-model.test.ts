// Model-based property test: random sequences of joins, rejoins, polls, bookings and the passing
// of server time, driven through the HTTP API against the real queue object. After every step
// the queue's own storage must satisfy the fairness invariants.
import { runDurableObjectAlarm } from "cloudflare:test";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  advanceServerTime,
  book,
  cohortConfig,
  createCohort,
  join,
  loadClinic,
  nationalIdFor,
  poll,
  queueStub,
  rowsOverShards,
  setServerTime,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const OPENING_MS = Date.parse(OPENING);
const CAP = 2;
const PEOPLE = Array.from({ length: 10 }, (_, i) => nationalIdFor(`1967-0${(i % 9) + 1}-1${i % 9}`, i));
const INELIGIBLE = nationalIdFor("1990-01-01", 1);

interface Row {
  identity: string;
  position: number | null;
  state: string;
  admitted_at: number | null;
  grant_expires_at: number | null;
  front: number;
}

/** What the model remembers between steps: each person's ticket, first position and last `ahead`. */
interface Model {
  cohortId: string;
  tickets: Map<number, string>;
  positions: Map<number, number>;
  ahead: Map<number, number>;
  joined: Set<number>;
}

type Step =
  | { kind: "join"; person: number }
  | { kind: "poll"; person: number }
  | { kind: "book"; person: number }
  | { kind: "wait"; seconds: number }
  | { kind: "ineligible" };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("join" as const), person: fc.nat(PEOPLE.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("poll" as const), person: fc.nat(PEOPLE.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("book" as const), person: fc.nat(PEOPLE.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "ineligible" as const }) },
);

async function entries(cohortId: string): Promise<Row[]> {
  return rowsOverShards<Row & Record<string, SqlStorageValue>>(cohortId, "SELECT * FROM entries");
}

/** Positions given up (a turn that ran out past its one re-entry, kept for the audit in `earlier_places`). */
async function givenUp(cohortId: string): Promise<Set<number>> {
  const rows = await rowsOverShards<{ position: number | null }>(cohortId, "SELECT position FROM earlier_places");
  return new Set(rows.flatMap((r) => (r.position === null ? [] : [r.position])));
}

async function run(model: Model, s: Step): Promise<void> {
  const { cohortId } = model;
  switch (s.kind) {
    case "join": {
      const { body } = await join(cohortId, PEOPLE[s.person]!);
      if (body.error) throw new Error(`an eligible join was refused: ${JSON.stringify(body)}`);
      model.joined.add(s.person);
      if (!model.tickets.has(s.person)) model.tickets.set(s.person, body.ticket);
      observe(model, s.person, body, await givenUp(cohortId));
      return;
    }
    case "poll": {
      const ticket = model.tickets.get(s.person);
      if (ticket) observe(model, s.person, (await poll(cohortId, ticket)).body, await givenUp(cohortId));
      return;
    }
    case "book": {
      const ticket = model.tickets.get(s.person);
      if (!ticket) return;
      const polled = (await poll(cohortId, ticket)).body;
      observe(model, s.person, polled, await givenUp(cohortId));
      if (!polled.grant) return;
      const booked = await book(cohortId, polled.grant, { nationalId: PEOPLE[s.person]!, name: "P", slotId: `${cohortId}-slot` });
      expect([201, 409]).toContain(booked.response.status);
      return;
    }
    case "wait":
      advanceServerTime(s.seconds * 1000);
      await runDurableObjectAlarm(queueStub(cohortId));
      return;
    case "ineligible": {
      const before = (await entries(cohortId)).length;
      expect((await join(cohortId, INELIGIBLE)).body.error.code).toBe("not_eligible");
      expect(await entries(cohortId)).toHaveLength(before);
      return;
    }
  }
}

/**
 * A place never gets worse: the position, once given, never changes, and `ahead` never grows. The
 * one exception is a turn that ran out past its one re-entry: that place is given up (the audit
 * keeps it) and joining again is a new place at the back.
 */
function observe(model: Model, person: number, body: Record<string, any>, given: Set<number>): void {
  if (body.position === null || body.position === undefined) return;
  const known = model.positions.get(person);
  if (known !== undefined && body.position !== known) {
    expect(given.has(known), `position ${known} changed to ${body.position} without being given up`).toBe(true);
    expect(body.position).toBeGreaterThan(known);
    model.ahead.delete(person);
  }
  if (known === undefined || body.position !== known) model.positions.set(person, body.position);
  if (typeof body.ahead === "number" && body.state === "waiting") {
    const last = model.ahead.get(person);
    if (last !== undefined) expect(body.ahead).toBeLessThanOrEqual(last);
    model.ahead.set(person, body.ahead);
  }
}

/** The invariants the queue's storage must hold after every step. */
async function checkInvariants(model: Model): Promise<void> {
  const rows = await entries(model.cohortId);
  const now = Date.now();
  // At most one entry per identity, and only for people who joined.
  expect(new Set(rows.map((r) => r.identity)).size).toBe(rows.length);
  expect(rows.length).toBe(model.joined.size);
  // Positions unique and dense from 1, counting places given up (kept for the audit).
  const positions = [...rows.flatMap((r) => (r.position === null ? [] : [r.position])), ...(await givenUp(model.cohortId))].sort(
    (a, b) => a - b,
  );
  expect(positions).toEqual(positions.map((_, i) => i + 1));
  if (now >= OPENING_MS) expect(rows.every((r) => r.position !== null)).toBe(true);
  // Nobody admitted before the opening.
  for (const r of rows) if (r.admitted_at !== null) expect(r.admitted_at).toBeGreaterThanOrEqual(OPENING_MS);
  // Never more people in the booking step than the cap.
  expect(rows.filter((r) => r.state === "admitted" && (r.grant_expires_at ?? 0) > now).length).toBeLessThanOrEqual(CAP);
  // Admission in position order: nobody waits behind someone admitted later in the line.
  const firstWaiting = Math.min(
    ...rows.filter((r) => r.state === "waiting" && r.front === 0 && r.admitted_at === null).map((r) => r.position!),
  );
  for (const r of rows) if (r.admitted_at !== null && r.front === 0) expect(r.position!).toBeLessThan(firstWaiting);
}

describe("the queue against a model (fast-check)", () => {
  it("keeps positions unique and dense, one entry per person, places never worse, the cap, and the opening", async () => {
    let run_ = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 50 }),
        fc.array(step, { minLength: 5, maxLength: 30 }),
        async (startMinutesBefore, steps) => {
          run_ += 1;
          setServerTime(OPENING_MS - startMinutesBefore * 60_000);
          const cohortId = await createCohort(
            `model-${run_}`,
            cohortConfig(OPENING, {
              admissionRatePerMinute: 60,
              maxInBookingStep: CAP,
              grantLifetimeSeconds: 120,
              reentryWindowSeconds: 300,
              // Three intake shards: one place per person, dense positions and the cap must hold across them.
              intake: { shards: 3, flushMs: 0 },
            }),
          );
          await loadClinic(`${cohortId}-clinic`, [{ id: `${cohortId}-slot`, capacity: 100 }], "2021-07-26T09:00:00+09:00");
          const model: Model = { cohortId, tickets: new Map(), positions: new Map(), ahead: new Map(), joined: new Set() };
          for (const s of steps) {
            await run(model, s);
            await checkInvariants(model);
          }
          vi.useRealTimers();
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
