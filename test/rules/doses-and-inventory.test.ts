import { describe, expect, it } from "vitest";
import type { DoseSchedule } from "../../src/domain/doses";
import { addDays, dose2Date, rankDose2Candidates } from "../../src/domain/doses";
import { admissionRoom, bookablePeople, type DayFree, isSoldOut } from "../../src/domain/inventory";

const pfizer = { doses: 2, dose2IntervalDays: 21 };
const janssen = { doses: 1, dose2IntervalDays: null };

describe("the dose-2 date", () => {
  it("falls the vaccine's interval after dose 1, across month and year ends and leap days", () => {
    expect(dose2Date(pfizer, "2021-08-16")).toBe("2021-09-06");
    expect(dose2Date({ doses: 2, dose2IntervalDays: 28 }, "2021-12-20")).toBe("2022-01-17");
    expect(addDays("2024-02-08", 21)).toBe("2024-02-29");
  });

  it("does not exist for a single-dose vaccine", () => {
    expect(dose2Date(janssen, "2021-08-16")).toBeNull();
  });

  it("prefers the block at dose 1's time of day, then the nearest, earlier on a tie", () => {
    const ranked = rankDose2Candidates("2021-08-16 10:00", [
      { id: "0900", localStart: "2021-09-06 09:00" },
      { id: "1100", localStart: "2021-09-06 11:00" },
      { id: "1000", localStart: "2021-09-06 10:00" },
      { id: "1330", localStart: "2021-09-06 13:30" },
    ]);
    expect(ranked.map((c) => c.id)).toEqual(["1000", "0900", "1100", "1330"]);
  });
});

const day = (date: string, free: number, vaccineId = "pfizer", clinicId = "c"): DayFree => ({ clinicId, vaccineId, date, free });
const schedules = new Map<string, DoseSchedule>([
  ["pfizer", pfizer],
  ["janssen", janssen],
]);

describe("how many more people can book", () => {
  it("counts one seat a person for a single-dose vaccine", () => {
    expect(bookablePeople([day("2021-08-16", 5, "janssen"), day("2021-08-17", 3, "janssen")], schedules)).toBe(8);
  });

  it("needs a seat on the dose-2 day at the same clinic for a two-dose vaccine", () => {
    expect(bookablePeople([day("2021-08-16", 10), day("2021-09-06", 3)], schedules)).toBe(3);
    expect(bookablePeople([day("2021-08-16", 10), day("2021-09-06", 3, "pfizer", "elsewhere")], schedules)).toBe(0);
    expect(bookablePeople([day("2021-08-16", 10)], schedules)).toBe(0);
  });

  it("shares a day between dose 2 of earlier bookings and dose 1 of later ones without counting it twice", () => {
    // 08-16 (4) pairs with 09-06 (5); what is left of 09-06 (1) pairs with 09-27 (9).
    expect(bookablePeople([day("2021-08-16", 4), day("2021-09-06", 5), day("2021-09-27", 9)], schedules)).toBe(5);
  });

  it("ignores vaccines it does not know", () => {
    expect(bookablePeople([day("2021-08-16", 4, "unknown")], schedules)).toBe(0);
  });
});

describe("admission against the inventory", () => {
  it("is unlimited before any supply exists and stops at the seats left, counting those already admitted", () => {
    expect(admissionRoom(null, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(admissionRoom({ stocked: false, seatsLeft: 0, readAtMs: 0 }, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(admissionRoom({ stocked: true, seatsLeft: 8, readAtMs: 0 }, 5)).toBe(3);
    expect(admissionRoom({ stocked: true, seatsLeft: 3, readAtMs: 0 }, 5)).toBe(0);
  });

  it("calls a cohort sold out only when supply exists and no seat is left", () => {
    expect(isSoldOut(null)).toBe(false);
    expect(isSoldOut({ stocked: false, seatsLeft: 0, readAtMs: 0 })).toBe(false);
    expect(isSoldOut({ stocked: true, seatsLeft: 0, readAtMs: 0 })).toBe(true);
    expect(isSoldOut({ stocked: true, seatsLeft: 1, readAtMs: 0 })).toBe(false);
  });
});
