import { describe, expect, it } from "vitest";
import { type CohortConfig, cohortConfigSchema } from "../../src/domain/cohort-config";
import { configDiff } from "../../src/domain/config-diff";
import { guardViolations } from "../../src/domain/config-guards";

const OPENS = "2021-07-19T20:00:00+09:00";
const CLOSES = "2021-07-21T20:00:00+09:00";

function config(overrides: Partial<CohortConfig> = {}): CohortConfig {
  return cohortConfigSchema.parse({
    id: "c53",
    name: { ko: "53~54세", en: "Ages 53-54" },
    birthDates: { from: "1967-01-01", to: "1968-12-31" },
    windows: [{ opensAt: OPENS, closesAt: CLOSES }],
    admissionRatePerMinute: 3000,
    maxInBookingStep: 5000,
    ...overrides,
  });
}

const at = (iso: string) => Date.parse(iso);
const rules = (input: Parameters<typeof guardViolations>[0]) => guardViolations(input).map((v) => `${v.rule} ${v.path}`);

describe("guard rails on a cohort config change", () => {
  it("accept a first config whose openings are all in the future", () => {
    expect(rules({ previous: null, next: config(), others: [], nowMs: at("2021-07-19T10:59:59Z") })).toEqual([]);
  });

  it("refuse an opening already past on the server clock, naming the field", () => {
    const found = guardViolations({ previous: null, next: config(), others: [], nowMs: at("2021-07-19T11:00:01Z") });
    expect(found.map((v) => `${v.rule} ${v.path}`)).toEqual(["opening_in_past windows.0.opensAt"]);
    expect(found[0]!.message).toContain("2021-07-19 20:00 Asia/Seoul");
  });

  it("refuse changing or removing a live window, and changing birth dates while one is open", () => {
    const live = config();
    const now = at("2021-07-20T00:00:00Z");
    const extended = config({ windows: [{ opensAt: OPENS, closesAt: "2021-07-22T20:00:00+09:00" }] });
    expect(rules({ previous: live, next: extended, others: [], nowMs: now })).toEqual(["live_window_changed windows.0"]);
    const moved = config({ windows: [{ opensAt: "2021-07-25T20:00:00+09:00", closesAt: "2021-07-26T20:00:00+09:00" }] });
    expect(rules({ previous: live, next: moved, others: [], nowMs: now })).toEqual(["live_window_changed windows.0"]);
    const widened = config({ birthDates: { from: "1966-01-01", to: "1968-12-31" } });
    expect(rules({ previous: live, next: widened, others: [], nowMs: now })).toEqual(["live_window_changed birthDates"]);
  });

  it("allow changes that leave a live window alone: a name, a rate, a window added later", () => {
    const live = config();
    const now = at("2021-07-20T00:00:00Z");
    const next = config({
      name: { ko: "53~54세 (변경)", en: "Ages 53-54 (renamed)" },
      admissionRatePerMinute: 1000,
      windows: [live.windows[0]!, { opensAt: "2021-07-23T20:00:00+09:00", closesAt: "2021-07-24T18:00:00+09:00" }],
    });
    expect(rules({ previous: live, next, others: [], nowMs: now })).toEqual([]);
  });

  it("refuse rewriting a window that already ran", () => {
    const previous = config();
    const next = config({ windows: [{ opensAt: OPENS, closesAt: "2021-07-21T18:00:00+09:00" }] });
    expect(rules({ previous, next, others: [], nowMs: at("2021-07-25T00:00:00Z") })).toEqual(["started_window_changed windows.0"]);
  });

  it("refuse a window overlapping another cohort's for shared birth dates, but not for disjoint ones or other digits", () => {
    const now = at("2021-07-01T00:00:00Z");
    const catchUp = config({ id: "c50-54", birthDates: { from: "1967-01-01", to: "1971-12-31" } } as Partial<CohortConfig>);
    const c53 = config();
    expect(rules({ previous: null, next: catchUp, others: [c53], nowMs: now })).toEqual(["overlapping_cohorts windows.0"]);
    const c50 = config({ id: "c50", birthDates: { from: "1969-01-01", to: "1971-12-31" } } as Partial<CohortConfig>);
    expect(rules({ previous: null, next: c50, others: [c53], nowMs: now })).toEqual([]);
    const digit1 = config({ id: "d1", windows: [{ opensAt: OPENS, closesAt: CLOSES, birthDayLastDigits: [1] }] } as Partial<CohortConfig>);
    const digit2 = config({ id: "d2", windows: [{ opensAt: OPENS, closesAt: CLOSES, birthDayLastDigits: [2] }] } as Partial<CohortConfig>);
    expect(rules({ previous: null, next: digit1, others: [digit2], nowMs: now })).toEqual([]);
    const afterward = config({
      id: "later",
      windows: [{ opensAt: CLOSES, closesAt: "2021-07-24T18:00:00+09:00" }],
    } as Partial<CohortConfig>);
    expect(rules({ previous: null, next: afterward, others: [c53], nowMs: now })).toEqual([]);
  });
});

describe("the config schema refuses overlapping windows within one cohort", () => {
  it("names the later window and the one it overlaps", () => {
    const parsed = cohortConfigSchema.safeParse({
      ...config(),
      windows: [
        { opensAt: OPENS, closesAt: CLOSES, birthDayLastDigits: [1] },
        { opensAt: "2021-07-20T20:00:00+09:00", closesAt: "2021-07-22T20:00:00+09:00", birthDayLastDigits: [2] },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`)[0]).toMatch(/^windows\.1\.opensAt: overlaps windows\.0/);
  });

  it("accepts back-to-back windows: a window closing at 20:00 and the next opening at 20:00", () => {
    const parsed = cohortConfigSchema.safeParse({
      ...config(),
      windows: [
        { opensAt: OPENS, closesAt: CLOSES },
        { opensAt: CLOSES, closesAt: "2021-07-22T20:00:00+09:00" },
      ],
    });
    expect(parsed.success).toBe(true);
  });
});

describe("config diff", () => {
  it("lists changed, added and removed fields by path", () => {
    const before = config();
    const after = config({
      admissionRatePerMinute: 1000,
      population: 1_505_000,
      windows: [before.windows[0]!, { opensAt: CLOSES, closesAt: "2021-07-22T20:00:00+09:00" }],
    });
    expect(configDiff(before, after)).toEqual([
      { path: "admissionRatePerMinute", before: 3000, after: 1000 },
      { path: "population", after: 1_505_000 },
      { path: "windows.1.closesAt", after: "2021-07-22T20:00:00+09:00" },
      { path: "windows.1.opensAt", after: CLOSES },
    ]);
    expect(configDiff(after, before).map((c) => c.path)).toEqual([
      "admissionRatePerMinute",
      "population",
      "windows.1.closesAt",
      "windows.1.opensAt",
    ]);
    expect(configDiff(before, before)).toEqual([]);
  });
});
