import { describe, expect, it } from "vitest";
import type { CohortConfig } from "../../src/domain/cohort-config";
import { nextPhaseChangeMs } from "../../src/domain/phase-boundary";

describe("the next instant the clock alone changes a cohort's phase", () => {
  const config = {
    prequeueLeadMinutes: 60,
    windows: [
      { opensAt: "2021-07-19T20:00:00+09:00", closesAt: "2021-07-20T18:00:00+09:00" },
      { opensAt: "2021-07-21T20:00:00+09:00", closesAt: "2021-07-22T18:00:00+09:00" },
    ],
  } as unknown as CohortConfig;

  it("is the pre-queue opening, then the opening, then the closing, then the next window's, then none", () => {
    const at = (iso: string) => nextPhaseChangeMs(config, Date.parse(iso));
    expect(at("2021-07-19T09:00:00Z")).toBe(Date.parse("2021-07-19T10:00:00Z"));
    expect(at("2021-07-19T10:00:00Z")).toBe(Date.parse("2021-07-19T11:00:00Z"));
    expect(at("2021-07-19T10:59:59.999Z")).toBe(Date.parse("2021-07-19T11:00:00Z"));
    expect(at("2021-07-19T11:00:00Z")).toBe(Date.parse("2021-07-20T09:00:00Z"));
    expect(at("2021-07-20T09:00:00Z")).toBe(Date.parse("2021-07-21T10:00:00Z"));
    expect(at("2021-07-22T09:00:00Z")).toBeNull();
  });
});
