import { describe, expect, it } from "vitest";
import { type CohortConfigInput, cohortConfigSchema } from "../../src/domain/cohort-config";
import { checkEligibility, windowAdmitsBirthDate } from "../../src/domain/eligibility";

function config(overrides: Partial<CohortConfigInput> = {}) {
  return cohortConfigSchema.parse({
    id: "c55",
    name: { ko: "55~59세", en: "Ages 55-59" },
    birthDates: { from: "1962-01-01", to: "1966-12-31" },
    windows: [{ opensAt: "2021-07-12T00:00:00+09:00", closesAt: "2021-07-17T18:00:00+09:00" }],
    admissionRatePerMinute: 1000,
    maxInBookingStep: 1000,
    ...overrides,
  });
}
const at = (instant: string) => Date.parse(instant);

describe("eligibility on the server clock", () => {
  const c55 = config();

  it("opens at exactly the opening instant, not a millisecond before", () => {
    expect(checkEligibility(c55, "1964-05-05", at("2021-07-11T14:59:59.999Z"))).toEqual({
      eligible: false,
      reason: "not_open_yet",
      opensAt: "2021-07-12T00:00:00+09:00",
    });
    expect(checkEligibility(c55, "1964-05-05", at("2021-07-11T15:00:00.000Z")).eligible).toBe(true);
  });

  it("midnight in Seoul is the day before in UTC: the 12th opens while UTC still says the 11th", () => {
    expect(checkEligibility(c55, "1964-05-05", at("2021-07-12T00:00:00+09:00")).eligible).toBe(true);
    expect(checkEligibility(c55, "1964-05-05", at("2021-07-11T23:59:59Z")).eligible).toBe(true);
    // Reading "the 12th" as midnight UTC would have refused eligible people for nine hours.
    expect(checkEligibility(c55, "1964-05-05", at("2021-07-11T20:00:00Z")).eligible).toBe(true);
  });

  it("closes at the closing instant (half-open window)", () => {
    expect(checkEligibility(c55, "1964-05-05", at("2021-07-17T08:59:59.999Z")).eligible).toBe(true);
    expect(checkEligibility(c55, "1964-05-05", at("2021-07-17T09:00:00Z"))).toEqual({ eligible: false, reason: "closed" });
  });

  it("includes both ends of the birth-date range and nothing beyond", () => {
    const now = at("2021-07-13T00:00:00Z");
    expect(checkEligibility(c55, "1962-01-01", now).eligible).toBe(true);
    expect(checkEligibility(c55, "1966-12-31", now).eligible).toBe(true);
    expect(checkEligibility(c55, "1961-12-31", now)).toEqual({ eligible: false, reason: "too_old" });
    expect(checkEligibility(c55, "1967-01-01", now)).toEqual({ eligible: false, reason: "too_young" });
  });

  it("says too old or too young before anything about the window", () => {
    expect(checkEligibility(c55, "1990-01-01", at("2021-07-01T00:00:00Z"))).toMatchObject({ eligible: false, reason: "too_young" });
  });

  it("treats a leap-day birth date like any other", () => {
    const leap = config({ birthDates: { from: "1964-02-29", to: "1964-02-29" } });
    const now = at("2021-07-13T00:00:00Z");
    expect(checkEligibility(leap, "1964-02-29", now).eligible).toBe(true);
    expect(checkEligibility(leap, "1964-03-01", now)).toMatchObject({ eligible: false, reason: "too_young" });
    expect(checkEligibility(leap, "1964-02-28", now)).toMatchObject({ eligible: false, reason: "too_old" });
  });

  it("a leap day ending a range is its last day", () => {
    const range = config({ birthDates: { from: "1960-01-01", to: "1964-02-29" } });
    expect(checkEligibility(range, "1964-02-29", at("2021-07-13T00:00:00Z")).eligible).toBe(true);
  });
});

describe("birth-date rotation (a window for days ending in given digits)", () => {
  // Ten windows, one a day, for birth days ending 9, 0, 1, ... as in August 2021.
  const rotation = config({
    birthDates: { from: "1972-01-01", to: "2003-12-31" },
    windows: Array.from({ length: 10 }, (_, i) => ({
      opensAt: `2021-08-${String(9 + i).padStart(2, "0")}T20:00:00+09:00`,
      closesAt: `2021-08-${String(10 + i).padStart(2, "0")}T18:00:00+09:00`,
      birthDayLastDigits: [(9 + i) % 10],
    })),
  });

  it("admits only the day's digit", () => {
    const firstEvening = at("2021-08-09T20:30:00+09:00");
    expect(checkEligibility(rotation, "1980-05-19", firstEvening)).toMatchObject({ eligible: true, windowIndex: 0 });
    expect(checkEligibility(rotation, "1980-05-29", firstEvening)).toMatchObject({ eligible: true, windowIndex: 0 });
    expect(checkEligibility(rotation, "1980-05-10", firstEvening)).toEqual({
      eligible: false,
      reason: "not_your_day",
      opensAt: "2021-08-10T20:00:00+09:00",
    });
  });

  it("tells each digit its own day", () => {
    const before = at("2021-08-01T00:00:00Z");
    expect(checkEligibility(rotation, "1990-01-03", before)).toMatchObject({
      reason: "not_open_yet",
      opensAt: "2021-08-13T20:00:00+09:00",
    });
    expect(checkEligibility(rotation, "1990-01-08", before)).toMatchObject({
      reason: "not_open_yet",
      opensAt: "2021-08-18T20:00:00+09:00",
    });
  });

  it("windowAdmitsBirthDate reads the last digit of the day of birth", () => {
    const window = rotation.windows[0]!;
    expect(windowAdmitsBirthDate(window, "2000-02-29")).toBe(true);
    expect(windowAdmitsBirthDate(window, "2000-02-28")).toBe(false);
    expect(windowAdmitsBirthDate(config().windows[0]!, "2000-02-28")).toBe(true);
  });

  it("after the last window, everyone is told it has closed", () => {
    expect(checkEligibility(rotation, "1990-01-03", at("2021-08-19T10:00:00Z"))).toMatchObject({ eligible: false, reason: "closed" });
  });
});
