// The rule of how many wrong national ID numbers a booking's web self-service takes, and for how long it then refuses.
import { describe, expect, it } from "vitest";
import { ID_CHECK_LOOKBACK_MS, ID_CHECK_TIERS, idCheckVerdict, isLockedByCounts, wrongCountsByTier } from "../../src/domain/id-check-lock";

const NOW = Date.parse("2021-07-20T12:00:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("the national ID check rule", () => {
  it("lets the right number in after a typo, or after four", () => {
    expect(idCheckVerdict([], NOW)).toEqual({ locked: false });
    expect(idCheckVerdict([NOW - 10_000], NOW)).toEqual({ locked: false });
    expect(
      idCheckVerdict(
        [1, 2, 3, 4].map((i) => NOW - i * MINUTE),
        NOW,
      ),
    ).toEqual({ locked: false });
  });

  it("locks after five wrong numbers within an hour, until the oldest of them is an hour old", () => {
    const wrong = [5, 4, 3, 2, 1].map((i) => NOW - i * MINUTE);
    expect(idCheckVerdict(wrong, NOW)).toEqual({ locked: true, retryAtMs: NOW - 5 * MINUTE + HOUR });
    expect(idCheckVerdict(wrong, NOW - 5 * MINUTE + HOUR)).toEqual({ locked: false });
    expect(idCheckVerdict(wrong, NOW - 5 * MINUTE + HOUR - 1)).toMatchObject({ locked: true });
  });

  it("five spread over more than an hour do not lock", () => {
    expect(
      idCheckVerdict(
        [61, 45, 30, 15, 1].map((i) => NOW - i * MINUTE),
        NOW,
      ),
    ).toEqual({ locked: false });
  });

  it("locks after ten wrong numbers within a day, until enough of them are a day old", () => {
    // Ten over the last ten hours, one an hour: never five in an hour, but ten in a day.
    const wrong = Array.from({ length: 10 }, (_, i) => NOW - (10 - i) * HOUR + MINUTE);
    expect(idCheckVerdict(wrong, NOW)).toEqual({ locked: true, retryAtMs: wrong[0]! + 24 * HOUR });
    expect(idCheckVerdict(wrong, wrong[0]! + 24 * HOUR)).toEqual({ locked: false });
  });

  it("says the later time when both caps are reached", () => {
    const day = Array.from({ length: 5 }, (_, i) => NOW - (20 - i) * HOUR);
    const hour = [5, 4, 3, 2, 1].map((i) => NOW - i * MINUTE);
    const verdict = idCheckVerdict([...day, ...hour], NOW);
    expect(verdict).toEqual({ locked: true, retryAtMs: day[0]! + 24 * HOUR });
  });

  it("ignores attempts in the future and older than the window, and the order they come in", () => {
    const wrong = [NOW + HOUR, NOW - 25 * HOUR, ...[1, 3, 2, 5, 4].map((i) => NOW - i * MINUTE)];
    expect(idCheckVerdict(wrong, NOW)).toEqual({ locked: true, retryAtMs: NOW - 5 * MINUTE + HOUR });
    expect(wrongCountsByTier(wrong, NOW)).toEqual([5, 5]);
  });

  it("decides the same from counts as from instants, and looks back as far as its longest window", () => {
    expect(isLockedByCounts([4, 9])).toBe(false);
    expect(isLockedByCounts([5, 5])).toBe(true);
    expect(isLockedByCounts([0, 10])).toBe(true);
    expect(ID_CHECK_LOOKBACK_MS).toBe(Math.max(...ID_CHECK_TIERS.map((t) => t.withinMs)));
  });
});
