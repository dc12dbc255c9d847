import { describe, expect, it } from "vitest";
import { type AdaptiveSettings, adaptiveFloor, MIN_SAMPLES, nextAdaptiveRate, p95, trouble } from "../../src/domain/adaptive-admission";

const SETTINGS: AdaptiveSettings = { enabled: true, floorPerMinute: 50, commitP95TargetMs: 500 };
const healthy = { samples: 40, failures: 0, p95CommitMs: 80 };
const slow = { samples: 40, failures: 0, p95CommitMs: 900 };
const failing = { samples: 40, failures: 4, p95CommitMs: 80 };

describe("admission that follows the booking backend", () => {
  it("never reacts to a single slow or failed request: fewer samples than the minimum are no evidence", () => {
    expect(trouble({ samples: MIN_SAMPLES - 1, failures: MIN_SAMPLES - 1, p95CommitMs: 60_000 }, SETTINGS)).toBeNull();
    expect(nextAdaptiveRate(600, 600, SETTINGS, { samples: 1, failures: 0, p95CommitMs: 60_000 })).toBeNull();
    expect(trouble({ samples: MIN_SAMPLES, failures: 0, p95CommitMs: 501 }, SETTINGS)).toBe("slow");
  });

  it("halves the rate while commits are slow or failing, never below the floor", () => {
    expect(nextAdaptiveRate(600, 600, SETTINGS, slow)).toEqual({ ratePerMinute: 300, cause: "slow" });
    expect(nextAdaptiveRate(600, 600, SETTINGS, failing)).toEqual({ ratePerMinute: 300, cause: "failing" });
    expect(nextAdaptiveRate(80, 600, SETTINGS, slow)).toEqual({ ratePerMinute: 50, cause: "slow" });
    expect(nextAdaptiveRate(50, 600, SETTINGS, slow)).toBeNull(); // at the floor it stays
  });

  it("climbs back by a tenth of the operator's rate per step once healthy, never above it", () => {
    let rate = 50;
    const steps: number[] = [];
    for (let step = 0; step < 20; step++) {
      const change = nextAdaptiveRate(rate, 600, SETTINGS, healthy);
      if (!change) break;
      expect(change.cause).toBe("recovering");
      rate = change.ratePerMinute;
      steps.push(rate);
    }
    expect(steps.slice(0, 3)).toEqual([110, 170, 230]);
    expect(rate).toBe(600);
    expect(Math.max(...steps)).toBe(600);
    // No samples at all (nobody booking) is no evidence of trouble either: it recovers too.
    expect(nextAdaptiveRate(300, 600, SETTINGS, { samples: 0, failures: 0, p95CommitMs: null })?.ratePerMinute).toBe(360);
  });

  it("an operator's lower rate caps it at once, and trouble halves from that cap", () => {
    expect(nextAdaptiveRate(600, 200, SETTINGS, healthy)).toBeNull(); // admission runs at min(200, 600) anyway
    expect(nextAdaptiveRate(600, 200, SETTINGS, slow)).toEqual({ ratePerMinute: 100, cause: "slow" });
  });

  it("has a floor of a tenth of the operator's rate unless one is set, and never a floor above the rate", () => {
    expect(adaptiveFloor({ ...SETTINGS, floorPerMinute: null }, 600)).toBe(60);
    expect(adaptiveFloor({ ...SETTINGS, floorPerMinute: null }, 5)).toBe(1);
    expect(adaptiveFloor({ ...SETTINGS, floorPerMinute: 900 }, 600)).toBe(600);
  });

  it("reads the 95th percentile by nearest rank", () => {
    expect(p95([])).toBeNull();
    expect(p95([5])).toBe(5);
    expect(p95(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(95);
    expect(p95([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 2000])).toBe(10);
  });
});
