// The browser script's rules, run here without a browser: they are pure functions.
import { describe, expect, it } from "vitest";
import { nationalIdProblems } from "../../src/copy/error-text";
import { formatCountdown, formatWait } from "../../src/copy/format";
import { strings } from "../../src/copy/pages";
import type { IdCheckData } from "../../src/pages/client/id-check";
import { checkId } from "../../src/pages/client/id-check";
import { placeValues } from "../../src/pages/place-values";

function data(
  lang: "ko" | "en",
  windows: IdCheckData["cohort"]["windows"] = [
    { opensAt: "2021-07-19T20:00:00+09:00", closesAt: "2021-07-24T18:00:00+09:00", birthDayLastDigits: null },
  ],
): IdCheckData {
  return {
    lang,
    idProblems: nationalIdProblems(lang),
    text: strings(lang),
    cohort: {
      id: "c",
      name: "c",
      timeZone: "Asia/Seoul",
      birthDates: { from: "1967-01-01", to: "1968-12-31" },
      windows,
      prequeueLeadMinutes: 60,
    },
  };
}

describe("the national ID is checked as it is typed, with the server's rules", () => {
  it("says nothing while a plausible number is still being typed, and why as soon as it cannot be right", () => {
    expect(checkId("6803", data("ko"), false, null)).toEqual({ ok: false, message: "" });
    expect(checkId("680315-10", data("ko"), false, null)).toEqual({ ok: false, message: "" });
    expect(checkId("68a3", data("ko"), false, null).message).toBe(nationalIdProblems("ko").format);
    expect(checkId("680315-1000001-9", data("en"), false, null).message).toBe(nationalIdProblems("en").format);
    expect(checkId("680315-10", data("en"), true, null).message).toBe(nationalIdProblems("en").format);
  });

  it("a finished number is refused for an impossible birth date, told when outside the cohort, and welcomed when in it", () => {
    expect(checkId("680230-1000001", data("ko"), false, null)).toEqual({ ok: false, message: nationalIdProblems("ko").birth_date });
    expect(checkId("700101-1000001", data("en"), false, null).message).toBe(
      "Someone born 1 January 1970 is not in this group. It is for people born from 1 January 1967 to 31 December 1968.",
    );
    expect(checkId("0001014000001", data("ko"), false, null).ok).toBe(false); // born 2000: too young
    expect(checkId("6812311000001", data("ko"), false, null)).toEqual({
      ok: true,
      message: "1968년 12월 31일생 · 예약 대상입니다.",
      birthDate: "1968-12-31", // kept on the device to name the place, never the number
    });
    expect(checkId(" 670101-2000001 ", data("en"), false, null).ok).toBe(true);
  });

  it("in a rotation, a person whose day is not the open one is told before waiting, on the server's clock only", () => {
    const rotation = data("en", [
      { opensAt: "2021-08-09T20:00:00+09:00", closesAt: "2021-08-10T18:00:00+09:00", birthDayLastDigits: [1, 6] },
      { opensAt: "2021-08-10T20:00:00+09:00", closesAt: "2021-08-11T18:00:00+09:00", birthDayLastDigits: [2, 7] },
    ]);
    const duringFirstDay = Date.parse("2021-08-09T12:00:00Z");
    expect(checkId("680302-1000001", rotation, false, duringFirstDay).message).toContain("ending in 2");
    expect(checkId("680306-1000001", rotation, false, duringFirstDay).ok).toBe(true);
    expect(checkId("680302-1000001", rotation, false, null).ok).toBe(true); // no server time yet: the server will say
  });
});

describe("the waiting page's figures", () => {
  it("show the place, the people ahead and the wait as people read them", () => {
    const values = placeValues(
      {
        state: "waiting",
        position: 123456,
        ahead: 123000,
        estimatedWaitSeconds: 30_900,
        estimatedWait: { minSeconds: 20_600, maxSeconds: 30_900 },
        pollAfterSeconds: 60,
      },
      "ko",
      "Asia/Seoul",
      Date.parse("2021-07-19T11:03:15Z"),
    );
    expect(values).toMatchObject({ position: "123,456", ahead: "123,000", eta: "약 5~9시간", updated: "오후 8:03:15" });
    const admitted = placeValues(
      { state: "admitted", position: 5, ahead: 0, estimatedWaitSeconds: 0, pollAfterSeconds: 2, grantExpiresAt: "2021-07-19T11:13:00Z" },
      "en",
      "Asia/Seoul",
      0,
    );
    expect(admitted.grantUntil).toBe("20:13");
  });

  it("waits and countdowns are rounded for reading, never negative", () => {
    expect(formatWait(30, "en")).toBe("under a minute");
    expect(formatWait(61, "en")).toBe("about 2 min");
    expect(formatWait(3600, "ko")).toBe("약 1시간");
    expect(formatCountdown(-5000, "en")).toBe("00:00");
    expect(formatCountdown(59_001, "en")).toBe("01:00");
    expect(formatCountdown(3_723_000, "ko")).toBe("1:02:03");
    expect(formatCountdown(2 * 86_400_000 + 3 * 3600_000, "ko")).toBe("2일 3시간");
  });
});
