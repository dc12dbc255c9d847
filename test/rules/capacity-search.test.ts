import { describe, expect, it } from "vitest";
import {
  type CapacitySearchBounds,
  type CapacityStep,
  capacityFound,
  nextRateToTry,
  type StepMeasure,
  stepVerdict,
} from "../../src/domain/capacity-search";

const BOUNDS: CapacitySearchBounds = {
  startPerMinute: 600,
  maxPerMinute: 20_000,
  minPerMinute: 60,
  precision: 0.1,
  granularityPerMinute: 10,
  maxSteps: 10,
};
const pass = (ratePerMinute: number): CapacityStep => ({ ratePerMinute, passed: true });
const fail = (ratePerMinute: number): CapacityStep => ({ ratePerMinute, passed: false });

/** Runs the whole search against a backend that sustains exactly `capacity` a minute. */
function searchAgainst(capacity: number, bounds = BOUNDS): CapacityStep[] {
  const steps: CapacityStep[] = [];
  for (let rate = nextRateToTry(steps, bounds); rate !== null; rate = nextRateToTry(steps, bounds))
    steps.push({ ratePerMinute: rate, passed: rate <= capacity });
  return steps;
}

describe("the search for the admission rate the booking path sustains", () => {
  it("starts at the start rate and doubles while every step passes", () => {
    expect(nextRateToTry([], BOUNDS)).toBe(600);
    expect(nextRateToTry([pass(600)], BOUNDS)).toBe(1200);
    expect(nextRateToTry([pass(600), pass(1200)], BOUNDS)).toBe(2400);
  });

  it("bisects between the highest pass and the lowest failure once a step fails", () => {
    expect(nextRateToTry([pass(600), pass(1200), pass(2400), fail(4800)], BOUNDS)).toBe(3600);
    expect(nextRateToTry([pass(600), pass(1200), pass(2400), fail(4800), fail(3600)], BOUNDS)).toBe(3000);
    expect(nextRateToTry([pass(600), pass(1200), pass(2400), fail(4800), pass(3600)], BOUNDS)).toBe(4200);
  });

  it("stops when the gap is within the precision, and the figure is the highest pass", () => {
    const steps = [pass(2400), fail(4800), pass(3600), fail(4200), pass(3900)];
    expect(nextRateToTry(steps, BOUNDS)).toBeNull(); // 4,200 is within 10% of 3,900
    expect(capacityFound(steps)).toBe(3900);
  });

  it("finds a backend's capacity within the precision from below, never above it", () => {
    for (const capacity of [75, 640, 2_999, 5_000, 13_370]) {
      const steps = searchAgainst(capacity);
      const found = capacityFound(steps)!;
      expect(found).toBeLessThanOrEqual(capacity);
      expect(found).toBeGreaterThanOrEqual(capacity * (1 - BOUNDS.precision) - BOUNDS.granularityPerMinute);
      expect(steps.length).toBeLessThanOrEqual(BOUNDS.maxSteps);
      expect(new Set(steps.map((s) => s.ratePerMinute)).size).toBe(steps.length); // never the same rate twice
    }
  });

  it("halves from a failing start, and finds nothing when even the minimum fails", () => {
    expect(nextRateToTry([fail(600)], BOUNDS)).toBe(300);
    expect(nextRateToTry([fail(600), fail(300), fail(150), fail(80)], BOUNDS)).toBe(60); // not 40: the minimum, once
    expect(nextRateToTry([fail(600), fail(300), fail(150), fail(80), fail(60)], BOUNDS)).toBeNull();
    expect(capacityFound(searchAgainst(10))).toBeNull();
  });

  it("stops at the maximum when the backend sustains everything", () => {
    expect(nextRateToTry([pass(600), pass(1200), pass(2400), pass(4800), pass(9600)], BOUNDS)).toBe(19_200);
    expect(nextRateToTry([pass(9600), pass(19_200)], BOUNDS)).toBe(20_000);
    expect(nextRateToTry([pass(19_200), pass(20_000)], BOUNDS)).toBeNull();
    expect(capacityFound(searchAgainst(1_000_000))).toBe(20_000);
  });

  it("stops after the maximum number of steps, whatever the gap", () => {
    const steps = searchAgainst(5_000, { ...BOUNDS, maxSteps: 3 });
    expect(steps.map((s) => s.ratePerMinute)).toEqual([600, 1200, 2400]);
    expect(nextRateToTry(steps, { ...BOUNDS, maxSteps: 3 })).toBeNull();
  });

  it("is never optimistic on a noisy machine: a failure below a pass caps the figure", () => {
    const steps = [pass(600), pass(1200), fail(2400), pass(1800), fail(1500)];
    expect(capacityFound(steps)).toBe(1200);
    expect(nextRateToTry(steps, BOUNDS)).toBe(1350); // between 1,200 and the failure at 1,500, not above the pass at 1,800
  });
});

describe("whether one step passed", () => {
  const good: StepMeasure = {
    people: 200,
    admitted: 200,
    booked: 200,
    failures: 0,
    plannedSeconds: 15,
    seconds: 17,
    clientP95Ms: 400,
    serverP95Ms: 120,
  };

  it("passes when everyone booked, nothing failed and both sides' p95 are within the target", () => {
    expect(stepVerdict(good, 1000)).toEqual({ passed: true, reasons: [] });
    expect(stepVerdict({ ...good, clientP95Ms: 1000, serverP95Ms: 1000 }, 1000).passed).toBe(true);
  });

  it("fails on a single failure, or anyone left unbooked", () => {
    expect(stepVerdict({ ...good, failures: 1 }, 1000)).toEqual({ passed: false, reasons: ["1 failures"] });
    expect(stepVerdict({ ...good, booked: 199 }, 1000)).toEqual({ passed: false, reasons: ["1 of 200 not booked"] });
  });

  it("fails when the line took much longer than the rate plans: admission or booking fell behind", () => {
    expect(stepVerdict({ ...good, seconds: 21 }, 1000).passed).toBe(true); // 15 s + 20% + 3 s
    expect(stepVerdict({ ...good, seconds: 21.5 }, 1000).reasons).toEqual(["took 21.5 s to book a line admitted in 15 s (at most 21 s)"]);
  });

  it("fails when either side is over the target, or the server timed nothing", () => {
    expect(stepVerdict({ ...good, clientP95Ms: 1001 }, 1000).reasons).toEqual(["client p95 1001 ms over 1000 ms"]);
    expect(stepVerdict({ ...good, serverP95Ms: 1500 }, 1000).reasons).toEqual(["server p95 1500 ms over 1000 ms"]);
    expect(stepVerdict({ ...good, serverP95Ms: null }, 1000).reasons).toEqual(["no commit time reported by the server"]);
    expect(stepVerdict({ ...good, booked: 0, clientP95Ms: null }, 1000).passed).toBe(false);
  });
});
