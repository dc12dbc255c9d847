// Faults: the queue object restarting at awkward moments, a call to it failing after it was sent,
// and D1 failing in the middle of a booking. Nothing is lost or doubled.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { prequeueOrder } from "../../src/domain/shuffle";
import { personFrom } from "../../src/platform/person";
import type { IntakeShard } from "../../src/queue/shard/intake-shard";
import { bookingCount, decodeToken } from "../adversarial/helpers";
import {
  admissionTick,
  api,
  book,
  cohortConfig,
  createCohort,
  join,
  joinAndAdmit,
  loadClinic,
  nationalIdFor,
  poll,
  queueStub,
  setServerTime,
  shardStub,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";

describe("the queue object restarts", () => {
  it("evicted in the pre-queue, it draws at the opening with the committed seed and loses nobody", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("evict-prequeue", cohortConfig(OPENING));
    const tickets = [];
    for (let i = 0; i < 12; i++) tickets.push((await join(cohortId, nationalIdFor("1967-06-16", i))).body.ticket as string);
    const commitment = ((await (await api(`/api/v1/cohorts/${cohortId}/audit`)).json()) as any).windows[0].commitment;

    await evictDurableObject(queueStub(cohortId));
    setServerTime("2021-07-19T11:00:00Z");
    await runDurableObjectAlarm(queueStub(cohortId));
    await evictDurableObject(queueStub(cohortId));

    const audit = (await (await api(`/api/v1/cohorts/${cohortId}/audit`)).json()) as any;
    expect(audit.windows[0].commitment).toBe(commitment);
    const order = await prequeueOrder(
      audit.windows[0].seed,
      tickets.map((t) => decodeToken(t).payload.sub),
    );
    for (const ticket of tickets) {
      const polled = await poll(cohortId, ticket);
      expect(polled.body.position).toBe(order.get(decodeToken(ticket).payload.sub));
    }
  });

  it("evicted between admission and booking, the grant still books, once", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("evict-admitted", cohortConfig(OPENING, { maxInBookingStep: 1 }));
    await loadClinic("evict-clinic", [{ id: "evict-slot", capacity: 5 }], "2021-07-26T09:00:00+09:00");
    const me = nationalIdFor("1967-10-10", 1);
    const { grant } = await joinAndAdmit(cohortId, me);
    const next = await join(cohortId, nationalIdFor("1967-10-10", 2));
    await evictDurableObject(queueStub(cohortId));
    await admissionTick(cohortId);
    // The booking step is still full (cap 1): the restart did not forget who holds it.
    expect((await poll(cohortId, next.body.ticket)).body.state).toBe("waiting");

    const booked = await book(cohortId, grant, { nationalId: me, name: "Me", slotId: "evict-slot" });
    expect(booked.response.status).toBe(201);
    await evictDurableObject(queueStub(cohortId));
    const again = await book(cohortId, grant, { nationalId: me, name: "Me", slotId: "evict-slot" });
    expect(again.body.booking.id).toBe(booked.body.booking.id);
    expect(await bookingCount(cohortId)).toBe(1);
    await admissionTick(cohortId);
    expect((await poll(cohortId, next.body.ticket)).body.state).toBe("admitted");
  });
});

describe("a call to the queue object that fails after it was sent", () => {
  it("retrying the join is idempotent: the place was kept once, and the retry returns it", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("lost-answer", cohortConfig(OPENING));
    await join(cohortId, nationalIdFor("1968-02-02", 1));
    const me = nationalIdFor("1968-02-02", 2);
    const person = await personFrom(me, env.ID_HASH_KEY);

    // The person's shard does the work, then the answer is lost on the way back.
    await expect(
      runInDurableObject(await shardStub(cohortId, person.identity), async (instance: IntakeShard) => {
        await instance.joinMany([{ identity: person.identity, birthDate: person.birthDate, humanVerified: false }], { cohortId, shard: 0 });
        throw new Error("connection reset after the join was applied");
      }),
    ).rejects.toThrow("connection reset");

    const retried = await join(cohortId, me);
    expect(retried.body.position).toBe(2);
    const [again] = await Promise.all([join(cohortId, me), join(cohortId, me), join(cohortId, me)]);
    expect(again.body.position).toBe(2);
    expect((await join(cohortId, nationalIdFor("1968-02-02", 3))).body.position).toBe(3); // no place lost, none doubled
  });

  it("simultaneous joins by one person from many tabs give one place", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("many-tabs", cohortConfig(OPENING));
    const me = nationalIdFor("1968-03-03", 1);
    const tabs = await Promise.all(Array.from({ length: 8 }, () => join(cohortId, me)));
    expect(new Set(tabs.map((t) => t.body.position))).toEqual(new Set([1]));
    expect((await queueStub(cohortId).progress())?.lastPosition).toBe(1);
  });
});

describe("D1 fails while booking", () => {
  it("a booking that did not commit leaves the grant usable, and nothing half-written", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("d1-down", cohortConfig(OPENING));
    await loadClinic("d1-clinic", [{ id: "d1-slot", capacity: 5 }], "2021-07-26T09:00:00+09:00");
    const me = nationalIdFor("1967-12-01", 1);
    const { grant } = await joinAndAdmit(cohortId, me);

    await env.DB.exec("ALTER TABLE bookings RENAME TO bookings_unavailable");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let failed: Awaited<ReturnType<typeof book>> | undefined;
    try {
      failed = await book(cohortId, grant, { nationalId: me, name: "Me", slotId: "d1-slot" });
    } finally {
      await env.DB.exec("ALTER TABLE bookings_unavailable RENAME TO bookings");
    }
    expect(failed.response.status).toBe(500);
    expect(failed.body.error.code).toBe("internal");
    // What was logged carries no national ID number.
    expect(JSON.stringify(errors.mock.calls)).not.toContain(me.replace("-", "").slice(0, 7));
    errors.mockRestore();
    expect(await bookingCount(cohortId)).toBe(0);

    const retried = await book(cohortId, grant, { nationalId: me, name: "Me", slotId: "d1-slot" });
    expect(retried.response.status).toBe(201);
    expect(await bookingCount(cohortId)).toBe(1);
  });
});
