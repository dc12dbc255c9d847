import { afterEach, describe, expect, it, vi } from "vitest";
import { cohortLinks } from "../../src/pages/cohort-facts";
import { WaitPage } from "../../src/pages/views/wait";
import { cohortConfig, createCohort, setServerTime } from "../helpers";
import { fetchPage, pageData } from "./helpers";

afterEach(() => vi.useRealTimers());

describe("what the cohort page announces comes from the stored config", () => {
  it("writes out who may book and when booking opens, in the cohort's local time, in both languages", async () => {
    setServerTime("2021-07-19T05:00:00Z");
    const cohortId = await createCohort("announce", cohortConfig("2021-07-19T20:00:00+09:00"));
    const korean = (await fetchPage(`/cohorts/${cohortId}`)).html;
    expect(korean).toContain('1967년 1월 1일</b>부터 <b data-v="to">1968년 12월 31일</b>까지 태어난 분');
    expect(korean).toContain("2021년 7월 19일 월요일 오후 8:00");
    // The zone by its name, never its IANA identifier (issue 15).
    expect(korean).toContain('모든 시각은 <b data-v="zone">한국 표준시</b> 기준입니다.');
    const english = (await fetchPage(`/en/cohorts/${cohortId}`)).html;
    expect(english).toContain('People born from <b data-v="from">1 January 1967</b> to <b data-v="to">31 December 1968</b>');
    expect(english).toContain("Monday, 19 July 2021 at 20:00");
    expect(english).toContain('All times are <b data-v="zone">Korean Standard Time</b>.');
  });

  it("a 00:00 opening in Seoul is announced on its Seoul date, not the UTC one", async () => {
    setServerTime("2021-07-10T00:00:00Z");
    const cohortId = await createCohort(
      "midnight-page",
      cohortConfig("2021-07-12T00:00:00+09:00", { birthDates: { from: "1962-01-01", to: "1966-12-31" } }),
    );
    const html = (await fetchPage(`/cohorts/${cohortId}`)).html;
    expect(html).toContain("2021년 7월 12일 월요일 오전 12:00");
    expect(html).not.toContain("7월 11일");
  });

  it("each cohort's page announces its own opening, never another cohort's", async () => {
    setServerTime("2021-07-19T05:00:00Z");
    const a = await createCohort("announce-a", cohortConfig("2021-07-19T20:00:00+09:00"));
    const b = await createCohort(
      "announce-b",
      cohortConfig("2021-07-20T20:00:00+09:00", { birthDates: { from: "1969-01-01", to: "1971-12-31" } }),
    );
    const pageA = (await fetchPage(`/cohorts/${a}`)).html;
    const pageB = (await fetchPage(`/cohorts/${b}`)).html;
    expect(pageA).toContain("2021년 7월 19일");
    expect(pageA).not.toContain("2021년 7월 20일");
    expect(pageB).toContain("2021년 7월 20일 화요일 오후 8:00");
    expect(pageB).not.toContain("2021년 7월 19일");
    expect(pageB).toContain("1969년 1월 1일");
  });

  it("a ten-day rotation lists every window with the days of birth it admits", async () => {
    setServerTime("2021-08-01T00:00:00Z");
    const windows = [0, 1, 2].map((day) => ({
      opensAt: `2021-08-${String(9 + day).padStart(2, "0")}T20:00:00+09:00`,
      closesAt: `2021-08-${String(10 + day).padStart(2, "0")}T18:00:00+09:00`,
      birthDayLastDigits: [day, day + 5],
    }));
    const cohortId = await createCohort(
      "rotation-page",
      cohortConfig("2021-08-09T20:00:00+09:00", { birthDates: { from: "1972-01-01", to: "2003-12-31" }, windows }),
    );
    const html = (await fetchPage(`/en/cohorts/${cohortId}`)).html;
    for (const digits of ["0, 5", "1, 6", "2, 7"]) expect(html).toContain(`Day of birth ending in <b data-v="digits">${digits}</b>`);
    expect(html).toContain("Monday, 9 August 2021 at 20:00");
    expect(html).toContain("Wednesday, 11 August 2021 at 20:00");
  });

  it("the cohort page shows the status the schedule gives on the server clock, and the script re-reads it", async () => {
    const cohortId = await createCohort("status-page", cohortConfig("2031-07-19T20:00:00+09:00", { prequeueLeadMinutes: 60 }));
    setServerTime("2031-07-19T10:30:00Z");
    const before = (await fetchPage(`/en/cohorts/${cohortId}?at=prequeue`)).html;
    expect(before).toContain('data-status="prequeue">Waiting room open');
    setServerTime("2031-07-19T11:00:00Z");
    const after = (await fetchPage(`/en/cohorts/${cohortId}?at=open`)).html;
    expect(after).toContain('data-status="open">Booking is open');
    expect(pageData(after).cohort.windows[0].opensAt).toBe("2031-07-19T20:00:00+09:00");
  });

  it("the script's data holds only public facts and the sentences it needs", async () => {
    setServerTime("2021-07-19T05:00:00Z");
    const cohortId = await createCohort("page-data", cohortConfig("2021-07-19T20:00:00+09:00"));
    const data = pageData((await fetchPage(`/cohorts/${cohortId}/wait`)).html);
    expect(Object.keys(data).sort()).toEqual(["cohort", "errors", "idProblems", "lang", "links", "page", "text"]);
    expect(Object.keys(data.cohort).sort()).toEqual(["birthDates", "id", "name", "prequeueLeadMinutes", "timeZone", "windows"]);
    expect(data.links.wait).toBe(`/cohorts/${cohortId}/wait`);
    expect(data.text.announce).toContain("{position}");
  });
});

describe("the waiting page's states", () => {
  it("a place that cannot move because every slot is taken says so, in the API's own words", async () => {
    const cohort = {
      id: "c",
      name: "c",
      timeZone: "Asia/Seoul",
      birthDates: { from: "1967-01-01", to: "1968-12-31" },
      windows: [],
      prequeueLeadMinutes: 60,
    };
    const answer = {
      state: "sold_out" as const,
      position: 9,
      ahead: 4,
      estimatedWaitSeconds: null,
      pollAfterSeconds: 60,
      message: "All booked for now.",
      messageKo: "모두 찼습니다.",
    };
    const html = String(
      await WaitPage({ cohort, lang: "ko", links: cohortLinks("ko", "c"), known: { answer, readAtMs: 0, refreshSeconds: 60 } }),
    );
    expect(html).toContain(
      '<section class="card" data-state="sold_out"><h1>지금은 예약 가능한 시간이 없습니다</h1><p data-v="message">모두 찼습니다.</p>',
    );
    expect(html).toMatch(/<section class="card" data-state="waiting" hidden="">/);
  });
});
