import { describe, expect, it } from "vitest";
import { readNationalId } from "../../src/domain/national-id";

describe("readNationalId", () => {
  it("reads a number with a dash and derives a 1900s birth date from digit 1", () => {
    expect(readNationalId("680719-1234567")).toEqual({ ok: true, normalized: "6807191234567", birthDate: "1968-07-19" });
  });

  it("reads a number without a dash and ignores surrounding spaces", () => {
    expect(readNationalId(" 6807192234567 ")).toEqual({ ok: true, normalized: "6807192234567", birthDate: "1968-07-19" });
  });

  it.each([
    ["9", 1800],
    ["0", 1800],
    ["1", 1900],
    ["2", 1900],
    ["5", 1900],
    ["6", 1900],
    ["3", 2000],
    ["4", 2000],
    ["7", 2000],
    ["8", 2000],
  ])("the 7th digit %s places the birth year in the century from %i", (digit, century) => {
    const reading = readNationalId(`030101-${digit}000000`);
    expect(reading).toMatchObject({ ok: true, birthDate: `${century + 3}-01-01` });
  });

  it("does not require a check digit (numbers issued since October 2020 have none)", () => {
    // The same front half with every possible last digit is accepted.
    for (let last = 0; last <= 9; last++) expect(readNationalId(`680719-123456${last}`).ok).toBe(true);
  });

  it.each(["", "680719", "680719-123456", "680719-12345678", "68071a-1234567", "680719--1234567", "680719 1234567"])(
    "refuses %j as badly formed",
    (input) => {
      expect(readNationalId(input)).toEqual({ ok: false, problem: "format" });
    },
  );

  it.each(["681319-1234567", "680000-1234567", "680732-1234567", "680431-1234567", "010229-3234567"])(
    "refuses %s whose birth date cannot exist",
    (input) => {
      expect(readNationalId(input)).toEqual({ ok: false, problem: "birth_date" });
    },
  );

  it("accepts 29 February in a leap year and refuses it in 1900, which was not one", () => {
    expect(readNationalId("000229-3234567")).toMatchObject({ ok: true, birthDate: "2000-02-29" });
    expect(readNationalId("680229-1234567")).toMatchObject({ ok: true, birthDate: "1968-02-29" });
    expect(readNationalId("000229-1234567")).toEqual({ ok: false, problem: "birth_date" });
  });
});
