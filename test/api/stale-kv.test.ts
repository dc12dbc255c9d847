import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cohortConfigKey } from "../../src/queue/edge/listing";
import {
  ADMIN,
  admissionTick,
  api,
  book,
  cohortConfig,
  createCohort,
  join,
  joinAndAdmit,
  loadClinic,
  nationalIdFor,
  send,
  setServerTime,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const json = async (response: Response) => (await response.json()) as any;

/** Makes the KV listing say something else than the queue object, as a lagging KV location would. */
async function staleListing(
  cohortId: string,
  config: Record<string, unknown>,
  controls = { paused: false, closedEarly: false, held: false },
) {
  await env.COHORT_CONFIG.put(cohortConfigKey(cohortId), JSON.stringify({ id: cohortId, ...config }), { metadata: controls });
}

describe("KV is a display copy; the queue object decides", () => {
  it("a listing that says open does not open a cohort the object has not opened", async () => {
    setServerTime("2021-07-19T08:00:00Z"); // 17:00 Seoul, before the pre-queue
    const cohortId = await createCohort("stale-open", cohortConfig(OPENING));
    // A stale KV copy claims the window opened at 16:00.
    await staleListing(cohortId, cohortConfig("2021-07-19T16:00:00+09:00"));
    const listed = (await json(await api("/api/v1/cohorts"))).cohorts.find((c: any) => c.id === cohortId);
    expect(listed).toMatchObject({ status: "open", statusSource: "listing" });

    const joined = await join(cohortId, nationalIdFor("1968-06-01", 1));
    expect(joined.response.status).toBe(403);
    expect(joined.body.error.code).toBe("not_open");
    expect(joined.body.error.message).toBe("Booking opens Monday, 19 July 2021 at 20:00 (Korean Standard Time).");
    expect((await json(await api(`/api/v1/cohorts/${cohortId}`))).status).toBe("upcoming");
  });

  it("a listing that says closed does not close a cohort the object keeps open", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("stale-closed", cohortConfig(OPENING));
    await staleListing(cohortId, cohortConfig(OPENING), { paused: false, closedEarly: true, held: false });
    expect((await json(await api("/api/v1/cohorts"))).cohorts.find((c: any) => c.id === cohortId).status).toBe("closed");
    expect((await join(cohortId, nationalIdFor("1968-06-02", 1))).response.status).toBe(200);
  });

  it("eligibility follows the object's birth dates, not the listing's", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("stale-born", cohortConfig(OPENING, { birthDates: { from: "1967-01-01", to: "1968-12-31" } }));
    await staleListing(cohortId, cohortConfig(OPENING, { birthDates: { from: "1969-01-01", to: "1971-12-31" } }));
    const listed = (await json(await api("/api/v1/cohorts"))).cohorts.find((c: any) => c.id === cohortId);
    expect(listed.birthDates.from).toBe("1969-01-01");
    const outsider = await join(cohortId, nationalIdFor("1970-01-01", 1));
    expect(outsider.body.error.code).toBe("not_eligible");
    expect(outsider.body.error.message).toContain("born from 1 January 1967 to 31 December 1968");
    expect((await join(cohortId, nationalIdFor("1968-01-01", 1))).response.status).toBe(200);
  });

  it("an operator's close reaches admission and booking at once, whatever KV still says", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("stale-ctl", cohortConfig(OPENING));
    await loadClinic("stale-ctl-clinic", [{ id: "stale-ctl-slot", capacity: 5 }], "2021-07-26T09:00:00+09:00");
    const person = nationalIdFor("1968-06-03", 1);
    const { grant } = await joinAndAdmit(cohortId, person);
    await join(cohortId, nationalIdFor("1968-06-04", 1));
    expect((await send("POST", `/admin/v1/cohorts/${cohortId}/controls`, { action: "close" }, ADMIN)).status).toBe(200);
    await staleListing(cohortId, cohortConfig(OPENING)); // KV elsewhere has not heard of the close
    expect((await json(await api("/api/v1/cohorts"))).cohorts.find((c: any) => c.id === cohortId).status).toBe("open");

    const before = (await json(await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: ADMIN }))).totals.admitted;
    await admissionTick(cohortId);
    expect((await json(await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: ADMIN }))).totals.admitted).toBe(before);
    const refused = await book(cohortId, grant, { nationalId: person, name: "Hong", slotId: "stale-ctl-slot" });
    expect(refused.response.status).toBe(403);
    expect(refused.body.error.code).toBe("not_open");
  });

  it("a cohort missing from KV still queues and books through its object", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("stale-missing", cohortConfig(OPENING));
    await env.COHORT_CONFIG.delete(cohortConfigKey(cohortId));
    expect((await json(await api("/api/v1/cohorts"))).cohorts.map((c: any) => c.id)).not.toContain(cohortId);
    expect((await join(cohortId, nationalIdFor("1968-06-05", 1))).response.status).toBe(200);
    expect((await api(`/api/v1/cohorts/${cohortId}`)).status).toBe(200);
  });
});
