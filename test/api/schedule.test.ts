import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import schedule2021 from "../fixtures/schedule-2021.json";
import { ADMIN, api, join, nationalIdFor, send, setServerTime } from "../helpers";

afterEach(() => vi.useRealTimers());

const json = async (response: Response) => (await response.json()) as any;
const load = (document: unknown, query = "") => send("PUT", `/admin/v1/schedule${query}`, document, ADMIN);

/**
 * The 2021 schedule with every cohort id suffixed, and moved `years` later, so that each test has
 * cohorts of its own that do not overlap another test's (storage is shared within a file).
 */
function schedule(suffix: string, years = 0) {
  const copy = structuredClone(schedule2021) as { cohorts: Array<Record<string, any>> };
  const later = (instant: string) => instant.replace(/^2021-/, `${2021 + years}-`);
  for (const cohort of copy.cohorts) {
    cohort.id = `${cohort.id}-${suffix}`;
    cohort.windows = cohort.windows.map((w: Record<string, string>) => ({
      ...w,
      opensAt: later(w.opensAt!),
      closesAt: later(w.closesAt!),
    }));
  }
  return copy;
}

describe("the 2021 national schedule as one document", () => {
  it("loads every cohort, with the Seoul-midnight openings and the ten-day rotation of 18-49", async () => {
    setServerTime("2021-07-01T00:00:00Z");
    const response = await load(schedule2021);
    expect(response.status).toBe(200);
    expect((await json(response)).saved.map((s: any) => s.id)).toEqual([
      "teachers-carers-2021",
      "age-55-59",
      "age-53-54",
      "age-50-52",
      "age-50-54-catch-up",
      "age-18-49",
    ]);

    const c5559 = await json(await api("/api/v1/cohorts/age-55-59"));
    expect(c5559.windows[0]).toMatchObject({ opensAt: "2021-07-12T00:00:00+09:00", opensAtLocal: "2021-07-12 00:00" });
    expect(Date.parse(c5559.windows[0].opensAt)).toBe(Date.parse("2021-07-11T15:00:00Z"));
    expect(c5559.windows[1].opensAtLocal).toBe("2021-07-14 20:00");

    // At 00:00 in Seoul it is still the 11th in UTC: open then, in the pre-queue a millisecond before.
    setServerTime("2021-07-11T14:59:59.999Z");
    expect((await json(await api("/api/v1/cohorts/age-55-59"))).status).toBe("prequeue");
    setServerTime("2021-07-11T15:00:00.000Z");
    expect((await json(await api("/api/v1/cohorts/age-55-59"))).status).toBe("open");
    const joined = await join("age-55-59", nationalIdFor("1964-06-01", 1));
    expect(joined.body).toMatchObject({ state: "waiting", position: 1 });

    // 18-49 on 9 August at 20:00 Seoul: day of birth ending in 9 books, ending in 0 is told its day.
    setServerTime("2021-08-09T11:00:00Z");
    expect((await join("age-18-49", nationalIdFor("1985-03-19", 1))).response.status).toBe(200);
    const notYet = await join("age-18-49", nationalIdFor("1985-03-10", 1));
    expect(notYet.response.status).toBe(403);
    expect(notYet.body.error.code).toBe("not_eligible");
    expect(notYet.body.error.message).toBe(
      "Today is not your booking day. Yours opens Tuesday, 10 August 2021 at 20:00 (Korean Standard Time).",
    );
    setServerTime("2021-08-10T11:00:00Z");
    expect((await join("age-18-49", nationalIdFor("1985-03-10", 1))).response.status).toBe(200);
  });

  it("a dry run of the schedule lists each digit's day and each opening in UTC, and saves nothing", async () => {
    setServerTime("2031-07-01T00:00:00Z");
    const document = schedule("dry", 10);
    const body = await json(await load(document, "?dryRun=1"));
    expect(body).toMatchObject({ dryRun: true, saved: false, accepted: true, violations: [] });
    const rotation = body.cohorts.find((c: any) => c.id === "age-18-49-dry").report.rotation;
    expect(rotation.map((r: any) => `${r.digit}:${r.days.join(",")}`)).toEqual([
      "0:2031-08-10",
      "1:2031-08-11",
      "2:2031-08-12",
      "3:2031-08-13",
      "4:2031-08-14",
      "5:2031-08-15",
      "6:2031-08-16",
      "7:2031-08-17",
      "8:2031-08-18",
      "9:2031-08-09",
    ]);
    const c5559 = body.cohorts.find((c: any) => c.id === "age-55-59-dry").report;
    expect(c5559.windows[0].opensAt).toEqual({ local: "2031-07-12 00:00", utc: "2031-07-11T15:00:00.000Z" });
    expect(c5559.text.en[1]).toBe(
      "Window 1: opens 2031-07-12 00:00 Asia/Seoul (2031-07-11T15:00:00.000Z), closes 2031-07-13 18:00 Asia/Seoul (2031-07-13T09:00:00.000Z); the waiting room opens 2031-07-11 23:00.",
    );
    expect(c5559.windows[0].expectedQueue).toBe(3_524_000);
    for (const cohort of document.cohorts) expect(await env.COHORT_CONFIG.get(`cohort:${cohort.id}`)).toBeNull();
  });

  it("is all or nothing: one invalid cohort, named by its path, and no cohort is saved", async () => {
    setServerTime("2021-07-01T00:00:00Z");
    const document = schedule("bad");
    document.cohorts[5]!.windows[3].opensAt = "2021-08-12T20:00:00"; // no offset
    const response = await load(document);
    expect(response.status).toBe(400);
    expect((await json(response)).error.message).toContain("cohorts.5.windows.3.opensAt");
    for (const cohort of document.cohorts) {
      expect(await env.COHORT_CONFIG.get(`cohort:${cohort.id}`)).toBeNull();
      expect((await api(`/api/v1/cohorts/${cohort.id}`)).status).toBe(404);
    }
  });

  it("is all or nothing under the guard rails too: two cohorts overlapping for the same people save nothing", async () => {
    setServerTime("2021-07-01T00:00:00Z");
    const document = schedule("clash");
    // The catch-up cohort opening a day early overlaps 53-54 and 50-52 for the same birth dates.
    document.cohorts[4]!.windows[0].opensAt = "2021-07-20T20:00:00+09:00";
    const response = await load(document);
    expect(response.status).toBe(409);
    const { error } = await json(response);
    expect(error.details.violations.map((v: any) => `${v.cohortId} ${v.rule} ${v.path}`)).toContain(
      "age-50-54-catch-up-clash overlapping_cohorts cohorts.4.windows.0",
    );
    for (const cohort of document.cohorts) expect(await env.COHORT_CONFIG.get(`cohort:${cohort.id}`)).toBeNull();
  });

  it("refuses a document naming a cohort twice", async () => {
    setServerTime("2021-07-01T00:00:00Z");
    const document = schedule("twice");
    document.cohorts.push(document.cohorts[0]!);
    const response = await load(document);
    expect(response.status).toBe(400);
    expect((await json(response)).error.message).toContain("each cohort id may appear once");
  });
});
