// The crowd never reaches the queue object: polls are answered from the edge's copy of the
// progress, and joins reach the object in batches, still one place per person.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { prequeueOrder, shuffleKey } from "../../src/domain/shuffle";
import { personFrom } from "../../src/platform/person";
import { FORCED_REFRESH_INTERVAL_MS, PROGRESS_TTL_MS } from "../../src/queue/edge/progress-cache";
import { chunkPerShard, DRAW_CHUNK } from "../../src/queue/shard/draw";
import { NEXT_IN_LINE_SQL } from "../../src/queue/shard/grants";
import {
  ADMIN,
  admissionTick,
  advanceServerTime,
  api,
  cohortConfig,
  createCohort,
  errorCode,
  join,
  nationalIdFor,
  poll,
  queueStub,
  seedPrequeueMembers,
  setServerTime,
  shardStubs,
  sumOverShards,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";

/** Invocations the cohort's queue (its object and its intake shards) has received so far, by method. */
async function objectCalls(cohortId: string): Promise<Record<string, number>> {
  const shard = env.INTAKE_SHARD.get(env.INTAKE_SHARD.idFromName(`${cohortId}:0`)); // these tests use the default one shard
  const loads = [await queueStub(cohortId).load(), await shard.load()];
  const calls: Record<string, number> = {};
  for (const load of loads) for (const [method, n] of Object.entries(load.calls)) calls[method] = (calls[method] ?? 0) + n;
  return calls;
}

/** The cohort's single intake shard (these tests use the default of one) and its address. */
async function onlyShard(cohortId: string) {
  const [stub] = await shardStubs(cohortId);
  return { stub: stub!, address: { cohortId, shard: 0 } };
}

function callsOf(calls: Record<string, number>, ...methods: string[]): number {
  return methods.reduce((sum, m) => sum + (calls[m] ?? 0), 0);
}

async function openCohort(label: string, overrides = {}) {
  setServerTime("2021-07-19T11:00:00Z");
  return createCohort(label, cohortConfig(OPENING, overrides));
}

describe("polls are answered at the edge", () => {
  it("while the cached progress is fresh, polls of people still waiting never invoke the queue object", async () => {
    const cohortId = await openCohort("poll-fresh", { admissionRatePerMinute: 60 });
    const tickets: string[] = [];
    for (let i = 0; i < 8; i++) tickets.push((await join(cohortId, nationalIdFor("1967-05-05", i))).body.ticket);
    const before = await objectCalls(cohortId);
    for (let round = 0; round < 5; round++) {
      for (const ticket of tickets.slice(1)) {
        const polled = await poll(cohortId, ticket);
        expect(polled.body.state).toBe("waiting");
      }
    }
    expect(await objectCalls(cohortId)).toEqual(before);
  });

  it("after the cached progress expires, the next poll reaches the object once and the ones after it are served from the new copy", async () => {
    const cohortId = await openCohort("poll-expiry", { admissionRatePerMinute: 60 });
    const tickets: string[] = [];
    for (let i = 0; i < 6; i++) tickets.push((await join(cohortId, nationalIdFor("1967-05-06", i))).body.ticket);
    const before = await objectCalls(cohortId);
    advanceServerTime(PROGRESS_TTL_MS);
    for (const ticket of tickets.slice(2)) await poll(cohortId, ticket);
    for (const ticket of tickets.slice(2)) await poll(cohortId, ticket);
    const after = await objectCalls(cohortId);
    expect(callsOf(after, "progress") - callsOf(before, "progress")).toBe(1);
    expect(callsOf(after, "status", "statusMany") - callsOf(before, "status", "statusMany")).toBe(0);
  });

  it("a ticket still in the pre-queue is answered without invoking the object", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("poll-prequeue", cohortConfig(OPENING));
    const tickets: string[] = [];
    for (let i = 0; i < 5; i++) tickets.push((await join(cohortId, nationalIdFor("1968-06-06", i))).body.ticket);
    const before = await objectCalls(cohortId);
    for (const ticket of tickets) expect((await poll(cohortId, ticket)).body).toMatchObject({ state: "prequeue", position: null });
    expect(await objectCalls(cohortId)).toEqual(before);
  });

  it("once the pre-queue is drawn, a ticket without a position asks the object for its place (in a batch) and gets a ticket that carries it", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("poll-drawn", cohortConfig(OPENING));
    const ticket = (await join(cohortId, nationalIdFor("1968-06-07", 1))).body.ticket;
    setServerTime("2021-07-19T11:00:01Z");
    const polled = await poll(cohortId, ticket);
    expect(polled.body).toMatchObject({ state: "waiting", position: 1 });
    expect(typeof polled.body.ticket).toBe("string");
    const calls = await objectCalls(cohortId);
    expect(calls.statusMany).toBe(1);
  });

  it("an admitted person's poll reaches the object, which alone hands out the grant", async () => {
    const cohortId = await openCohort("poll-admitted", { admissionRatePerMinute: 60 });
    const ticket = (await join(cohortId, nationalIdFor("1967-05-07", 1))).body.ticket;
    await admissionTick(cohortId);
    const polled = await poll(cohortId, ticket);
    expect(polled.body.state).toBe("admitted");
    expect(typeof polled.body.grant).toBe("string");
    expect((await objectCalls(cohortId)).statusMany).toBe(1);
  });

  it("a client that has already seen admission further along than the edge's copy makes the edge ask the object again", async () => {
    const cohortId = await openCohort("poll-seen", { admissionRatePerMinute: 60 });
    const tickets: string[] = [];
    for (let i = 0; i < 4; i++) tickets.push((await join(cohortId, nationalIdFor("1967-05-08", i))).body.ticket);
    const before = callsOf(await objectCalls(cohortId), "progress");
    advanceServerTime(FORCED_REFRESH_INTERVAL_MS); // the joins just read the progress; a forced refresh waits this long
    const response = await api(`/api/v1/cohorts/${cohortId}/queue`, {
      headers: { Authorization: `Bearer ${tickets[3]}`, Cookie: `seen_${cohortId}=2` },
    });
    expect(response.status).toBe(200);
    expect(callsOf(await objectCalls(cohortId), "progress") - before).toBe(1);
  });

  it("each answer tells the client how far admission has advanced, in a cookie scoped to the cohort", async () => {
    const cohortId = await openCohort("poll-cookie", { admissionRatePerMinute: 120 });
    const tickets: string[] = [];
    for (let i = 0; i < 5; i++) tickets.push((await join(cohortId, nationalIdFor("1967-05-09", i))).body.ticket);
    await admissionTick(cohortId);
    const polled = await poll(cohortId, tickets[4]!);
    expect(polled.body.ahead).toBe(2);
    const cookie = polled.response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toContain(`seen_${cohortId}=2`);
    expect(cookie).toContain(`Path=/api/v1/cohorts/${cohortId}`);
  });
});

describe("operators see the load on the queue object", () => {
  it("the admin load route counts the object's invocations by method, and is refused without the admin token", async () => {
    const cohortId = await openCohort("load-route");
    await join(cohortId, nationalIdFor("1967-11-11", 1));
    const refused = await api(`/admin/v1/cohorts/${cohortId}/load`);
    expect(refused.status).toBe(401);
    const load = (await (await api(`/admin/v1/cohorts/${cohortId}/load`, { headers: ADMIN })).json()) as Record<string, any>;
    // The join reached the person's intake shard, which asked the cohort's object for one position.
    expect(load.shards[0].calls.joinMany).toBe(1);
    expect(load.shards[0].items.joinMany).toBe(1);
    expect(load.calls.allocate).toBe(1);
    expect(load.totalCalls).toBeGreaterThanOrEqual(2); // the config save too
  });
});

describe("the cohort's public info is answered at the edge", () => {
  it("page loads (each syncs its clock here) invoke the object at most once per copy, and show the server's own clock", async () => {
    const cohortId = await openCohort("info-edge");
    await api(`/api/v1/cohorts/${cohortId}`);
    const before = await objectCalls(cohortId);
    for (let i = 0; i < 20; i++) {
      const info = (await (await api(`/api/v1/cohorts/${cohortId}`)).json()) as Record<string, any>;
      expect(info.status).toBe("open");
      expect(info.now).toBe(new Date(Date.now()).toISOString());
    }
    expect(await objectCalls(cohortId)).toEqual(before);
  });

  it("a copy taken just before the opening is not served after it: the status turns at the opening instant", async () => {
    setServerTime("2021-07-19T10:59:59.000Z");
    const cohortId = await createCohort("info-boundary", cohortConfig(OPENING));
    expect(((await (await api(`/api/v1/cohorts/${cohortId}`)).json()) as any).status).toBe("prequeue");
    setServerTime("2021-07-19T10:59:59.999Z");
    expect(((await (await api(`/api/v1/cohorts/${cohortId}`)).json()) as any).status).toBe("prequeue");
    setServerTime("2021-07-19T11:00:00.000Z");
    expect(((await (await api(`/api/v1/cohorts/${cohortId}`)).json()) as any).status).toBe("open");
  });
});

describe("joins reach the object in batches, still one place per person", () => {
  it("a join takes the progress its range came with: joins after the opening read none from the cohort's object", async () => {
    const cohortId = await openCohort("join-progress", { admissionRatePerMinute: 60 });
    const before = callsOf(await objectCalls(cohortId), "progress");
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await join(cohortId, nationalIdFor("1967-07-08", i))).body);
    expect(callsOf(await objectCalls(cohortId), "progress") - before).toBe(0);
    // Each answer counts the people ahead from the range's own progress, which includes that join.
    expect(answers.map((a) => [a.position, a.ahead])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
  });

  it("a batch with the same person twice gives them one place, and the batch after it gives the same place again", async () => {
    const cohortId = await openCohort("batch-twice");
    const [me, other] = await Promise.all([
      personFrom(nationalIdFor("1967-07-07", 1), env.ID_HASH_KEY),
      personFrom(nationalIdFor("1967-07-07", 2), env.ID_HASH_KEY),
    ]);
    const request = (p: typeof me) => ({ identity: p.identity, birthDate: p.birthDate, humanVerified: false });
    const { stub, address } = await onlyShard(cohortId);
    const first = (await stub.joinMany([request(me), request(other), request(me)], address))!;
    const positions = first.map((o) => (o.ok ? o.entry.position : null));
    expect(positions).toEqual([1, 2, 1]);
    const retried = (await stub.joinMany([request(other), request(me)], address))!;
    expect(retried.map((o) => (o.ok ? o.entry.position : null))).toEqual([2, 1]);
    expect((await queueStub(cohortId).progress())?.lastPosition).toBe(2);
  });

  it("refusals inside a batch go to the right person with the right code, and change nothing", async () => {
    const cohortId = await openCohort("batch-refusals");
    const people = await Promise.all(
      [nationalIdFor("1967-07-08", 1), nationalIdFor("1950-01-01", 2), nationalIdFor("1968-07-08", 3), nationalIdFor("1999-12-31", 4)].map(
        (id) => personFrom(id, env.ID_HASH_KEY),
      ),
    );
    const { stub, address } = await onlyShard(cohortId);
    const outcomes = (await stub.joinMany(
      people.map((p) => ({ identity: p.identity, birthDate: p.birthDate, humanVerified: false })),
      address,
    ))!;
    expect(outcomes.map((o) => (o.ok ? `place ${o.entry.position}` : o.code))).toEqual([
      "place 1",
      "not_eligible",
      "place 2",
      "not_eligible",
    ]);
  });

  it("many people joining at once, some of them twice and some not eligible, each get their own answer through HTTP", async () => {
    const cohortId = await openCohort("batch-http");
    const eligible = Array.from({ length: 24 }, (_, i) => nationalIdFor("1968-09-09", i));
    const tooOld = Array.from({ length: 6 }, (_, i) => nationalIdFor("1955-09-09", i));
    const arrivals = [...eligible, ...tooOld, ...eligible.slice(0, 8)];
    const answers = await Promise.all(arrivals.map(async (id) => ({ id, ...(await join(cohortId, id)) })));

    const placeOf = new Map<string, number>();
    for (const answer of answers) {
      if (tooOld.includes(answer.id)) {
        expect(answer.response.status).toBe(403);
        expect(answer.body.error.code).toBe("not_eligible");
        continue;
      }
      expect(answer.response.status).toBe(200);
      const known = placeOf.get(answer.id);
      if (known === undefined) placeOf.set(answer.id, answer.body.position);
      else expect(answer.body.position).toBe(known);
    }
    expect([...placeOf.values()].sort((a, b) => a - b)).toEqual(eligible.map((_, i) => i + 1));
    const load = await (await onlyShard(cohortId)).stub.load();
    expect(load.items.joinMany).toBe(arrivals.length); // every join went through a batch
    expect(load.calls.joinMany).toBeLessThanOrEqual(arrivals.length);
    // The shard asked the cohort's object for positions once per batch, never once per person.
    expect((await queueStub(cohortId).load()).calls.allocate).toBeLessThanOrEqual(load.calls.joinMany ?? 0);
  });

  it("a reload of the join with the person's own ticket cookie is answered at the edge with the same place, without invoking the object", async () => {
    const cohortId = await openCohort("held-reload");
    await join(cohortId, nationalIdFor("1968-01-20", 1));
    const me = nationalIdFor("1968-01-20", 2);
    const first = await join(cohortId, me);
    const cookie = first.response.headers.get("Set-Cookie")!.split(";")[0]!;
    const before = await objectCalls(cohortId);
    for (let i = 0; i < 5; i++) {
      const again = await join(cohortId, me, { Cookie: cookie });
      expect(again.body).toMatchObject({ state: "waiting", position: 2, ahead: 1, ticket: first.body.ticket });
    }
    expect(await objectCalls(cohortId)).toEqual(before);
  });

  it("someone else's ticket, even in the cookie slot of this person, answers nothing for them: their join goes to the object and gets their own place", async () => {
    const cohortId = await openCohort("held-other");
    const mine = await join(cohortId, nationalIdFor("1968-01-21", 1));
    const other = nationalIdFor("1968-01-21", 2);
    const otherHolder = (await personFrom(other, env.ID_HASH_KEY)).identity.slice(0, 12);
    const planted = `ticket_${cohortId}_${otherHolder}=${mine.body.ticket}`;
    const answer = await join(cohortId, other, { Cookie: planted });
    expect(answer.body.position).toBe(2);
    expect((await objectCalls(cohortId)).joinMany).toBe(2);
  });

  it("a holder whose grant ran out who joins again with their cookie still reaches the object, and re-enters at the front", async () => {
    const cohortId = await openCohort("held-reentry", { admissionRatePerMinute: 60, grantLifetimeSeconds: 60, reentryWindowSeconds: 300 });
    const me = nationalIdFor("1968-01-22", 1);
    const first = await join(cohortId, me);
    const cookie = first.response.headers.get("Set-Cookie")!.split(";")[0]!;
    for (let i = 0; i < 3; i++) await join(cohortId, nationalIdFor("1968-01-22", 10 + i));
    await admissionTick(cohortId);
    expect((await poll(cohortId, first.body.ticket)).body.state).toBe("admitted");
    advanceServerTime(61_000);
    await admissionTick(cohortId);
    const back = await join(cohortId, me, { Cookie: cookie });
    expect(back.body).toMatchObject({ state: "waiting", position: 1 });
    await admissionTick(cohortId);
    expect((await poll(cohortId, first.body.ticket)).body.state).toBe("admitted");
  });

  it("a join that cannot be read is refused before any batch, with its own error", async () => {
    const cohortId = await openCohort("batch-invalid");
    const [bad, good] = await Promise.all([join(cohortId, "not-a-number"), join(cohortId, nationalIdFor("1967-10-10", 1))]);
    expect(bad.response.status).toBe(400);
    expect(await errorCode(new Response(JSON.stringify(bad.body)))).toBe("invalid_input");
    expect(good.body.position).toBe(1);
  });
});

describe("the queue object's work does not grow with the line", () => {
  it("an admission tick reads the front of the line from the (state, position) index instead of sorting every waiting row", async () => {
    const cohortId = await openCohort("admit-plan");
    await join(cohortId, nationalIdFor("1967-12-12", 1));
    const plan = await runInDurableObject((await onlyShard(cohortId)).stub, (_instance, state) =>
      state.storage.sql
        .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${NEXT_IN_LINE_SQL}`, 10)
        .toArray()
        .map((r) => r.detail),
    );
    expect(plan.join("\n")).toContain("entries_by_state_position");
    expect(plan.join("\n")).not.toContain("TEMP B-TREE");
  });

  it("grants out and re-entries are found through partial indexes, which the draw's numbering of the pre-queue leaves alone", async () => {
    const cohortId = await openCohort("partial-plan");
    await join(cohortId, nationalIdFor("1967-12-13", 1));
    const { stub: shard } = await onlyShard(cohortId);
    const planOf = (query: string) =>
      runInDurableObject(shard, (_instance, state) =>
        state.storage.sql
          .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`)
          .toArray()
          .map((r) => r.detail)
          .join("\n"),
      );
    expect(await planOf("SELECT min(grant_expires_at) AS at FROM entries WHERE state = 'admitted'")).toContain(
      "entries_admitted_by_expiry",
    );
    expect(await planOf("UPDATE entries SET state = 'expired' WHERE state = 'admitted' AND grant_expires_at <= 5")).toContain(
      "entries_admitted_by_expiry",
    );
    const reentering = await planOf("SELECT identity FROM entries WHERE front = 1 AND state = 'waiting' ORDER BY position LIMIT 3");
    expect(reentering).toContain("entries_reentering_by_position");
    expect(reentering).not.toContain("TEMP B-TREE");
  });

  it("a pre-queue larger than a chunk is drawn a chunk per step; admission never passes those not yet drawn; the order is the seed's", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("big-draw", cohortConfig(OPENING, { admissionRatePerMinute: 600_000, maxInBookingStep: 100_000 }));
    await join(cohortId, nationalIdFor("1968-02-14", 1));
    const stub = queueStub(cohortId);
    const { stub: shard } = await onlyShard(cohortId);
    const seed = await runInDurableObject(
      stub,
      (_instance, state) => state.storage.sql.exec<{ seed: string }>("SELECT seed FROM shuffle_seeds WHERE window_index = 0").one().seed,
    );
    // Many more in the pre-queue, written straight into the shard (joining them one by one would take minutes).
    const extra = DRAW_CHUNK * 20 - 1;
    const people = Array.from({ length: extra }, (_, i) => `seeded-identity-${String(i).padStart(5, "0")}`);
    const keys = await Promise.all(people.map((identity) => shuffleKey(seed, identity)));
    await runInDurableObject(shard, (_instance, state) =>
      seedPrequeueMembers(
        state.storage.sql,
        people.map((identity, i) => ({ identity, sortKey: keys[i]! })),
      ),
    );
    const positioned = () => sumOverShards(cohortId, "SELECT count(*) AS n FROM entries WHERE position IS NOT NULL");
    const admitted = () =>
      runInDurableObject(
        shard,
        (_i, state) =>
          state.storage.sql.exec<{ m: number | null }>("SELECT max(position) AS m FROM entries WHERE admitted_at IS NOT NULL").one().m ?? 0,
      );
    const drawnThrough = () =>
      runInDurableObject(
        stub,
        (_i, state) =>
          state.storage.sql.exec<{ n: number }>("SELECT first_position - 1 + drawn AS n FROM shuffle_seeds WHERE window_index = 0").one().n,
      );

    setServerTime("2021-07-19T11:00:00Z");
    const progress = (await stub.progress())!;
    expect(progress.lastPosition).toBe(extra + 1); // every pre-queue place reserved at the opening
    expect(await positioned()).toBe(0); // and nobody numbered by the opening call: more than a step, the alarm draws it
    const late = await join(cohortId, nationalIdFor("1968-02-14", 2));
    expect(late.body.position).toBe(extra + 2); // behind the whole pre-queue, drawn or not

    advanceServerTime(1000);
    await runDurableObjectAlarm(stub); // the first page of counts, a step of its own
    await runDurableObjectAlarm(stub); // the tick was due: admission alone, and nobody is drawn yet
    expect(await admitted()).toBe(0);
    await runDurableObjectAlarm(stub); // one draw step
    expect(await positioned()).toBe(chunkPerShard(1) + 1); // a chunk, and the late joiner
    expect(await stub.progress()).toMatchObject({ lastPosition: extra + 2 });
    expect(await positioned()).toBe(chunkPerShard(1) + 1); // a read does not wait for draw steps
    const through = await drawnThrough();
    expect(through).toBeGreaterThan(chunkPerShard(1) - 10);
    expect(through).toBeLessThanOrEqual(chunkPerShard(1)); // whole buckets only
    advanceServerTime(1000);
    await runDurableObjectAlarm(stub); // a tick: admission of those drawn only
    expect(await admitted()).toBeGreaterThan(0);
    expect(await admitted()).toBeLessThanOrEqual(through);
    const admittedSoFar = await admitted();
    // Less than a tick later: draw steps only (the next page of counts, then a chunk).
    for (let alarm = 0; alarm < 2 && (await positioned()) === chunkPerShard(1) + 1; alarm++) await runDurableObjectAlarm(stub);
    expect(await positioned()).toBe(2 * chunkPerShard(1) + 1);
    expect(await drawnThrough()).toBeGreaterThan(through);
    expect(await admitted()).toBe(admittedSoFar);
    for (let tick = 0; tick < 120 && (await positioned()) < extra + 2; tick++) await admissionTick(cohortId); // a step, a page of counts or a tick each
    expect(await positioned()).toBe(extra + 2);
    await admissionTick(cohortId);
    expect(await admitted()).toBe(extra + 2);

    const audit = (await (await api(`/api/v1/cohorts/${cohortId}/audit`)).json()) as any;
    const rows = await runInDurableObject(shard, (_i, state) =>
      state.storage.sql
        .exec<{ identity: string; position: number }>("SELECT identity, position FROM entries WHERE via_prequeue = 1")
        .toArray(),
    );
    const expected = await prequeueOrder(
      audit.windows[0].seed,
      rows.map((r) => r.identity),
      1,
    );
    expect(rows.every((r) => expected.get(r.identity) === r.position)).toBe(true);
    expect((await poll(cohortId, late.body.ticket)).body.state).toBe("admitted"); // after all of them
  });
});
