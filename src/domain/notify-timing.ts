// When a person who left a number is told their turn is near, and when someone far back may come back.
import type { CohortConfig } from "./cohort-config";
import type { WaitRange } from "./wait-estimate";

/** How near the front counts as "near": within this many places, or this many minutes at the admission rate. */
export interface NearRule {
  places: number;
  minutes: number;
}

/**
 * How many places behind the front are "near": whichever reaches further of the places and the
 * minutes at the admission rate (a fast line warns earlier in places, a slow one in time).
 */
export function nearAhead(rule: NearRule, admissionRatePerMinute: number): number {
  return Math.max(rule.places, Math.floor(rule.minutes * Math.max(admissionRatePerMinute, 0)));
}

/** A place is near the front when it is still waiting and within `near` places of `admittedThrough`. */
export function isNearFront(position: number, admittedThrough: number, near: number): boolean {
  return position > admittedThrough && position <= admittedThrough + near;
}

/** A wait whose fast end is this long or longer is "far back": the page says when to come back instead of counting down. */
export const FAR_BACK_SECONDS = 30 * 60;

/** Times to come back are rounded down to this step, so the page does not promise a minute. */
const COME_BACK_STEP_MS = 5 * 60_000;

/**
 * When a person far back may come back: the fast end of the same wait range the page shows, rounded
 * down to five minutes (never later than the estimate). Null while nothing says when the line moves,
 * or while the wait is shorter than {@link FAR_BACK_SECONDS}, when the page shows the wait itself.
 */
export function comeBackAtMs(range: WaitRange | null | undefined, nowMs: number): number | null {
  if (!range || range.minSeconds < FAR_BACK_SECONDS) return null;
  return Math.floor((nowMs + range.minSeconds * 1000) / COME_BACK_STEP_MS) * COME_BACK_STEP_MS;
}

/**
 * When grants given at `nowMs` expire: a plain place's, and that of a place whose holder left a
 * number for text messages (`notifications.grantLifetimeSeconds`, long enough for a text to arrive).
 */
export function grantExpiries(config: CohortConfig, nowMs: number): { grantExpiresAtMs: number; notifiedGrantExpiresAtMs: number } {
  const notifiedSeconds = config.notifications?.enabled ? config.notifications.grantLifetimeSeconds : config.grantLifetimeSeconds;
  return { grantExpiresAtMs: nowMs + config.grantLifetimeSeconds * 1000, notifiedGrantExpiresAtMs: nowMs + notifiedSeconds * 1000 };
}
