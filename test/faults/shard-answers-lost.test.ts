// Faults: a call between the cohort's object and its intake shards done at the shard, its answer
// lost on the way back (the range of positions for a batch, the admission push that gives grants, the booking that frees the step).
// No place is lost or doubled, the cap holds, and the retry frees nothing twice.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { personFrom } from "../../src/platform/person";
import { CohortQueue } from "../../src/queue/object/cohort-queue";
import { IntakeShard } from "../../src/queue/shard/intake-shard";
import { bookingCount } from "../adversarial/helpers";
import {
  admissionTick,
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
  shardStub,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const SHARDS = 4;

function shardedCohort(label: string, overrides = {}) {
  return createCohort(label, cohortConfig(OPENING, { intake: { shards: SHARDS, flushMs: 0 }, ...overrides }));
}

/** The positions holding a live grant now, over every shard. */
async function grantedPositions(cohortId: string): Promise<number[]> {
  const rows = await rowsOverShards<{ position: number }>(cohortId, "SELECT position FROM entries WHERE state = 'admitted'");
  return rows.map((r) => r.position).sort((a, b) => a - b);
}

/** Every shard gives the grants of admission pushes reaching past `through`, but their answers never come back. */
function answersLostPast(through: number) {
  const admit = IntakeShard.prototype.admit;
  return vi.spyOn(IntakeShard.prototype, "admit").mockImplementation(async function (this: IntakeShard, push, address) {
    const report = await admit.call(this, push, address);
    if (push.admittedThrough > through) throw new Error("answer lost");
    return report;
  });
}

describe("a call to an intake shard whose answer is lost", () => {
  it("grants pushed to shards whose answers are lost count in the booking step until they report, so the cap holds (before a shard's first report, and after)", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await shardedCohort("lost-grants", { admissionRatePerMinute: 6000, maxInBookingStep: 2, grantLifetimeSeconds: 60 });
    for (let i = 0; i < 6; i++) await join(cohortId, nationalIdFor("1968-11-11", i));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});

    // The opening: the pre-queue is drawn and the first two get grants; no shard's answer ever comes back.
    setServerTime("2021-07-19T11:00:00Z");
    let lost = answersLostPast(-1);
    try {
      for (let i = 0; i < 3; i++) await runDurableObjectAlarm(queueStub(cohortId));
      for (let tick = 0; tick < 3; tick++) await admissionTick(cohortId);
    } finally {
      lost.mockRestore();
    }
    expect(await grantedPositions(cohortId)).toEqual([1, 2]);
    await admissionTick(cohortId); // the shards answer: the step is still full
    expect(await grantedPositions(cohortId)).toEqual([1, 2]);

    // Those grants run out; the next two are pushed to shards that have reported before, and those answers are lost.
    advanceServerTime(61_000);
    lost = answersLostPast(2);
    try {
      for (let tick = 0; tick < 3; tick++) await admissionTick(cohortId);
    } finally {
      lost.mockRestore();
    }
    expect(await grantedPositions(cohortId)).toEqual([3, 4]);
    await admissionTick(cohortId);
    expect(await grantedPositions(cohortId)).toEqual([3, 4]);
    expect((await queueStub(cohortId).progress())?.admittedThrough).toBe(4);
    errors.mockRestore();
  });

  it("a booking whose freeing of the step is lost on the way back, retried, books once and frees the step once", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("lost-booked", { admissionRatePerMinute: 6000, maxInBookingStep: 2 });
    await loadClinic("lost-booked-clinic", [{ id: "lost-booked-slot", capacity: 5 }], "2021-07-26T09:00:00+09:00");
    const people = Array.from({ length: 4 }, (_, i) => nationalIdFor("1968-12-12", i));
    const tickets: string[] = [];
    for (const person of people) tickets.push((await join(cohortId, person)).body.ticket);
    await admissionTick(cohortId);
    const { grant } = (await poll(cohortId, tickets[0]!)).body;
    const request = { nationalId: people[0]!, name: "Me", slotId: "lost-booked-slot" };

    // The shard marks the booking and frees the step, and its answer is lost: the booking answers 500.
    const markBooked = IntakeShard.prototype.markBooked;
    const lost = vi.spyOn(IntakeShard.prototype, "markBooked").mockImplementationOnce(async function (this: IntakeShard, ...args) {
      await markBooked.apply(this, args);
      throw new Error("answer lost");
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect((await book(cohortId, grant, request)).response.status).toBe(500);
    } finally {
      lost.mockRestore();
      errors.mockRestore();
    }
    const retried = await book(cohortId, grant, request);
    expect(retried.response.status).toBe(200);
    expect(await bookingCount(cohortId)).toBe(1);

    // One place left the step, not two: the third person gets it, the fourth waits.
    for (let tick = 0; tick < 3; tick++) await admissionTick(cohortId);
    expect(await grantedPositions(cohortId)).toEqual([2, 3]);
    expect((await poll(cohortId, tickets[3]!)).body.state).toBe("waiting");
  });

  it("a range of positions whose answer is lost is asked again by the shard's alarm for the same batch: the same positions, none lost or doubled", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("lost-range", { admissionRatePerMinute: 6000 });
    await join(cohortId, nationalIdFor("1968-10-01", 0));
    const me = nationalIdFor("1968-10-01", 1);
    // The cohort's object hands out the range, and its answer never reaches the shard: the join is told to retry.
    const allocate = CohortQueue.prototype.allocate;
    const lost = vi.spyOn(CohortQueue.prototype, "allocate").mockImplementationOnce(async function (this: CohortQueue, ...args) {
      await allocate.apply(this, args);
      throw new Error("answer lost");
    });
    try {
      expect((await join(cohortId, me)).response.status).toBe(503);
    } finally {
      lost.mockRestore();
    }
    // Nobody joins that shard again; its alarm sends the batch again.
    const shard = await shardStub(cohortId, (await personFrom(me, env.ID_HASH_KEY)).identity);
    expect(await runDurableObjectAlarm(shard)).toBe(true);
    const placed = await rowsOverShards<{ position: number | null }>(cohortId, "SELECT position FROM entries ORDER BY position");
    expect(placed.map((r) => r.position)).toEqual([1, 2]);
    expect((await join(cohortId, me)).body.position).toBe(2);
    expect((await join(cohortId, nationalIdFor("1968-10-01", 2))).body.position).toBe(3);
    for (let tick = 0; tick < 2; tick++) await admissionTick(cohortId);
    expect(await grantedPositions(cohortId)).toEqual([1, 2, 3]);
  });
});
