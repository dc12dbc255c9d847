// A cohort with several intake shards: one place per person, dense positions across shards, the
// draw recomputable from the seed, the cap across shards, and each fault losing nothing.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { shardsMissingWarning } from "../../src/copy/dashboard";
import { shardOf } from "../../src/domain/intake";
import { prequeueOrder } from "../../src/domain/shuffle";
import { personFrom } from "../../src/platform/person";
import { NO_CONTROLS } from "../../src/queue/object/controls";
import { nextAlarmAt } from "../../src/queue/object/next-alarm";
import { SNAPSHOT_RETRY_MS, snapshotRetryAt, snapshotRetryDelay } from "../../src/queue/object/snapshot-misses";
import { IntakeShard } from "../../src/queue/shard/intake-shard";
import {
  ADMIN,
  admissionTick,
  advanceServerTime,
  api,
  cohortConfig,
  createCohort,
  join,
  nationalIdFor,
  poll,
  queueStub,
  rowsOverShards,
  send,
  setServerTime,
  shardStub,
  shardStubs,
  sumOverShards,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const SHARDS = 4;

/** Writes places into a shard's next batch, waiting for positions, as a join would before its batch is sent; returns the batch. */
function placesInNextBatch(shard: Awaited<ReturnType<typeof shardStub>>, identities: readonly string[]): Promise<number> {
  return runInDurableObject(shard, (_i, state) => {
    const meta = state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'counters'").one();
    const counters = JSON.parse(meta.value) as { batch: number };
    counters.batch += 1;
    state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'counters'", JSON.stringify(counters));
    for (const [rank, identity] of identities.entries()) {
      state.storage.sql.exec(
        "INSERT INTO entries (identity, window_index, joined_at, sort_key, state, batch, batch_rank) VALUES (?, 0, 0, '', 'waiting', ?, ?)",
        identity,
        counters.batch,
        rank,
      );
    }
    return counters.batch;
  });
}

function shardedCohort(label: string, overrides = {}) {
  return createCohort(label, cohortConfig(OPENING, { intake: { shards: SHARDS, flushMs: 0 }, ...overrides }));
}

/**
 * A sharded cohort in its pre-queue with two refused joins at shard 1 (people born outside it). The
 * shard's clock and timers stand still meanwhile: its first refusal goes out at once, the second
 * waits in it (its send a second later never comes), as between two sends. With the shard's stub,
 * the refused identities, and a read of the stats' queue refusals.
 */
async function twoRefusalsAtShardOne(label: string) {
  setServerTime("2021-07-19T10:30:00Z");
  const cohortId = await shardedCohort(label);
  const refused: string[] = [];
  for (let i = 0; refused.length < 2; i++) {
    const { identity } = await personFrom(nationalIdFor("1990-01-01", i), env.ID_HASH_KEY);
    if (shardOf(identity, SHARDS) === 1) refused.push(identity);
  }
  const shard = await shardStub(cohortId, refused[0]!);
  vi.useFakeTimers({ toFake: ["Date", "performance", "setTimeout", "clearTimeout"] });
  vi.setSystemTime(new Date("2021-07-19T10:30:00Z"));
  for (const identity of refused) {
    const [outcome] = (await shard.joinMany([{ identity, birthDate: "1990-01-01", humanVerified: false }], { cohortId, shard: 1 }))!;
    expect(outcome).toMatchObject({ ok: false, code: "not_eligible" });
  }
  vi.useRealTimers();
  setServerTime("2021-07-19T10:30:05Z");
  const refusals = async () =>
    ((await (await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: ADMIN })).json()) as any).refusals.queue;
  return { cohortId, shard, refused, refusals };
}

describe("intake shards", () => {
  it("concurrent joins, some from one person on many devices, give one place per person, dense and unique across shards, each in the shard its identity names", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("shards-concurrent");
    const people = Array.from({ length: 40 }, (_, i) => nationalIdFor("1968-03-03", i));
    const arrivals = [...people, ...people.slice(0, 15), ...people.slice(5, 10)];
    const answers = await Promise.all(arrivals.map(async (id) => ({ id, ...(await join(cohortId, id)) })));
    const placeOf = new Map<string, number>();
    for (const a of answers) {
      expect(a.response.status).toBe(200);
      const known = placeOf.get(a.id);
      if (known === undefined) placeOf.set(a.id, a.body.position);
      else expect(a.body.position).toBe(known);
    }
    expect([...placeOf.values()].sort((a, b) => a - b)).toEqual(people.map((_, i) => i + 1));
    const rows = await rowsOverShards<{ identity: string; position: number }>(cohortId, "SELECT identity, position FROM entries");
    expect(rows).toHaveLength(people.length);
    const stubs = await shardStubs(cohortId);
    for (const [shard, stub] of stubs.entries()) {
      const held = await runInDurableObject(stub, (_i, state) =>
        state.storage.sql.exec<{ identity: string }>("SELECT identity FROM entries").toArray(),
      );
      expect(held.length).toBeGreaterThan(0); // 40 people over 4 shards: every shard holds some
      for (const r of held) expect(shardOf(r.identity, SHARDS)).toBe(shard);
    }
    expect((await queueStub(cohortId).progress())?.lastPosition).toBe(people.length);
  });

  it("the pre-queue drawn across shards matches a recomputation from the revealed seed, the shard count and the audit's identity keys", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await shardedCohort("shards-draw");
    const tickets: string[] = [];
    for (let i = 0; i < 30; i++) tickets.push((await join(cohortId, nationalIdFor("1968-05-05", i))).body.ticket);
    setServerTime("2021-07-19T11:00:00Z");
    const late = await join(cohortId, nationalIdFor("1968-05-05", 99));
    expect(late.body.position).toBe(31); // behind the whole pre-queue
    for (let i = 0; i < 3; i++) await runDurableObjectAlarm(queueStub(cohortId));

    const audit = (await (await api(`/api/v1/cohorts/${cohortId}/audit`)).json()) as any;
    expect(audit.shards).toBe(SHARDS);
    expect(audit.windows[0]).toMatchObject({ prequeueSize: 30, drawnSoFar: 30, firstPosition: 1 });
    const listed = (await (await api(`/api/v1/cohorts/${cohortId}/audit/windows/0/prequeue?limit=100`)).json()) as any;
    expect(listed.identities).toHaveLength(30);
    expect([...listed.identities].sort()).toEqual(listed.identities); // merged from every shard in key order
    const recomputed = await prequeueOrder(audit.windows[0].seed, listed.identities, 1, audit.shards);
    const rows = await rowsOverShards<{ identity: string; position: number }>(
      cohortId,
      "SELECT identity, position FROM entries WHERE via_prequeue = 1",
    );
    expect(rows).toHaveLength(30);
    let mismatches = 0;
    for (const r of rows) if (recomputed.get(r.identity) !== r.position) mismatches += 1;
    expect(mismatches).toBe(0);
    // Every ticket polls to its drawn place.
    const positions = [];
    for (const ticket of tickets) positions.push((await poll(cohortId, ticket)).body.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("the booking-step cap holds across shards, admission follows position order, and bookings free the step", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("shards-cap", { admissionRatePerMinute: 6000, maxInBookingStep: 3 });
    const tickets: string[] = [];
    for (let i = 0; i < 12; i++) tickets.push((await join(cohortId, nationalIdFor("1967-08-08", i))).body.ticket);
    for (let tick = 0; tick < 4; tick++) await admissionTick(cohortId);
    const states = [];
    for (const ticket of tickets) states.push((await poll(cohortId, ticket)).body.state);
    expect(states.slice(0, 3)).toEqual(["admitted", "admitted", "admitted"]);
    expect(states.filter((s) => s === "admitted")).toHaveLength(3);
    const stats = (await (await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: ADMIN })).json()) as any;
    expect(stats.queue).toMatchObject({ inBookingStep: 3, admittedThrough: 3, lastPosition: 12, waiting: 9 });
  });

  it("the shard count is fixed once the pre-queue has opened, even with force: another count would lose people's places", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await shardedCohort("shards-fixed");
    const changed = await send(
      "PUT",
      `/admin/v1/cohorts/${cohortId}?force=1&reason=test`,
      cohortConfig(OPENING, { intake: { shards: SHARDS + 1, flushMs: 0 } }),
      ADMIN,
    );
    expect(changed.status).toBe(409);
    expect(JSON.stringify(await changed.json())).toContain("intake_shards_fixed");
    expect((await queueStub(cohortId).getConfig())?.intake.shards).toBe(SHARDS);
  });
});

describe("intake shard faults lose nothing", () => {
  it("with one shard down, the stats sum the others and name it (the dashboard warns), and the pre-queue audit answers 503, not a partial list", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await shardedCohort("shards-one-down", { admissionRatePerMinute: 6000 });
    for (let i = 0; i < 12; i++) await join(cohortId, nationalIdFor("1968-10-10", i));
    setServerTime("2021-07-19T11:00:00Z");
    for (let i = 0; i < 3; i++) await runDurableObjectAlarm(queueStub(cohortId));
    const down = 1;
    const grantsIn = (shard: number) =>
      runInDurableObject(
        env.INTAKE_SHARD.get(env.INTAKE_SHARD.idFromName(`${cohortId}:${shard}`)),
        (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM entries WHERE state = 'admitted'").one().n,
      );
    const grants = await sumOverShards(cohortId, "SELECT count(*) AS n FROM entries WHERE state = 'admitted'");
    const grantsInDown = await grantsIn(down);
    expect(grantsInDown).toBeGreaterThan(0);
    const counts = IntakeShard.prototype.counts;
    const identities = IntakeShard.prototype.prequeueIdentities;
    const unreachable = [
      vi.spyOn(IntakeShard.prototype, "counts").mockImplementation(async function (this: IntakeShard) {
        if (this.ctx.id.toString() === env.INTAKE_SHARD.idFromName(`${cohortId}:${down}`).toString()) throw new Error("shard down");
        return counts.call(this);
      }),
      vi.spyOn(IntakeShard.prototype, "prequeueIdentities").mockImplementation(async function (this: IntakeShard, ...args) {
        if (this.ctx.id.toString() === env.INTAKE_SHARD.idFromName(`${cohortId}:${down}`).toString()) throw new Error("shard down");
        return identities.apply(this, args);
      }),
    ];
    try {
      const stats = await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: ADMIN });
      expect(stats.status).toBe(200);
      const body = (await stats.json()) as any;
      expect(body.shardsMissing).toEqual([down]);
      expect(body.queue.inBookingStep).toBe(grants - grantsInDown);
      const panel = await (await api(`/admin/v1/cohorts/${cohortId}/stats/panel`, { headers: ADMIN })).text();
      expect(panel).toContain(`data-shards-missing="${down}"`);
      expect(panel).toContain(shardsMissingWarning([down], "ko"));
      const panelEn = await (await api(`/admin/v1/cohorts/${cohortId}/stats/panel?lang=en`, { headers: ADMIN })).text();
      expect(panelEn).toContain(shardsMissingWarning([down], "en"));
      expect(panel).toContain("<svg"); // the other shards' figures and charts are still there

      const audit = await api(`/api/v1/cohorts/${cohortId}/audit/windows/0/prequeue?limit=100`);
      expect(audit.status).toBe(503);
      expect(audit.headers.get("Retry-After")).toBe("5");
      expect(audit.headers.get("Cache-Control") ?? "").not.toContain("public");
      expect(((await audit.json()) as any).error).toMatchObject({ code: "unavailable" });
    } finally {
      for (const spy of unreachable) spy.mockRestore();
    }
    // Back: every shard's people counted, and the full list answered (not a copy of the refusal).
    const body = (await (await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: ADMIN })).json()) as any;
    expect(body.shardsMissing).toEqual([]);
    expect(body.queue.inBookingStep).toBe(grants);
    const listed = await api(`/api/v1/cohorts/${cohortId}/audit/windows/0/prequeue?limit=100`);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as any).identities).toHaveLength(12);
  });

  it("the refusals a shard held while it did not answer are counted once it answers again, and only once", async () => {
    const { cohortId, refusals } = await twoRefusalsAtShardOne("shards-down-refusals");
    const counts = IntakeShard.prototype.counts;
    const down = vi.spyOn(IntakeShard.prototype, "counts").mockImplementation(async function (this: IntakeShard) {
      if (this.ctx.id.equals(env.INTAKE_SHARD.idFromName(`${cohortId}:1`))) throw new Error("shard down");
      return counts.call(this);
    });
    try {
      expect(await refusals()).toEqual({ not_eligible: 1 }); // the one sent; the other stays in the shard
    } finally {
      down.mockRestore();
    }
    expect(await refusals()).toEqual({ not_eligible: 2 });
    expect(await refusals()).toEqual({ not_eligible: 2 });
  });

  it("a shard's refusals are counted once even when the answer that carried them is lost, or their totals come twice or late", async () => {
    const { cohortId, shard, refused, refusals } = await twoRefusalsAtShardOne("shards-refusals-lost");
    // The shard answers its counts, but the answer never arrives.
    const counts = IntakeShard.prototype.counts;
    const lost = vi.spyOn(IntakeShard.prototype, "counts").mockImplementation(async function (this: IntakeShard) {
      const answer = await counts.call(this);
      if (this.ctx.id.equals(env.INTAKE_SHARD.idFromName(`${cohortId}:1`))) throw new Error("answer lost");
      return answer;
    });
    try {
      expect(await refusals()).toEqual({ not_eligible: 1 });
    } finally {
      lost.mockRestore();
    }
    expect(await refusals()).toEqual({ not_eligible: 2 });
    // The same totals again, then older ones arriving late: nothing more is counted.
    const queue = queueStub(cohortId);
    await queue.recordShardRefusals(1, { not_eligible: 2 });
    await queue.recordShardRefusals(1, { not_eligible: 1 });
    expect(await refusals()).toEqual({ not_eligible: 2 });
    // And the shard keeps its totals across an eviction: a new refusal adds one, not two.
    await evictDurableObject(shard);
    await shard.joinMany([{ identity: refused[0]!, birthDate: "1990-01-01", humanVerified: false }], { cohortId, shard: 1 });
    expect(await refusals()).toEqual({ not_eligible: 3 });
  });

  it("a batch's positions asked twice (the answer lost after it was sent) are the same positions, given once", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("shards-lost-answer");
    await join(cohortId, nationalIdFor("1968-06-06", 1));
    const queue = queueStub(cohortId);
    // A shard nobody of this test joins through, so its batch numbers are this test's alone.
    const later = await personFrom(nationalIdFor("1968-06-06", 2), env.ID_HASH_KEY);
    const shard = (shardOf(later.identity, SHARDS) + 1) % SHARDS;
    const first = await queue.allocate(shard, 77, 5, Date.now());
    const again = await queue.allocate(shard, 77, 5, Date.now());
    expect(first).toMatchObject({ ok: true, firstPosition: 2, progress: { lastPosition: 6 } });
    expect(again).toEqual({ ok: true, firstPosition: 2 }); // the same range (a retry comes without the progress)
    expect((await queue.progress())?.lastPosition).toBe(6);
    // A late copy of an older batch's call gets no positions at all.
    expect(await queue.allocate(shard, 76, 5, Date.now())).toMatchObject({ ok: false, code: "unavailable" });
    expect((await queue.progress())?.lastPosition).toBe(6);
    expect((await join(cohortId, nationalIdFor("1968-06-06", 2))).body.position).toBe(7);
  });

  it("a shard evicted before its batch came back sends it again on waking, and those places get positions once", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("shards-evicted");
    const person = await personFrom(nationalIdFor("1968-07-07", 1), env.ID_HASH_KEY);
    const shard = await shardStub(cohortId, person.identity);
    await join(cohortId, nationalIdFor("1968-07-07", 1)); // the shard now knows its cohort
    // Two places written into the shard's next batch, whose call never came back, as if the shard was evicted mid-call.
    await placesInNextBatch(shard, ["stranded-a", "stranded-b"]);
    await evictDurableObject(shard);
    await runDurableObjectAlarm(shard);
    const rows = await runInDurableObject(shard, (_i, state) =>
      state.storage.sql
        .exec<{ identity: string; position: number | null; batch: number | null }>(
          "SELECT identity, position, batch FROM entries WHERE identity LIKE 'stranded-%' ORDER BY identity",
        )
        .toArray(),
    );
    expect(rows).toEqual([
      { identity: "stranded-a", position: 2, batch: null },
      { identity: "stranded-b", position: 3, batch: null },
    ]);
    expect((await join(cohortId, nationalIdFor("1968-07-07", 2))).body.position).toBe(4);
  });

  it("admission never passes a range handed out but not yet written (its answer lost): those places get their grants once written", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("shards-unwritten", { admissionRatePerMinute: 6000, maxInBookingStep: 100 });
    const first = nationalIdFor("1968-08-08", 1);
    await join(cohortId, first);
    const person = await personFrom(first, env.ID_HASH_KEY);
    const shard = await shardStub(cohortId, person.identity);
    const index = shardOf(person.identity, SHARDS);
    // Two places in the shard's next batch; the cohort's object hands it positions 2-3, and the answer is lost.
    const batch = await placesInNextBatch(shard, ["unwritten-a", "unwritten-b"]);
    expect(await queueStub(cohortId).allocate(index, batch, 2, Date.now())).toMatchObject({ ok: true, firstPosition: 2 });
    const placed = () =>
      rowsOverShards<{ identity: string; state: string; position: number | null }>(
        cohortId,
        "SELECT identity, state, position FROM entries WHERE identity LIKE 'unwritten-%' ORDER BY identity",
      );

    await admissionTick(cohortId);
    expect((await queueStub(cohortId).progress())?.admittedThrough).toBe(1); // not past the unwritten range
    expect((await placed()).map((r) => r.state)).toEqual(["waiting", "waiting"]);

    await evictDurableObject(shard); // the shard restarts, finds the batch unsent and sends it again
    await runDurableObjectAlarm(shard);
    expect((await placed()).map((r) => r.position)).toEqual([2, 3]);
    for (let tick = 0; tick < 2; tick++) await admissionTick(cohortId);
    expect((await queueStub(cohortId).progress())?.admittedThrough).toBe(3);
    expect((await placed()).map((r) => r.state)).toEqual(["admitted", "admitted"]);
  });

  it("a shard's report sent before its range was handed out, arriving after, does not let admission pass that range", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("shards-report-race", { admissionRatePerMinute: 6000, maxInBookingStep: 100 });
    const first = nationalIdFor("1968-08-09", 1);
    await join(cohortId, first);
    const person = await personFrom(first, env.ID_HASH_KEY);
    const shard = await shardStub(cohortId, person.identity);
    const index = shardOf(person.identity, SHARDS);
    const queue = queueStub(cohortId);
    // The shard's counters as a report carries them (the answer to a push, say), built now, before the batch below exists.
    const { report } = await shard.markBooked("nobody", { cohortId, shard: index });
    const batch = await placesInNextBatch(shard, ["raced-a", "raced-b"]);
    expect(await queue.allocate(index, batch, 2, Date.now())).toMatchObject({ ok: true, firstPosition: 2 });
    await queue.shardReport(index, report); // newer than any report the cohort's object has, but older than the range

    await admissionTick(cohortId);
    expect((await queue.progress())?.admittedThrough).toBe(1);

    await evictDurableObject(shard); // the shard restarts, finds the batch unsent and sends it again
    await runDurableObjectAlarm(shard);
    for (let tick = 0; tick < 2; tick++) await admissionTick(cohortId);
    expect((await queue.progress())?.admittedThrough).toBe(3);
    const states = await rowsOverShards<{ state: string }>(cohortId, "SELECT state FROM entries WHERE identity LIKE 'raced-%'");
    expect(states.map((r) => r.state)).toEqual(["admitted", "admitted"]);
  });

  it("a shard whose counters were kept before it reported written batches counts the batches it has no places waiting in as written", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("shards-written-upgrade");
    const first = nationalIdFor("1968-08-10", 1);
    await join(cohortId, first);
    const person = await personFrom(first, env.ID_HASH_KEY);
    const shard = await shardStub(cohortId, person.identity);
    const address = { cohortId, shard: shardOf(person.identity, SHARDS) };
    const latest = await runInDurableObject(shard, (_i, state) => {
      const { writtenBatch: _, ...older } = JSON.parse(
        state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'counters'").one().value,
      ) as { writtenBatch: number; batch: number };
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'counters'", JSON.stringify(older));
      return older.batch;
    });
    expect(latest).toBeGreaterThan(0);
    await evictDurableObject(shard);
    expect((await shard.markBooked("nobody", address)).report.writtenBatch).toBe(latest);
  });

  it("a shard that missed a config saved during the pre-queue is handed it again by the next alarm, within a second, not at the opening", async () => {
    setServerTime("2021-07-19T10:30:00Z"); // the pre-queue, half an hour before the opening
    const cohortId = await shardedCohort("shards-missed-config");
    await join(cohortId, nationalIdFor("1968-09-09", 1));
    const queue = queueStub(cohortId);
    const missing = 2;
    const snapshotOf = async (shard: number) =>
      runInDurableObject(env.INTAKE_SHARD.get(env.INTAKE_SHARD.idFromName(`${cohortId}:${shard}`)), (_i, state) => {
        const row = state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'snapshot'").toArray()[0];
        return row ? (JSON.parse(row.value) as { version: number; config: { maxInBookingStep: number } }) : null;
      });
    const receive = IntakeShard.prototype.receiveSnapshot;
    const lost = vi.spyOn(IntakeShard.prototype, "receiveSnapshot").mockImplementation(async function (
      this: IntakeShard,
      snapshot,
      address,
    ) {
      if (address.shard === missing) throw new Error("shard unreachable");
      return receive.call(this, snapshot, address);
    });
    try {
      const saved = await send(
        "PUT",
        `/admin/v1/cohorts/${cohortId}?force=1&reason=test`,
        cohortConfig(OPENING, { intake: { shards: SHARDS, flushMs: 0 }, maxInBookingStep: 40 }),
        ADMIN,
      );
      expect(saved.status).toBe(200);
    } finally {
      lost.mockRestore();
    }
    expect((await snapshotOf(missing))?.config.maxInBookingStep ?? 100).toBe(100);
    expect((await snapshotOf((missing + 1) % SHARDS))?.config.maxInBookingStep).toBe(40);
    const misses = () =>
      runInDurableObject(queue, (_i, state) => {
        const row = state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'snapshotMisses'").toArray()[0];
        return row ? (JSON.parse(row.value) as { shards: number[] }).shards : null;
      });
    expect(await misses()).toEqual([missing]);
    // The alarm is due a second from now, not at the opening (workerd keeps alarms on its own clock,
    // not the tests' pinned one, so the schedule is read from the rule that sets it).
    const config = (await queue.getConfig())!;
    const dueAt = () =>
      runInDurableObject(queue, (_i, state) =>
        nextAlarmAt(state.storage.sql, config, NO_CONTROLS, Date.now(), {
          waiting: false,
          inBookingStep: 0,
          firstExpiry: null,
          drawing: false,
          snapshotRetryAt: snapshotRetryAt(state.storage.sql),
        }),
      );
    expect(await dueAt()).toBe(Date.now() + SNAPSHOT_RETRY_MS);

    const handed = vi.spyOn(IntakeShard.prototype, "receiveSnapshot");
    try {
      advanceServerTime(SNAPSHOT_RETRY_MS);
      expect(await runDurableObjectAlarm(queue)).toBe(true);
      expect(handed.mock.calls.map(([, address]) => address.shard)).toEqual([missing]);
    } finally {
      handed.mockRestore();
    }
    expect((await snapshotOf(missing))?.config.maxInBookingStep).toBe(40);
    expect(await misses()).toEqual([]);
  });

  it("a shard that stays down is handed the snapshot again less and less often (1, 2, 4 s... up to 30 s), not every second", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await shardedCohort("shards-down-backoff");
    await join(cohortId, nationalIdFor("1968-09-09", 2));
    const queue = queueStub(cohortId);
    const missing = 1;
    const receive = IntakeShard.prototype.receiveSnapshot;
    const tried: number[] = [];
    const down = vi.spyOn(IntakeShard.prototype, "receiveSnapshot").mockImplementation(async function (
      this: IntakeShard,
      snapshot,
      address,
    ) {
      if (address.shard !== missing) return receive.call(this, snapshot, address);
      tried.push(Date.now());
      throw new Error("shard unreachable");
    });
    const saidAt = Date.now();
    try {
      const put = cohortConfig(OPENING, { intake: { shards: SHARDS, flushMs: 0 }, maxInBookingStep: 30 });
      expect((await send("PUT", `/admin/v1/cohorts/${cohortId}?force=1&reason=test`, put, ADMIN)).status).toBe(200);
      // An alarm every half second for 40 s: the shard is tried at the save, then 1, 2, 4, 8, 16 s
      // after each miss, and then every 30 s.
      for (let i = 0; i < 80; i++) {
        advanceServerTime(500);
        await runDurableObjectAlarm(queue);
      }
    } finally {
      down.mockRestore();
    }
    const gaps = tried.slice(1).map((at, i) => at - tried[i]!);
    expect(tried[0]! - saidAt).toBeLessThan(500);
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(snapshotRetryDelay(6)).toBe(30_000);
    expect(snapshotRetryDelay(20)).toBe(30_000);
    // Back: the next due alarm hands it over, and nothing more is due for it.
    advanceServerTime(30_000);
    await runDurableObjectAlarm(queue);
    const row = await runInDurableObject(env.INTAKE_SHARD.get(env.INTAKE_SHARD.idFromName(`${cohortId}:${missing}`)), (_i, state) =>
      state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'snapshot'").one(),
    );
    expect((JSON.parse(row.value) as { config: { maxInBookingStep: number } }).config.maxInBookingStep).toBe(30);
    expect(await runInDurableObject(queue, (_i, state) => snapshotRetryAt(state.storage.sql))).toBeNull();
  });

  it("re-entry grants pushed to a shard whose answer is lost count in the booking step until it reports, so the cap holds", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("shards-reentry-lost", {
      admissionRatePerMinute: 6000,
      maxInBookingStep: 2,
      grantLifetimeSeconds: 60,
      reentryWindowSeconds: 300,
    });
    // Two people of one shard, then a third.
    const shardOfId = async (id: string) => shardOf((await personFrom(id, env.ID_HASH_KEY)).identity, SHARDS);
    const me = nationalIdFor("1968-03-03", 1);
    const myShard = await shardOfId(me);
    let neighbour = "";
    for (let i = 2; !neighbour; i++)
      if ((await shardOfId(nationalIdFor("1968-03-03", i))) === myShard) neighbour = nationalIdFor("1968-03-03", i);
    const pair = [await join(cohortId, me), await join(cohortId, neighbour)];
    const cookies = pair.map((j) => j.response.headers.get("Set-Cookie")!.split(";")[0]!);
    await join(cohortId, nationalIdFor("1968-03-04", 1));
    const granted = () => sumOverShards(cohortId, "SELECT count(*) AS n FROM entries WHERE state = 'admitted'");
    await admissionTick(cohortId); // the two of us: the step is full
    advanceServerTime(61_000);
    await admissionTick(cohortId); // both grants expired unused; the third takes the step, the line is through
    expect(await granted()).toBe(1);
    await join(cohortId, me, { Cookie: cookies[0]! }); // both back at the front
    await join(cohortId, neighbour, { Cookie: cookies[1]! });
    // The next push to our shard gives one of us the one place left, and its answer is lost on the way back.
    const admit = IntakeShard.prototype.admit;
    const lost = vi.spyOn(IntakeShard.prototype, "admit").mockImplementation(async function (this: IntakeShard, push, address) {
      const report = await admit.call(this, push, address);
      if (address.shard === myShard && push.reentries > 0) throw new Error("answer lost");
      return report;
    });
    try {
      await admissionTick(cohortId);
      expect(lost).toHaveBeenCalled();
    } finally {
      lost.mockRestore();
    }
    expect(await granted()).toBe(2);
    await admissionTick(cohortId);
    expect(await granted()).toBe(2); // never more than the cap, though one answer never came back
    advanceServerTime(61_000);
    await admissionTick(cohortId); // the step frees up: the other of us gets the next grant
    expect(await sumOverShards(cohortId, "SELECT count(*) AS n FROM entries WHERE state = 'admitted' AND reentries > 0")).toBe(1);
  });

  it("a shard and the cohort's object evicted between ticks keep every place, grant and the cap", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await shardedCohort("shards-evict-all", { admissionRatePerMinute: 6000, maxInBookingStep: 2 });
    const tickets: string[] = [];
    for (let i = 0; i < 6; i++) tickets.push((await join(cohortId, nationalIdFor("1967-09-09", i))).body.ticket);
    await admissionTick(cohortId);
    for (const stub of [queueStub(cohortId), ...(await shardStubs(cohortId))]) await evictDurableObject(stub);
    await admissionTick(cohortId);
    const states = [];
    for (const ticket of tickets) states.push((await poll(cohortId, ticket)).body.state);
    expect(states).toEqual(["admitted", "admitted", "waiting", "waiting", "waiting", "waiting"]);
    const positions = await rowsOverShards<{ position: number }>(cohortId, "SELECT position FROM entries ORDER BY position");
    expect(positions.map((r) => r.position).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
