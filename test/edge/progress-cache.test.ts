import { afterEach, describe, expect, it, vi } from "vitest";
import { FORCED_REFRESH_INTERVAL_MS, isNoOlder, PROGRESS_TTL_MS, ProgressCache } from "../../src/queue/edge/progress-cache";
import type { QueueProgress } from "../../src/queue/object/types";

afterEach(() => vi.useRealTimers());

const T0 = Date.parse("2021-07-19T11:00:00Z");

function progressAt(nowMs: number, admittedThrough: number, lastPosition = 1000): QueueProgress {
  return {
    phase: { status: "open", windowIndex: 0, opensAt: "2021-07-19T11:00:00.000Z", closesAt: "2021-07-23T11:00:00.000Z" },
    admittedThrough,
    lastPosition,
    admissionRatePerMinute: 60,
    lastClosesAtMs: T0 + 4 * 86_400_000,
    lastDrawAtMs: T0,
    nowMs,
    phaseUntilMs: null,
    soldOut: false,
    held: false,
    inBookingStep: 0,
    maxInBookingStep: 50,
    grantLifetimeSeconds: 600,
    firstPassExpiresAtMs: null,
  };
}

/** A stand-in for the queue object that counts how often it is asked. */
function objectAt(answer: () => QueueProgress | null) {
  const source = {
    loads: 0,
    kept: [] as Array<Promise<unknown>>,
    load: async () => {
      source.loads += 1;
      return answer();
    },
    origin: "https://vaccine.test",
    keepAlive: (work: Promise<unknown>) => void source.kept.push(work),
  };
  return source;
}

function at(ms: number): number {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(ms);
  return ms;
}

describe("the edge's copy of a cohort's progress", () => {
  it("is served without asking the object while it is younger than the TTL, then asked for once", async () => {
    const cache = new ProgressCache("memo");
    let admitted = 10;
    const object = objectAt(() => progressAt(Date.now(), admitted));
    at(T0);
    expect((await cache.read("c", object))?.admittedThrough).toBe(10);
    for (let i = 0; i < 50; i++) await cache.read("c", object, 0, at(T0 + (i * (PROGRESS_TTL_MS - 1)) / 50));
    expect(object.loads).toBe(1);

    admitted = 12;
    at(T0 + PROGRESS_TTL_MS);
    expect((await cache.read("c", object))?.admittedThrough).toBe(12);
    for (let i = 0; i < 20; i++) await cache.read("c", object);
    expect(object.loads).toBe(2);
  });

  it("while one request refreshes an expired copy, the others are answered with the copy instead of asking too", async () => {
    const cache = new ProgressCache("memo");
    let release!: () => void;
    let admitted = 10;
    const object = objectAt(() => progressAt(Date.now(), admitted));
    at(T0);
    await cache.read("c", object);
    const slow = { ...object, load: () => new Promise<QueueProgress>((resolve) => (release = () => resolve(progressAt(Date.now(), 15)))) };
    at(T0 + PROGRESS_TTL_MS + 10);
    const refreshing = cache.read("c", slow);
    const meanwhile = await Promise.all(Array.from({ length: 10 }, () => cache.read("c", object)));
    expect(meanwhile.map((p) => p?.admittedThrough)).toEqual(Array(10).fill(10));
    expect(object.loads).toBe(1); // only the first, warming read
    release();
    expect((await refreshing)?.admittedThrough).toBe(15);
    admitted = 99;
    expect((await cache.read("c", object))?.admittedThrough).toBe(15); // the new copy is fresh
  });

  it("never serves a copy older than the most it may be stale: such a request asks the object itself", async () => {
    const cache = new ProgressCache("memo");
    const object = objectAt(() => progressAt(Date.now(), 10));
    at(T0);
    await cache.read("c", object);
    const hanging = { ...object, load: () => new Promise<QueueProgress>(() => {}) };
    at(T0 + PROGRESS_TTL_MS + 10);
    void cache.read("c", hanging); // a refresh that never returns
    at(T0 + 60_000);
    expect((await cache.read("c", object))?.nowMs).toBe(T0 + 60_000);
    expect(object.loads).toBe(2);
  });

  it("a cold isolate asks the object once for a burst of polls: the others wait for that answer instead of asking too", async () => {
    const cache = new ProgressCache("memo");
    let release!: () => void;
    let loads = 0;
    const slow = {
      ...objectAt(() => null),
      load: () => {
        loads += 1;
        return new Promise<QueueProgress>((resolve) => (release = () => resolve(progressAt(Date.now(), 21))));
      },
    };
    const burst = Array.from({ length: 10 }, () => cache.read("c", slow));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect((await Promise.all(burst)).map((p) => p?.admittedThrough)).toEqual(Array(10).fill(21));
    expect(loads).toBe(1);
  });

  it("a place never looks worse: an older answer never replaces a newer copy", async () => {
    const cache = new ProgressCache("memo");
    at(T0 + 5_000);
    cache.offer("c", progressAt(T0 + 5_000, 40));
    at(T0 + 5_000 + PROGRESS_TTL_MS);
    // A slow object answer that left before the newer one was seen arrives late.
    const late = objectAt(() => progressAt(T0 + 4_000, 30));
    expect((await cache.read("c", late))?.admittedThrough).toBe(40);
    expect(isNoOlder(progressAt(T0, 30), progressAt(T0, 40))).toBe(false);
    expect(isNoOlder(progressAt(T0, 40, 900), progressAt(T0, 40, 1000))).toBe(false);
    expect(isNoOlder(progressAt(T0 + 1, 40), progressAt(T0, 40))).toBe(true);
  });

  it("a client that already saw a newer progress makes the edge ask again, at most every 500 ms", async () => {
    const cache = new ProgressCache("memo");
    let admitted = 10;
    const object = objectAt(() => progressAt(Date.now(), admitted));
    at(T0);
    await cache.read("c", object);
    admitted = 20;
    at(T0 + FORCED_REFRESH_INTERVAL_MS);
    expect((await cache.read("c", object, 20))?.admittedThrough).toBe(20);
    expect(object.loads).toBe(2);
    // A lying client cannot make it ask more often than that.
    for (let i = 0; i < 10; i++) await cache.read("c", object, 1_000_000);
    expect(object.loads).toBe(2);
  });

  it("remembers for one TTL that a cohort does not exist", async () => {
    const cache = new ProgressCache("memo");
    const object = objectAt(() => null);
    at(T0);
    expect(await cache.read("nope", object)).toBeNull();
    expect(await cache.read("nope", object)).toBeNull();
    expect(object.loads).toBe(1);
    at(T0 + PROGRESS_TTL_MS);
    await cache.read("nope", object);
    expect(object.loads).toBe(2);
  });

  it("with the Cache API tier, another isolate of the same location reads the copy without asking the object", async () => {
    const cohortId = `cache-api-${Math.random().toString(36).slice(2)}`;
    const object = objectAt(() => progressAt(Date.now(), 7));
    const first = new ProgressCache("memo+cache-api");
    expect((await first.read(cohortId, object))?.admittedThrough).toBe(7);
    await Promise.all(object.kept);
    const second = new ProgressCache("memo+cache-api");
    expect((await second.read(cohortId, object))?.admittedThrough).toBe(7);
    expect(object.loads).toBe(1);
  });
});

describe("the Cache API tier across the isolates of a location", () => {
  /** Sixteen isolates that all took the same copy at T0, then all poll at once every 10 ms until T0 + 1.2 s. */
  async function loadsAfterExpiry(staggerOf: (isolate: number) => number): Promise<number> {
    const cohortId = `stagger-${Math.random().toString(36).slice(2)}`;
    const object = objectAt(() => progressAt(Date.now(), 7));
    const isolates = Array.from({ length: 16 }, (_, i) => new ProgressCache("memo+cache-api", staggerOf(i)));
    at(T0);
    for (const isolate of isolates) await isolate.read(cohortId, object);
    await Promise.all(object.kept);
    const before = object.loads;
    for (let t = T0 + 500; t <= T0 + 1200; t += 10) {
      at(t);
      await Promise.all(isolates.map((isolate) => isolate.read(cohortId, object)));
      await Promise.all(object.kept);
    }
    return object.loads - before;
  }

  it("staggered expiries: the first isolate to expire refreshes the location's copy and the others read it, instead of all asking the object at once", async () => {
    expect(await loadsAfterExpiry((i) => i * 25)).toBe(1);
    // Expiring together, every isolate misses the location's copy at the same instant and asks the object.
    expect(await loadsAfterExpiry(() => 0)).toBe(16);
  });
});
