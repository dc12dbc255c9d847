// Admission that follows the booking backend's health: the rate the operator set is a ceiling, and
// the cohort's queue object lowers admission when bookings commit slowly or fail, then raises it
// back (additive increase, multiplicative decrease). Pure: the object feeds it measured samples.

/** How the adaptive rate behaves for one cohort. */
export interface AdaptiveSettings {
  /** Off: admission follows the operator's rate alone. */
  enabled: boolean;
  /** Never below this many admissions a minute (null: a tenth of the operator's rate). */
  floorPerMinute: number | null;
  /** Bookings whose 95th-percentile commit takes longer than this mean the backend is struggling. */
  commitP95TargetMs: number;
}

/** What the booking path measured over the last evaluation span. */
export interface BackendHealth {
  /** Booking commits measured (successes and failures). */
  samples: number;
  /** Of those, commits that failed (a database error, no capacity). */
  failures: number;
  /** The 95th-percentile commit time of the samples, or null with none. */
  p95CommitMs: number | null;
}

/** The adaptive rate is reconsidered this often, on the object's clock. */
export const ADAPT_EVERY_MS = 5_000;
/** Health is judged over the samples of this span. */
export const HEALTH_SPAN_MS = 10_000;
/** Fewer samples than this are no evidence of trouble: a single slow request never lowers admission. */
export const MIN_SAMPLES = 10;
/** More failures than this share of the samples mean the backend is failing. */
export const MAX_FAILURE_SHARE = 0.05;
/** Each healthy step raises the rate by this share of the ceiling. */
const INCREASE_SHARE = 0.1;
/** Each unhealthy step multiplies the rate by this. */
const DECREASE_FACTOR = 0.5;

/** The lowest rate adaptation may reach: the operator's floor, or a tenth of the ceiling, never above the ceiling. */
export function adaptiveFloor(settings: AdaptiveSettings, ceilingPerMinute: number): number {
  const floor = settings.floorPerMinute ?? Math.ceil(ceilingPerMinute / 10);
  return Math.max(1, Math.min(floor, ceilingPerMinute));
}

/** Why the backend counts as unhealthy now, or null when there is no evidence of trouble. */
export function trouble(health: BackendHealth, settings: AdaptiveSettings): "failing" | "slow" | null {
  if (health.samples < MIN_SAMPLES) return null;
  if (health.failures / health.samples > MAX_FAILURE_SHARE) return "failing";
  if (health.p95CommitMs !== null && health.p95CommitMs > settings.commitP95TargetMs) return "slow";
  return null;
}

/** A change of the adaptive rate, with what caused it. */
export interface AdaptiveChange {
  ratePerMinute: number;
  cause: "failing" | "slow" | "recovering";
}

/**
 * The adaptive rate for the next span, from the current one and the backend's health; null when it
 * stays. Trouble halves it (not below the floor); otherwise it climbs back by a tenth of the ceiling
 * per span (not above the ceiling). A ceiling lowered by the operator applies at once.
 */
export function nextAdaptiveRate(
  currentPerMinute: number,
  ceilingPerMinute: number,
  settings: AdaptiveSettings,
  health: BackendHealth,
): AdaptiveChange | null {
  const floor = adaptiveFloor(settings, ceilingPerMinute);
  const current = Math.min(currentPerMinute, ceilingPerMinute);
  const cause = trouble(health, settings);
  if (cause) {
    const lowered = Math.max(floor, Math.floor(current * DECREASE_FACTOR));
    return lowered < currentPerMinute ? { ratePerMinute: lowered, cause } : null;
  }
  if (currentPerMinute >= ceilingPerMinute) return null; // healthy at the ceiling (or above a lowered one, which caps it anyway)
  const raised = Math.min(ceilingPerMinute, current + Math.max(1, Math.round(ceilingPerMinute * INCREASE_SHARE)));
  return raised !== currentPerMinute ? { ratePerMinute: raised, cause: "recovering" } : null;
}

/** The 95th percentile of commit times (nearest rank), or null with none. */
export function p95(commitMs: readonly number[]): number | null {
  if (commitMs.length === 0) return null;
  const sorted = [...commitMs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}
