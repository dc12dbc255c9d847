// How many wrong national ID numbers a booking's web self-service takes, and for how long it then
// refuses every number, the right one too: a receipt is shown at desks and photographed, so it must
// not be an unlimited oracle for its holder's number.

/** One cap: at most `attempts` wrong numbers within any `withinMs`. */
export interface IdCheckTier {
  attempts: number;
  withinMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The rule: five wrong numbers within an hour, and ten within a day. A holder who mistypes once
 * (or four times) and then types the right number is let in; someone guessing gets five tries an
 * hour and ten a day, so a space of even a few hundred thousand numbers takes decades.
 */
export const ID_CHECK_TIERS: readonly IdCheckTier[] = [
  { attempts: 5, withinMs: HOUR },
  { attempts: 10, withinMs: 24 * HOUR },
];

/** How far back a booking's checks matter: the longest tier. Older ones may be deleted. */
export const ID_CHECK_LOOKBACK_MS = Math.max(...ID_CHECK_TIERS.map((tier) => tier.withinMs));

/** Whether a booking takes another number now, and if not, from when it does again. */
export type IdCheckVerdict = { locked: false } | { locked: true; retryAtMs: number };

/** Wrong numbers within each tier's window ending at `nowMs` (`(nowMs - withinMs, nowMs]`), in tier order. */
export function wrongCountsByTier(wrongAtMs: readonly number[], nowMs: number, tiers = ID_CHECK_TIERS): number[] {
  return tiers.map((tier) => wrongAtMs.filter((at) => at > nowMs - tier.withinMs && at <= nowMs).length);
}

/** Locked when any tier's window already holds its full count of wrong numbers. */
export function isLockedByCounts(counts: readonly number[], tiers = ID_CHECK_TIERS): boolean {
  return tiers.some((tier, i) => (counts[i] ?? 0) >= tier.attempts);
}

/**
 * The verdict for a booking, from the instants of its wrong numbers (and checks still running,
 * counted as wrong until they finish). When locked, a number is taken again once enough of the
 * counted ones have left every full tier's window: for each such tier, when its oldest counted
 * attempt that keeps it full turns `withinMs` old.
 */
export function idCheckVerdict(wrongAtMs: readonly number[], nowMs: number, tiers = ID_CHECK_TIERS): IdCheckVerdict {
  const counts = wrongCountsByTier(wrongAtMs, nowMs, tiers);
  if (!isLockedByCounts(counts, tiers)) return { locked: false };
  let retryAtMs = nowMs;
  tiers.forEach((tier, i) => {
    const count = counts[i]!;
    if (count < tier.attempts) return;
    const inWindow = wrongAtMs.filter((at) => at > nowMs - tier.withinMs && at <= nowMs).sort((a, b) => a - b);
    // Below the cap again once this one (and every older one) has left the window.
    const freeing = inWindow[count - tier.attempts]!;
    retryAtMs = Math.max(retryAtMs, freeing + tier.withinMs);
  });
  return { locked: true, retryAtMs };
}
