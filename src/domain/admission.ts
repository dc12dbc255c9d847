/** The admission loop runs once a second while a window is open. */
export const ADMISSION_TICK_MS = 1000;

/** A late alarm may catch up on at most this many ticks, so a stall never releases a burst. */
const MAX_CATCH_UP_TICKS = 5;

/**
 * How many people one admission tick may let through at `ratePerMinute`, given the time since the
 * previous tick. Fractions carry over, so a rate of 90 a minute admits 1, 2, 1, 2, ... per second.
 */
export function admissionQuota(ratePerMinute: number, elapsedMs: number, carry: number): { quota: number; carry: number } {
  const span = Math.min(Math.max(elapsedMs, ADMISSION_TICK_MS), MAX_CATCH_UP_TICKS * ADMISSION_TICK_MS);
  const exact = (ratePerMinute * span) / 60_000 + carry;
  const quota = Math.floor(exact);
  return { quota, carry: Math.min(exact - quota, 0.999_999) };
}

/** How many to admit now: the rate quota, bounded by room in the booking step and by who is waiting. */
export function admitCount(quota: number, maxInBookingStep: number, inBookingStep: number, waiting: number): number {
  return Math.max(0, Math.min(quota, maxInBookingStep - inBookingStep, waiting));
}
