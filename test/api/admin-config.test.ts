import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ADMIN, api, cohortConfig, join, nationalIdFor, send, setServerTime, uniqueCohortId } from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const BEFORE = "2021-07-19T05:00:00Z"; // 14:00 in Seoul on the opening day

let year = 1920;
/** A cohort config with birth dates no other test in this file uses, so cohorts never overlap by accident. */
function own(opensAt: string, overrides: Parameters<typeof cohortConfig>[1] = {}) {
  year += 1;
  return cohortConfig(opensAt, { birthDates: { from: `${year}-01-01`, to: `${year}-12-31` }, ...overrides });
}

const put = (id: string, body: unknown, query = "", headers: Record<string, string> = ADMIN) =>
  send("PUT", `/admin/v1/cohorts/${id}${query}`, body, headers);
const json = async (response: Response) => (await response.json()) as any;

describe("dry run of a cohort config", () => {
  it("shows each opening in local time and UTC, who may book, the queue a population makes and its drain time", async () => {
    setServerTime(BEFORE);
    const id = uniqueCohortId("dry");
    const response = await put(
      id,
      cohortConfig(OPENING, { admissionRatePerMinute: 3000, maxInBookingStep: 50_000 }),
      "?dryRun=1&population=1505000",
    );
    expect(response.status).toBe(200);
    const { report, saved } = await json(response);
    expect(saved).toBe(false);
    expect(report.windows[0].opensAt).toEqual({ local: "2021-07-19 20:00", utc: "2021-07-19T11:00:00.000Z" });
    expect(report.windows[0].waitingRoomOpensAt.local).toBe("2021-07-19 19:00");
    expect(report.windows[0]).toMatchObject({ expectedQueue: 1_505_000, drainMinutes: 502, drainsBeforeClosing: true });
    expect(report.windows[0].drainedBy.local).toBe("2021-07-20 04:22");
    expect(report.text.en).toEqual([
      "Ages 53-54: for people born 1967-01-01 to 1968-12-31.",
      "Window 1: opens 2021-07-19 20:00 Asia/Seoul (2021-07-19T11:00:00.000Z), closes 2021-07-23 20:00 Asia/Seoul (2021-07-23T11:00:00.000Z); the waiting room opens 2021-07-19 19:00.",
      "  Expected queue: 1,505,000 people; at 3,000 a minute it drains in 8 h 22 min, by 2021-07-20 04:22.",
    ]);
    expect(report.text.ko[2]).toBe(
      "  예상 대기 인원 1,505,000명; 분당 3,000명 입장 시 8시간 22분 후 (2021-07-20 04:22) 대기열이 해소됩니다.",
    );
    // 1.5 million people within 15 s of the opening at 600 joins a second a shard: 168 intake shards.
    expect(report.intake).toEqual({ shards: 1, recommendedShards: 168, flushMs: 400 });
    expect(report.warnings).toEqual([expect.stringContaining("intake.shards 1 is fewer than the 168 recommended")]);
    const planned = await json(
      await put(
        id,
        cohortConfig(OPENING, { admissionRatePerMinute: 3000, maxInBookingStep: 50_000, intake: { shards: 168, flushMs: 400 } }),
        "?dryRun=1&population=1505000",
      ),
    );
    expect(planned.report.warnings).toEqual([]);
  });

  it("quotes the very sentences citizens get, from the same code that answers them", async () => {
    setServerTime(BEFORE);
    const id = uniqueCohortId("dry-same");
    const config = own(OPENING);
    const dry = await json(await put(id, config, "?dryRun=1"));
    expect(dry.report.windows[0].citizensSee.beforeOpening).toEqual({
      en: "Booking opens Monday, 19 July 2021 at 20:00 (Korean Standard Time).",
      ko: "예약은 2021년 7월 19일 월요일 오후 8:00 (한국 표준시)에 시작됩니다.",
    });
    // Save it for real and ask as a citizen two hours before the pre-queue: the same sentence.
    await put(id, config);
    const { body } = await join(id, nationalIdFor(config.birthDates.from));
    expect(body.error.message).toBe(dry.report.windows[0].citizensSee.beforeOpening.en);
    expect(body.error.messageKo).toBe(dry.report.windows[0].citizensSee.beforeOpening.ko);
    expect(dry.report.publicCohort).toEqual(await json(await api(`/api/v1/cohorts/${id}`)));
  });

  it("saves nothing: no KV entry, no queue config, no version", async () => {
    setServerTime(BEFORE);
    const id = uniqueCohortId("dry-nothing");
    expect((await put(id, own(OPENING), "?dryRun=1")).status).toBe(200);
    expect(await env.COHORT_CONFIG.get(`cohort:${id}`)).toBeNull();
    expect((await api(`/admin/v1/cohorts/${id}`, { headers: ADMIN })).status).toBe(404);
    expect((await json(await api(`/admin/v1/cohorts/${id}/versions`, { headers: ADMIN }))).versions).toEqual([]);
    expect((await api(`/api/v1/cohorts/${id}`)).status).toBe(404);
  });

  it("warns when the queue would not drain before the window closes, and when the booking-step cap sets the pace", async () => {
    setServerTime(BEFORE);
    const id = uniqueCohortId("dry-warn");
    const config = own(OPENING, {
      windows: [{ opensAt: OPENING, closesAt: "2021-07-20T18:00:00+09:00" }],
      admissionRatePerMinute: 2000,
      maxInBookingStep: 5000,
      population: 3_524_000,
    });
    const { report } = await json(await put(id, config, "?dryRun=1"));
    expect(report.population).toBe(3_524_000);
    expect(report.windows[0].drainsBeforeClosing).toBe(false);
    expect(report.warnings[0]).toMatch(
      /^windows\.0: the expected queue needs 29 h 22 min but the window lasts 22 h 0 min; about 884,000 people would still be waiting at closing\.$/,
    );
    expect(report.warnings[1]).toMatch(/admissionRatePerMinute 2,000 is more than maxInBookingStep 5,000 sustains .* about 500 a minute/);
  });

  it("shows the capacity a rehearsal measured, and warns when the admission rate is above it", async () => {
    setServerTime(BEFORE);
    const measuredCapacity = { perMinute: 2400, measuredAt: "2026-12-02T05:10:00Z", source: "npm run rehearse -- --find-rate, loopback" };
    const over = await json(
      await put(uniqueCohortId("dry-capacity"), own(OPENING, { admissionRatePerMinute: 3000, measuredCapacity }), "?dryRun=1"),
    );
    expect(over.report.admission).toMatchObject({ ratePerMinute: 3000, measuredCapacity, aboveMeasuredCapacity: true });
    expect(over.report.text.en.at(-1)).toBe(
      "Measured capacity of the booking path: 2,400 a minute (measured 2026-12-02 14:10, npm run rehearse -- --find-rate, loopback).",
    );
    expect(over.report.text.ko.at(-1)).toBe(
      "측정된 예약 처리 용량: 분당 2,400명 (2026-12-02 14:10 측정, npm run rehearse -- --find-rate, loopback).",
    );
    expect(over.report.warnings).toContain(
      "admissionRatePerMinute 3,000 is more than the booking path's measured capacity of 2,400 a minute (measured 2026-12-02 14:10): bookings would slow down or fail; lower the rate or measure again.",
    );

    const within = await json(
      await put(uniqueCohortId("dry-capacity"), own(OPENING, { admissionRatePerMinute: 2400, measuredCapacity }), "?dryRun=1"),
    );
    expect(within.report.admission.aboveMeasuredCapacity).toBe(false);
    expect(within.report.warnings.filter((w: string) => w.includes("measured capacity"))).toEqual([]);

    const none = await json(await put(uniqueCohortId("dry-capacity"), own(OPENING, { admissionRatePerMinute: 3000 }), "?dryRun=1"));
    expect(none.report.admission).toMatchObject({ measuredCapacity: null, aboveMeasuredCapacity: null });
    expect(none.report.text.en.some((line: string) => line.includes("Measured capacity"))).toBe(false);
  });

  it("refuses a measured capacity without its date and source, naming the field", async () => {
    setServerTime(BEFORE);
    const noDate = await put(
      uniqueCohortId("dry-capacity-bad"),
      own(OPENING, { measuredCapacity: { perMinute: 2400, source: "guess" } as never }),
      "?dryRun=1",
    );
    expect(noDate.status).toBe(400);
    expect((await json(noDate)).error.message).toContain("measuredCapacity.measuredAt");
    const zero = await put(
      uniqueCohortId("dry-capacity-bad"),
      own(OPENING, { measuredCapacity: { perMinute: 0, measuredAt: "2026-12-02T05:10:00Z", source: "x" } }),
      "?dryRun=1",
    );
    expect(zero.status).toBe(400);
    expect((await json(zero)).error.message).toContain("measuredCapacity.perMinute");
  });

  it("reports the guard rails a save would run into, still saving nothing", async () => {
    setServerTime("2021-07-19T12:00:00Z");
    const id = uniqueCohortId("dry-guard");
    const body = await json(await put(id, own(OPENING), "?dryRun=1"));
    expect(body.accepted).toBe(false);
    expect(body.violations.map((v: any) => v.rule)).toEqual(["opening_in_past"]);
    expect(await env.COHORT_CONFIG.get(`cohort:${id}`)).toBeNull();
  });
});

describe("guard rails", () => {
  it("refuse an opening in the past, naming the field, and save nothing", async () => {
    setServerTime("2021-07-19T11:00:01Z");
    const id = uniqueCohortId("past");
    const response = await put(id, own(OPENING));
    expect(response.status).toBe(409);
    const { error } = await json(response);
    expect(error.code).toBe("config_conflict");
    expect(error.message).toContain("windows.0.opensAt");
    expect(error.details.violations[0]).toMatchObject({ rule: "opening_in_past", path: "windows.0.opensAt" });
    expect(await env.COHORT_CONFIG.get(`cohort:${id}`)).toBeNull();
    expect((await api(`/api/v1/cohorts/${id}`)).status).toBe(404);
  });

  it("refuse a closing before its opening, even when forced", async () => {
    setServerTime(BEFORE);
    const id = uniqueCohortId("reversed");
    const response = await put(
      id,
      own(OPENING, { windows: [{ opensAt: OPENING, closesAt: "2021-07-19T19:00:00+09:00" }] }),
      "?force=1&reason=try+anyway",
    );
    expect(response.status).toBe(400);
    expect((await json(response)).error.message).toContain("windows.0.closesAt: closesAt must be after opensAt");
  });

  it("refuse overlapping windows within one cohort, even when forced", async () => {
    setServerTime(BEFORE);
    const id = uniqueCohortId("overlap-self");
    const windows = [
      { opensAt: OPENING, closesAt: "2021-07-21T20:00:00+09:00" },
      { opensAt: "2021-07-20T20:00:00+09:00", closesAt: "2021-07-22T20:00:00+09:00" },
    ];
    const response = await put(id, own(OPENING, { windows }), "?force=1&reason=try+anyway");
    expect(response.status).toBe(400);
    expect((await json(response)).error.details[0]).toMatchObject({ path: "windows.1.opensAt" });
  });

  it("refuse a window overlapping another cohort's for the same birth dates, unless forced with a reason", async () => {
    setServerTime(BEFORE);
    const first = uniqueCohortId("overlap-a");
    const second = uniqueCohortId("overlap-b");
    expect((await put(first, cohortConfig(OPENING))).status).toBe(200);
    const wider = cohortConfig("2021-07-20T20:00:00+09:00", { birthDates: { from: "1968-01-01", to: "1971-12-31" } });
    const refused = await put(second, wider);
    expect(refused.status).toBe(409);
    const { error } = await json(refused);
    expect(error.details.violations[0]).toMatchObject({ rule: "overlapping_cohorts", path: "windows.0" });
    expect(error.message).toContain(first);
    expect(error.message).toContain("born 1968-01-01 to 1968-12-31");

    const noReason = await put(second, wider, "?force=1");
    expect(noReason.status).toBe(400);
    expect((await json(noReason)).error.message).toContain("reason");

    const forced = await put(second, wider, "?force=1&reason=catch-up+cohort+agreed+with+the+agency");
    expect(forced.status).toBe(200);
    const versions = (await json(await api(`/admin/v1/cohorts/${second}/versions`, { headers: ADMIN }))).versions;
    expect(versions[0]).toMatchObject({
      version: 1,
      forcedRules: ["overlapping_cohorts"],
      reason: "catch-up cohort agreed with the agency",
      operator: "test-operator",
    });
  });

  it("refuse a change to a live window unless forced, and keep the old one meanwhile", async () => {
    setServerTime(BEFORE);
    const id = uniqueCohortId("live");
    const saved = own(OPENING);
    expect((await put(id, saved)).status).toBe(200);
    setServerTime("2021-07-19T12:00:00Z"); // 21:00 Seoul: open
    const shorter = { ...saved, windows: [{ opensAt: OPENING, closesAt: "2021-07-20T18:00:00+09:00" }] };
    const refused = await put(id, shorter);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.details.violations).toEqual([
      expect.objectContaining({ rule: "live_window_changed", path: "windows.0" }),
    ]);
    expect((await json(await api(`/admin/v1/cohorts/${id}`, { headers: ADMIN }))).cohort.windows[0].closesAt).not.toBe(
      "2021-07-20T18:00:00+09:00",
    );

    const forced = await put(id, shorter, "?force=1&reason=supply+ends+early");
    expect(forced.status).toBe(200);
    expect((await json(await api(`/api/v1/cohorts/${id}`))).closesAt).toBe("2021-07-20T18:00:00+09:00");
  });
});

describe("versions and rollback", () => {
  it("keep every save with who, when and what changed, and roll back to one as a new version", async () => {
    setServerTime(BEFORE);
    const id = uniqueCohortId("versions");
    const first = own(OPENING);
    await put(id, first, "", { ...ADMIN, "X-Operator": "kim" });
    setServerTime("2021-07-19T05:10:00Z");
    const later = "2021-07-19T21:00:00+09:00";
    await put(id, cohortConfig(later, { birthDates: first.birthDates, admissionRatePerMinute: 500 }), "", {
      ...ADMIN,
      "X-Operator": "lee",
    });

    const list = (await json(await api(`/admin/v1/cohorts/${id}/versions`, { headers: ADMIN }))).versions;
    expect(list.map((v: any) => [v.version, v.operator, v.savedAt])).toEqual([
      [2, "lee", "2021-07-19T05:10:00.000Z"],
      [1, "kim", "2021-07-19T05:00:00.000Z"],
    ]);
    expect(list[0].changes).toEqual([
      { path: "admissionRatePerMinute", before: 60, after: 500 },
      { path: "windows.0.closesAt", before: "2021-07-23T11:00:00.000Z", after: "2021-07-23T12:00:00.000Z" },
      { path: "windows.0.opensAt", before: OPENING, after: later },
    ]);
    const one = await json(await api(`/admin/v1/cohorts/${id}/versions/1`, { headers: ADMIN }));
    expect(one.config.windows[0].opensAt).toBe(OPENING);

    const rolled = await send("POST", `/admin/v1/cohorts/${id}/versions/1/rollback`, {}, { ...ADMIN, "X-Operator": "park" });
    expect(rolled.status).toBe(200);
    expect(await json(rolled)).toMatchObject({ version: 3, rollbackOf: 1 });
    expect((await json(await api(`/api/v1/cohorts/${id}`))).opensAt).toBe(OPENING);
    expect(((await env.COHORT_CONFIG.get(`cohort:${id}`, "json")) as any).admissionRatePerMinute).toBe(60);
    const latest = (await json(await api(`/admin/v1/cohorts/${id}/versions?limit=1`, { headers: ADMIN }))).versions;
    expect(latest).toEqual([expect.objectContaining({ version: 3, operator: "park", rollbackOf: 1, reason: "rollback to version 1" })]);
    expect(latest[0].changes.map((c: any) => c.path)).toEqual(["admissionRatePerMinute", "windows.0.closesAt", "windows.0.opensAt"]);
  });

  it("a rollback goes through the guard rails like any change", async () => {
    setServerTime(BEFORE);
    const id = uniqueCohortId("rollback-guard");
    const first = own("2021-07-19T18:00:00+09:00");
    await put(id, first);
    await put(id, { ...first, windows: own(OPENING).windows });
    setServerTime("2021-07-19T10:00:00Z"); // 19:00 Seoul: version 1's opening is now past
    const refused = await send("POST", `/admin/v1/cohorts/${id}/versions/1/rollback`, {}, ADMIN);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.details.violations[0].rule).toBe("opening_in_past");
    expect((await send("POST", `/admin/v1/cohorts/${id}/versions/9/rollback`, {}, ADMIN)).status).toBe(404);
  });
});

describe("concurrent operators", () => {
  it("a save naming the version it was based on is refused once someone else saved meanwhile", async () => {
    setServerTime(BEFORE);
    const id = uniqueCohortId("concurrent");
    const first = own(OPENING);
    await put(id, first);
    const read = await json(await api(`/admin/v1/cohorts/${id}`, { headers: ADMIN }));
    expect(read.version).toBe(1);
    expect((await put(id, { ...first, admissionRatePerMinute: 100 }, "?expectedVersion=1", { ...ADMIN, "X-Operator": "lee" })).status).toBe(
      200,
    );
    const late = await put(id, { ...first, admissionRatePerMinute: 200 }, "?expectedVersion=1", { ...ADMIN, "X-Operator": "kim" });
    expect(late.status).toBe(409);
    expect((await json(late)).error.details.currentVersion).toBe(2);
    expect((await json(await api(`/admin/v1/cohorts/${id}`, { headers: ADMIN }))).cohort.admissionRatePerMinute).toBe(100);
  });
});
