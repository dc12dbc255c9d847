import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatWaitRange } from "../../src/copy/format";
import {
  estimatedWaitSeconds,
  pauseReason,
  peopleAhead,
  pollAfterSeconds,
  type WaitInputs,
  waitRange,
} from "../../src/domain/wait-estimate";
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
    held: false,
    inBookingStep: 0,
    maxInBookingStep: 50,
    grantLifetimeSeconds: 600,
    firstPassExpiresAtMs: null,
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

describe("the wait as a range, honest about a full booking step", () => {
  const line = (over: Partial<WaitInputs>): WaitInputs => ({
    ahead: 0,
    measuredRatePerMinute: 60,
    inBookingStep: 0,
    maxInBookingStep: 50,
    grantLifetimeSeconds: 600,
    firstPassExpiresInSeconds: null,
    ...over,
  });

  it("with the step full and nobody ahead, never says under a minute (the 49 s seen at 0 ahead and 100%)", () => {
    fc.assert(
      fc.property(
        fc.nat(600),
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        (expiresIn, cap, rate) => {
          const range = waitRange(
            line({ inBookingStep: cap, maxInBookingStep: cap, measuredRatePerMinute: rate, firstPassExpiresInSeconds: expiresIn }),
          );
          expect(range.maxSeconds).toBeGreaterThanOrEqual(60);
          for (const lang of ["ko", "en"] as const) expect(formatWaitRange(range, lang)).not.toMatch(/under a minute|1분 이내/);
        },
      ),
    );
  });

  it("29 ahead at a measured rate gives a range containing the true wait (told under a minute, waited almost two)", () => {
    // The step (10 passes of 2 minutes) is full; the line achieved 15 a minute, so 29 people take about 116 s;
    // the slow end: up to 2 minutes of stall, then 30 people at the cap (5 a minute, slowed by half again).
    const range = waitRange(
      line({ ahead: 29, measuredRatePerMinute: 15, inBookingStep: 10, maxInBookingStep: 10, grantLifetimeSeconds: 120 }),
    );
    expect(range.minSeconds).toBeLessThanOrEqual(116);
    expect(range.maxSeconds).toBeGreaterThanOrEqual(116);
    expect(formatWaitRange(range, "en")).toBe("about 1 to 11 min");
    expect(formatWaitRange(range, "ko")).toBe("약 1~11분");
    // And the same line while the step has room: still a range around the achieved rate.
    const moving = waitRange(line({ ahead: 29, measuredRatePerMinute: 15 }));
    expect(moving.minSeconds).toBeLessThanOrEqual(116);
    expect(moving.maxSeconds).toBeGreaterThanOrEqual(116);
  });

  it("a full step adds at most a pass lifetime of stall, and the slow end lets the step through once per pass lifetime", () => {
    const full = line({ ahead: 4, inBookingStep: 1, maxInBookingStep: 1, grantLifetimeSeconds: 300, firstPassExpiresInSeconds: 100 });
    // 100 s until the first pass expires, then the 4 ahead at one per 300 s (slowed by half again).
    expect(waitRange(full)).toEqual({ minSeconds: 3, maxSeconds: 100 + 4 * 450 });
    expect(waitRange({ ...full, firstPassExpiresInSeconds: 9999 }).maxSeconds).toBe(300 + 4 * 450);
  });

  it("the range only widens with more people ahead, and its fast end is never above its slow end", () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), fc.double({ min: 0, max: 10_000, noNaN: true }), fc.nat(60), (a, b, rate, inStep) => {
        const [near, far] = a <= b ? [a, b] : [b, a];
        const inputs = { measuredRatePerMinute: rate, inBookingStep: inStep, maxInBookingStep: 30, firstPassExpiresInSeconds: 30 };
        const close = waitRange(line({ ...inputs, ahead: near }));
        const distant = waitRange(line({ ...inputs, ahead: far }));
        expect(close.minSeconds).toBeLessThanOrEqual(close.maxSeconds);
        expect(close.minSeconds).toBeLessThanOrEqual(distant.minSeconds);
        expect(close.maxSeconds).toBeLessThanOrEqual(distant.maxSeconds);
      }),
    );
  });

  it("is written as one range a person reads", () => {
    expect(formatWaitRange({ minSeconds: 0, maxSeconds: 30 }, "en")).toBe("under a minute");
    expect(formatWaitRange({ minSeconds: 0, maxSeconds: 290 }, "ko")).toBe("최대 약 5분");
    expect(formatWaitRange({ minSeconds: 0, maxSeconds: 290 }, "en")).toBe("up to about 5 min");
    expect(formatWaitRange({ minSeconds: 200, maxSeconds: 470 }, "en")).toBe("about 3 to 8 min");
    expect(formatWaitRange({ minSeconds: 200, maxSeconds: 230 }, "ko")).toBe("약 3~4분");
    expect(formatWaitRange({ minSeconds: 180, maxSeconds: 180 }, "ko")).toBe("약 3분");
    expect(formatWaitRange({ minSeconds: 3 * 3600, maxSeconds: 5 * 3600 }, "ko")).toBe("약 3~5시간");
  });

  it("names why the line stands still, the most decisive reason first", () => {
    const moving = { phaseStatus: "open", held: false, soldOut: false, stepFull: false };
    expect(pauseReason(moving)).toBeNull();
    expect(pauseReason({ ...moving, stepFull: true })).toBe("step_full");
    expect(pauseReason({ ...moving, stepFull: true, soldOut: true })).toBe("sold_out");
    expect(pauseReason({ ...moving, phaseStatus: "paused", soldOut: true })).toBe("paused");
    expect(pauseReason({ ...moving, phaseStatus: "paused", held: true })).toBe("held");
  });
});
