import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimatedWaitSeconds, peopleAhead, pollAfterSeconds } from "../../src/domain/wait-estimate";
import { isStillInPrequeue } from "../../src/queue/edge/view";
import type { QueueProgress } from "../../src/queue/object/types";

describe("when to poll again (fast-check)", () => {
  it("never sooner for someone further from the front, given the same jitter", () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(10_000_000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (a, b, random) => {
        const [near, far] = a <= b ? [a, b] : [b, a];
        expect(pollAfterSeconds(near, random)).toBeLessThanOrEqual(pollAfterSeconds(far, random));
      }),
    );
  });

  it("stays within ±20% of a tenth of the wait, between 2 s and 60 s before jitter", () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (wait, random) => {
        const base = Math.min(Math.max(wait / 10, 2), 60);
        const after = pollAfterSeconds(wait, random);
        expect(after).toBeGreaterThanOrEqual(Math.max(1, Math.floor(base * 0.8)));
        expect(after).toBeLessThanOrEqual(Math.ceil(base * 1.2));
      }),
    );
  });

  it("spreads a crowd with the same wait over several seconds instead of polling in lockstep", () => {
    const spread = new Set(Array.from({ length: 100 }, (_, i) => pollAfterSeconds(3600, i / 100)));
    expect(Math.min(...spread)).toBe(48);
    expect(Math.max(...spread)).toBe(72);
    expect(spread.size).toBeGreaterThan(20);
  });

  it("people ahead and the estimate count only those not yet admitted", () => {
    expect(peopleAhead(101, 100)).toBe(0);
    expect(peopleAhead(150, 100)).toBe(49);
    expect(estimatedWaitSeconds(49, 3000)).toBe(1);
    expect(estimatedWaitSeconds(123_000, 3000)).toBe(2460);
  });
});

describe("a ticket issued without a position", () => {
  const progress = (status: QueueProgress["phase"]["status"], lastDrawAtMs: number | null): QueueProgress => ({
    phase: { status, windowIndex: 0, opensAt: null, closesAt: null },
    admittedThrough: 0,
    lastPosition: 0,
    admissionRatePerMinute: 60,
    lastClosesAtMs: 0,
    lastDrawAtMs,
    nowMs: 0,
    phaseUntilMs: null,
    soldOut: false,
  });

  it("is still in the pre-queue while no draw has happened since it was issued", () => {
    expect(isStillInPrequeue({ pos: null, iat: 100 }, progress("prequeue", null))).toBe(true);
    expect(isStillInPrequeue({ pos: null, iat: 100 }, progress("prequeue", 50_000))).toBe(true);
  });

  it("may have been drawn once a draw happened after (or within the second of) its issue, so the object is asked", () => {
    expect(isStillInPrequeue({ pos: null, iat: 100 }, progress("open", 100_000))).toBe(false);
    expect(isStillInPrequeue({ pos: null, iat: 100 }, progress("open", 100_500))).toBe(false);
    expect(isStillInPrequeue({ pos: null, iat: 100 }, progress("closed", null))).toBe(false);
    expect(isStillInPrequeue({ pos: 7, iat: 100 }, progress("prequeue", null))).toBe(false);
  });
});
