// Issue 14, items 4 and 5: anonymous requests must not reach a queue object (or D1) on every call,
// and a made-up cohort id must reach no object, create nothing and cost bounded memory.
import { listDurableObjectIds, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ERROR_TEXT } from "../../src/copy/errors";
import {
  admissionTick,
  advanceServerTime,
  api,
  awayFromWindowEnd,
  cohortConfig,
  createCohort,
  join,
  loadClinic,
  nationalIdFor,
  queueStub,
  send,
  setServerTime,
  uniqueCohortId,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const json = async (response: Response) => (await response.json()) as any;

/** Whether the cohort's queue object exists (has been created, with its storage). */
async function objectExists(cohortId: string): Promise<boolean> {
  const wanted = env.COHORT_QUEUE.idFromName(cohortId);
  return (await listDurableObjectIds(env.COHORT_QUEUE)).some((id) => id.equals(wanted));
}

describe("a made-up cohort id", () => {
  it("a made-up cohort id reaches no queue object and stores nothing", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const madeUp = uniqueCohortId("made-up");
    const before = (await listDurableObjectIds(env.COHORT_QUEUE)).length;
    const reads = [
      `/api/v1/cohorts/${madeUp}`,
      `/api/v1/cohorts/${madeUp}/slots`,
      `/api/v1/cohorts/${madeUp}/audit`,
      `/api/v1/cohorts/${madeUp}/audit/admissions`,
      `/api/v1/cohorts/${madeUp}/audit/windows/0/prequeue`,
    ];
    for (const path of reads) {
      const response = await api(path, { headers: { "CF-Connecting-IP": "192.0.2.41" } });
      expect(response.status, path).toBe(404);
      expect((await json(response)).error.code, path).toBe("cohort_not_found");
    }
    const joined = await join(madeUp, nationalIdFor("1968-01-01", 1));
    expect(joined.response.status).toBe(404);
    expect(joined.body.error.code).toBe("cohort_not_found");
    // Asked again: the no is memoised, and still nothing is created.
    expect((await api(`/api/v1/cohorts/${madeUp}`)).status).toBe(404);

    expect(await objectExists(madeUp)).toBe(false);
    expect((await listDurableObjectIds(env.COHORT_QUEUE)).length).toBe(before);
  });

  it("a refusal on a made-up cohort id sends no refusal counts to a queue object", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const madeUp = uniqueCohortId("made-up-refused");
    // Refusals the edge counts for the cohort in the path: no ticket, no grant, a bad parameter.
    expect((await api(`/api/v1/cohorts/${madeUp}/queue`)).status).toBe(401);
    expect((await send("POST", `/api/v1/cohorts/${madeUp}/bookings`, { nationalId: "x", name: "x", slotId: "x" })).status).toBe(401);
    expect((await api(`/api/v1/cohorts/${madeUp}/audit/windows/99/prequeue`)).status).toBe(400);
    advanceServerTime(60_000); // past any flush interval
    expect((await api(`/api/v1/cohorts/${madeUp}/queue`)).status).toBe(401);
    expect(await objectExists(madeUp)).toBe(false);
  });

  it("a real cohort still answers, and its edge refusals are still counted", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("known-real", cohortConfig(OPENING));
    expect((await api(`/api/v1/cohorts/${cohortId}`)).status).toBe(200);
    expect((await join(cohortId, nationalIdFor("1968-01-01", 1))).response.status).toBe(200);
    expect((await api(`/api/v1/cohorts/${cohortId}/queue`)).status).toBe(401);
    advanceServerTime(31_000);
    expect((await api(`/api/v1/cohorts/${cohortId}/queue`)).status).toBe(401);
    const stats = await json(await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } }));
    expect(JSON.stringify(stats)).toContain("unauthorized");
  });
});

describe("public audit reads are served from the edge", () => {
  it("admissions are cached publicly a few seconds: a second call within the max-age does not reach the object", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("audit-cached", cohortConfig(OPENING, { admissionRatePerMinute: 60 }));
    for (let i = 0; i < 4; i++) await join(cohortId, nationalIdFor("1968-03-03", i));
    await admissionTick(cohortId);
    const path = `/api/v1/cohorts/${cohortId}/audit/admissions`;
    const first = await api(path);
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Control")).toMatch(/^public, max-age=\d$/);
    const firstBody = await json(first);

    await admissionTick(cohortId); // one more admitted in the object, a second later
    await admissionTick(cohortId);
    const second = await api(path);
    expect(second.headers.get("Cache-Control")).toBe(first.headers.get("Cache-Control"));
    expect(await json(second)).toEqual(firstBody);
    // Made-up query parameters do not get past the copy either.
    expect(await json(await api(`${path}?nocache=${Math.random()}`))).toEqual(firstBody);

    advanceServerTime(10_000); // past the max-age: the object is asked again
    const later = await json(await api(path));
    expect(later.admissions.length).toBeGreaterThan(firstBody.admissions.length);
  });

  it("the windows audit is cached briefly and a finished draw's pre-queue for long, both public", async () => {
    setServerTime("2021-07-19T10:30:00Z"); // pre-queue
    const cohortId = await createCohort("audit-draw", cohortConfig(OPENING));
    for (let i = 0; i < 3; i++) await join(cohortId, nationalIdFor("1967-04-04", i));
    const prequeuePath = `/api/v1/cohorts/${cohortId}/audit/windows/0/prequeue`;
    const early = await api(prequeuePath);
    expect(early.headers.get("Cache-Control")).toMatch(/^public, max-age=\d$/); // empty until the draw: short
    const windows = await api(`/api/v1/cohorts/${cohortId}/audit`);
    expect(windows.headers.get("Cache-Control")).toMatch(/^public, max-age=\d$/);
    expect((await json(windows)).windows[0].seed).toBeNull();

    setServerTime("2021-07-19T11:00:00Z");
    await runDurableObjectAlarm(queueStub(cohortId));
    const drawn = await api(prequeuePath);
    expect(drawn.headers.get("Cache-Control")).toBe("public, max-age=86400, immutable");
    expect((await json(drawn)).identities).toHaveLength(3);
    expect((await json(await api(`/api/v1/cohorts/${cohortId}/audit`))).windows[0].seed).not.toBeNull();
  });

  it("slot lists are kept at the edge for their max-age, so repeat calls do not reach D1", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("slots-cached", cohortConfig(OPENING));
    await loadClinic("slots-cached-a", [{ id: "slots-cached-a1", capacity: 3 }], "2021-07-26T09:00:00+09:00");
    const path = `/api/v1/cohorts/${cohortId}/slots?clinicId=slots-cached-b`;
    const first = await api(path);
    expect(first.headers.get("Cache-Control")).toMatch(/^public, max-age=5/);
    const firstBody = await json(first);
    expect(firstBody.clinics).toEqual([]);
    await loadClinic("slots-cached-b", [{ id: "slots-cached-b1", capacity: 3 }], "2021-07-26T09:00:00+09:00");
    expect(await json(await api(path))).toEqual(firstBody); // D1 changed; the copy is served
    advanceServerTime(10_000);
    expect((await json(await api(path))).clinics.map((c: any) => c.id)).toEqual(["slots-cached-b"]);
  });

  it("public reads are rate-limited per client address with a typed 429, one IPv6 /64 being one client", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("audit-limited", cohortConfig(OPENING));
    await awayFromWindowEnd();
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) {
      const headers = { "CF-Connecting-IP": `2001:db8:88:1::${(i + 1).toString(16)}` };
      statuses.push((await api(`/api/v1/cohorts/${cohortId}/audit`, { headers })).status);
    }
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(120)).toEqual([429, 429, 429, 429, 429]);
    const refused = await api(`/api/v1/cohorts/${cohortId}/audit/admissions`, { headers: { "CF-Connecting-IP": "2001:db8:88:1::ffff" } });
    expect(refused.status).toBe(429);
    expect((await json(refused)).error).toMatchObject({
      code: "rate_limited",
      message: ERROR_TEXT.rate_limited.en,
      messageKo: ERROR_TEXT.rate_limited.ko,
    });
    const neighbour = await api(`/api/v1/cohorts/${cohortId}/audit`, { headers: { "CF-Connecting-IP": "2001:db8:88:2::1" } });
    expect(neighbour.status).toBe(200);
  });
});
