import { afterEach, describe, expect, it, vi } from "vitest";
import { LocationCopy } from "../../src/queue/edge/location-copy";

afterEach(() => vi.useRealTimers());

const T0 = Date.parse("2021-07-19T11:00:00Z");
const TTL_MS = 2500;

/** A stand-in for the cohort's object that counts how often it is asked for its config. */
function sourceOf(answer: () => { version: number } | null) {
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

/** Reads through each isolate in turn, letting each write to the location's cache land before the next. */
async function readAll(isolates: Array<LocationCopy<{ version: number } | null>>, id: string, source: ReturnType<typeof sourceOf>) {
  const answers = [];
  for (const isolate of isolates) {
    answers.push(await isolate.read(id, source));
    await Promise.all(source.kept);
  }
  return answers;
}

describe("a config copy shared by the isolates of a location", () => {
  it("sixteen isolates reading the same cohort ask its object once per TTL between them, and never serve a copy older than the TTL", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    let version = 1;
    const source = sourceOf(() => ({ version }));
    const isolates = Array.from({ length: 16 }, () => new LocationCopy<{ version: number } | null>("config-test-a", TTL_MS));

    expect((await readAll(isolates, "c1", source)).map((a) => a?.version)).toEqual(Array(16).fill(1));
    expect(source.loads).toBe(1);

    version = 2;
    vi.setSystemTime(T0 + TTL_MS - 1);
    expect((await readAll(isolates, "c1", source)).every((a) => a?.version === 1)).toBe(true); // still fresh
    expect(source.loads).toBe(1);

    vi.setSystemTime(T0 + TTL_MS);
    expect((await readAll(isolates, "c1", source)).map((a) => a?.version)).toEqual(Array(16).fill(2));
    expect(source.loads).toBe(2); // the first isolate past the TTL renewed the location's copy
  });

  it("after a change made through one isolate, that isolate reads the object at once and the others get the change from it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    let version = 1;
    const source = sourceOf(() => ({ version }));
    const [changer, other] = [
      new LocationCopy<{ version: number } | null>("config-test-b", TTL_MS),
      new LocationCopy<{ version: number } | null>("config-test-b", TTL_MS),
    ];
    await readAll([changer!, other!], "c2", source);
    version = 2;
    changer!.skipOnce("c2");
    expect((await readAll([changer!], "c2", source))[0]?.version).toBe(2);
    expect((await readAll([other!], "c2", source))[0]?.version).toBe(2);
    expect(source.loads).toBe(2);
  });

  it("a copy read where the clock was ahead of this one is not served, and each cohort has a copy of its own", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0 + 10_000);
    const source = sourceOf(() => ({ version: 7 }));
    const isolate = new LocationCopy<{ version: number } | null>("config-test-c", TTL_MS);
    await readAll([isolate], "c3", source);
    vi.setSystemTime(T0); // this machine's clock behind the one that read it
    await readAll([isolate], "c3", source);
    expect(source.loads).toBe(2);
    const missing = sourceOf(() => null);
    expect(await isolate.read("c4", missing)).toBeNull();
    expect(missing.loads).toBe(1);
  });
});
