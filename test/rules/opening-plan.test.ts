import { describe, expect, it } from "vitest";
import { cohortConfigSchema } from "../../src/domain/cohort-config";
import {
  birthDaysByLastDigit,
  capSustainedRatePerMinute,
  drainMinutes,
  expectedQueueSize,
  rotationDays,
  windowShare,
} from "../../src/domain/opening-plan";

const rotation = cohortConfigSchema.parse({
  id: "c18-49",
  name: { ko: "18~49세", en: "Ages 18-49" },
  birthDates: { from: "1972-01-01", to: "2003-12-31" },
  windows: Array.from({ length: 10 }, (_, i) => ({
    opensAt: `2021-08-${String(9 + i).padStart(2, "0")}T20:00:00+09:00`,
    closesAt: `2021-08-${String(10 + i).padStart(2, "0")}T18:00:00+09:00`,
    birthDayLastDigits: [(9 + i) % 10],
  })),
  admissionRatePerMinute: 5000,
  maxInBookingStep: 20000,
});

describe("opening plan arithmetic", () => {
  it("counts the days of a birth range by their last digit (a month has four days ending in 1 when it has a 31st)", () => {
    expect(birthDaysByLastDigit("2021-01-01", "2021-01-31")).toEqual([3, 4, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(birthDaysByLastDigit("2020-02-01", "2020-02-29")).toEqual([2, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
  });

  it("gives a one-digit window about a tenth of the cohort, more for 1 than for 0", () => {
    const one = windowShare(rotation, rotation.windows[2]!);
    const zero = windowShare(rotation, rotation.windows[1]!);
    expect(one).toBeGreaterThan(0.1);
    expect(zero).toBeLessThan(0.1);
    expect(rotation.windows.reduce((sum, w) => sum + windowShare(rotation, w), 0)).toBeCloseTo(1, 10);
    expect(expectedQueueSize(10_000_000, rotation, rotation.windows[0]!)).toBeGreaterThan(950_000);
  });

  it("drains 1,505,000 people at 3,000 a minute in 502 minutes", () => {
    expect(drainMinutes(1_505_000, 3000)).toBe(502);
    expect(drainMinutes(0, 3000)).toBe(0);
  });

  it("says what rate the booking-step cap sustains when everyone uses the whole grant", () => {
    expect(capSustainedRatePerMinute(5000, 600)).toBe(500);
  });

  it("lists each digit's day in local time", () => {
    const days = rotationDays(rotation);
    expect(days.find((d) => d.digit === 9)!.days).toEqual(["2021-08-09"]);
    expect(days.find((d) => d.digit === 0)!.days).toEqual(["2021-08-10"]);
    expect(days.find((d) => d.digit === 8)!.days).toEqual(["2021-08-18"]);
  });
});
