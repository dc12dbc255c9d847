import { describe, expect, it } from "vitest";
import { cohortConfigSchema, storedCohortConfigSchema } from "../../src/domain/cohort-config";
import { cohortPhase } from "../../src/domain/cohort-phase";
import { dateInZone, parseIsoDate, wallClockInZone } from "../../src/domain/dates";

const valid = {
  id: "c53",
  name: { ko: "53~54세", en: "Ages 53-54" },
  birthDates: { from: "1967-01-01", to: "1968-12-31" },
  windows: [{ opensAt: "2021-07-19T20:00:00+09:00", closesAt: "2021-07-24T18:00:00+09:00" }],
  admissionRatePerMinute: 5000,
  maxInBookingStep: 20000,
};

function issuesOf(input: unknown): string[] {
  const parsed = cohortConfigSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("cohort config", () => {
  it("accepts a full config and fills defaults", () => {
    const config = cohortConfigSchema.parse(valid);
    expect(config).toMatchObject({
      timeZone: "Asia/Seoul",
      grantLifetimeSeconds: 600,
      prequeueLeadMinutes: 60,
      turnstile: { required: false },
    });
  });

  it("refuses an instant without an explicit offset, naming the field", () => {
    const issues = issuesOf({ ...valid, windows: [{ opensAt: "2021-07-19T20:00:00", closesAt: "2021-07-24T18:00:00+09:00" }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^windows\.0\.opensAt: .*explicit offset/);
  });

  it("refuses a closing before the opening, impossible birth dates, reversed ranges, unknown zones and unknown fields", () => {
    expect(issuesOf({ ...valid, windows: [{ opensAt: "2021-07-19T20:00:00+09:00", closesAt: "2021-07-19T19:00:00+09:00" }] })[0]).toMatch(
      /^windows\.0\.closesAt/,
    );
    expect(issuesOf({ ...valid, birthDates: { from: "1967-02-29", to: "1968-12-31" } })[0]).toMatch(
      /^birthDates\.from: must be a real date/,
    );
    expect(issuesOf({ ...valid, birthDates: { from: "1968-12-31", to: "1967-01-01" } })[0]).toMatch(/^birthDates\.to/);
    expect(issuesOf({ ...valid, timeZone: "Asia/Nowhere" })[0]).toMatch(/^timeZone/);
    expect(issuesOf({ ...valid, opensAtLocal: "20:00" })[0]).toMatch(/opensAtLocal/);
    expect(issuesOf({ ...valid, windows: [] })[0]).toMatch(/^windows/);
    expect(issuesOf({ ...valid, admissionRatePerMinute: 0 })[0]).toMatch(/^admissionRatePerMinute/);
    expect(issuesOf({ ...valid, id: "Bad Id" })[0]).toMatch(/^id/);
    expect(issuesOf({ ...valid, windows: [{ ...valid.windows[0], birthDayLastDigits: [10] }] })[0]).toMatch(
      /^windows\.0\.birthDayLastDigits\.0/,
    );
  });
});

describe("a cohort's Turnstile settings", () => {
  const SITE_KEY = "0x4AAAAAAABkMYinukE8nzYS";

  it("a cohort that requires Turnstile carries the public site key its page shows", () => {
    const config = cohortConfigSchema.parse({ ...valid, turnstile: { required: true, siteKey: SITE_KEY } });
    expect(config.turnstile).toEqual({ required: true, siteKey: SITE_KEY });
  });

  it("a config requiring Turnstile without a site key is refused, naming turnstile.siteKey", () => {
    const issues = issuesOf({ ...valid, turnstile: { required: true } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^turnstile\.siteKey: required when turnstile\.required is true/);
  });

  it("refuses a site key no Turnstile widget has, and a secret key put in the config", () => {
    expect(issuesOf({ ...valid, turnstile: { required: true, siteKey: '"><script>' } })[0]).toMatch(
      /^turnstile\.siteKey: must be a Turnstile site key/,
    );
    expect(issuesOf({ ...valid, turnstile: { required: true, siteKey: "" } })[0]).toMatch(/^turnstile\.siteKey/);
    expect(issuesOf({ ...valid, turnstile: { required: true, siteKey: SITE_KEY, secretKey: "x" } })[0]).toMatch(/^turnstile: .*secretKey/);
  });

  it("configs written before site keys existed stay valid: no turnstile field, or not required with no key", () => {
    expect(cohortConfigSchema.parse(valid).turnstile).toEqual({ required: false });
    expect(cohortConfigSchema.parse({ ...valid, turnstile: { required: false } }).turnstile).toEqual({ required: false });
    expect(cohortConfigSchema.parse({ ...valid, turnstile: { required: false, siteKey: SITE_KEY } }).turnstile).toEqual({
      required: false,
      siteKey: SITE_KEY,
    });
  });

  it("a Turnstile cohort stored before site keys existed still reads back from storage, and is refused only when saved again", () => {
    const stored = { ...valid, turnstile: { required: true } };
    expect(storedCohortConfigSchema.parse(stored).turnstile).toEqual({ required: true });
    expect(cohortConfigSchema.safeParse(stored).success).toBe(false);
    expect(storedCohortConfigSchema.safeParse({ ...stored, unknown: 1 }).success).toBe(false); // otherwise as strict
  });
});

describe("cohort phase", () => {
  const config = cohortConfigSchema.parse(valid);
  const controls = { paused: false, closedEarly: false };
  const phaseAt = (instant: string, c = controls) => cohortPhase(config, Date.parse(instant), c).status;

  it("moves upcoming → prequeue (lead time) → open → closed on the server instant", () => {
    expect(phaseAt("2021-07-19T18:59:59.999+09:00")).toBe("upcoming");
    expect(phaseAt("2021-07-19T19:00:00+09:00")).toBe("prequeue");
    expect(phaseAt("2021-07-19T19:59:59.999+09:00")).toBe("prequeue");
    expect(phaseAt("2021-07-19T20:00:00+09:00")).toBe("open");
    expect(phaseAt("2021-07-24T18:00:00+09:00")).toBe("closed");
  });

  it("operator switches override the schedule", () => {
    expect(phaseAt("2021-07-20T10:00:00+09:00", { paused: true, closedEarly: false })).toBe("paused");
    expect(phaseAt("2021-07-20T10:00:00+09:00", { paused: false, closedEarly: true })).toBe("closed");
  });
});

describe("dates in a time zone", () => {
  it("renders instants in the cohort's wall clock", () => {
    expect(wallClockInZone(Date.parse("2021-07-11T15:00:00Z"), "Asia/Seoul")).toBe("2021-07-12 00:00");
    expect(dateInZone(Date.parse("2021-07-11T15:00:00Z"), "Asia/Seoul")).toBe("2021-07-12");
    expect(dateInZone(Date.parse("2021-07-11T15:00:00Z"), "UTC")).toBe("2021-07-11");
  });

  it("parses only real calendar dates", () => {
    expect(parseIsoDate("2000-02-29")).toEqual({ year: 2000, month: 2, day: 29 });
    expect(parseIsoDate("1900-02-29")).toBeNull();
    expect(parseIsoDate("2021-04-31")).toBeNull();
    expect(parseIsoDate("2021-4-01")).toBeNull();
  });
});
