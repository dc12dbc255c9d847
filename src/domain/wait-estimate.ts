/** People ahead of a position once everyone up to `admittedThrough` has been let in. */
export function peopleAhead(position: number, admittedThrough: number): number {
  return Math.max(0, position - admittedThrough - 1);
}

/** Estimated wait: people ahead divided by the measured admission rate. */
export function estimatedWaitSeconds(ahead: number, admissionRatePerMinute: number): number {
  if (ahead === 0) return 0;
  return Math.ceil((ahead / Math.max(admissionRatePerMinute, 1)) * 60);
}

const MIN_POLL_SECONDS = 2;
const MAX_POLL_SECONDS = 60;

/**
 * When to poll again: about a tenth of the remaining wait, between 2 s and 60 s, spread by ±20%
 * so that a million clients do not poll in lockstep. `random` is in [0, 1).
 */
export function pollAfterSeconds(waitSeconds: number, random: number): number {
  const base = Math.min(Math.max(waitSeconds / 10, MIN_POLL_SECONDS), MAX_POLL_SECONDS);
  const jittered = base * (0.8 + 0.4 * random);
  return Math.max(1, Math.round(jittered));
}
