// The home page says where each cohort stands, in words (issue 15, item 4). Its own file: the home
// page is kept in the edge cache once rendered, so it is fetched here only after the cohorts exist.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cohortConfig, createCohort, setServerTime } from "../helpers";
import { fetchPage } from "./helpers";

afterEach(() => vi.useRealTimers());

describe("the home page", () => {
  it("says each cohort's state in words, with the instant that matters", async () => {
    setServerTime("2021-07-20T05:00:00Z");
    const open = await createCohort("look-open", cohortConfig("2021-07-19T20:00:00+09:00"));
    const later = await createCohort("look-later", cohortConfig("2021-07-30T20:00:00+09:00"));
    const korean = (await fetchPage("/")).html;
    const card = (id: string) =>
      korean.slice(korean.indexOf(`/cohorts/${id}"`), korean.indexOf("</li>", korean.indexOf(`/cohorts/${id}"`)));
    expect(card(open)).toContain("예약 중 · 7월 23일 (금) 오후 8:00 마감");
    expect(card(later)).toContain("예약 전 · 7월 30일 (금) 오후 8:00 시작");
    const english = (await fetchPage("/en")).html;
    expect(english).toContain("Booking open · closes Fri 23 Jul, 20:00");
  });
});
