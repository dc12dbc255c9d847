// Issue 14, item 5: a made-up cohort id must reach no queue object, create nothing and cost bounded memory.
import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { advanceServerTime, api, cohortConfig, createCohort, join, nationalIdFor, send, setServerTime, uniqueCohortId } from "../helpers";

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
