// The search for an admission rate the booking path sustains (`npm run rehearse -- --find-rate`):
// whether one measured step passed, and which rate to try next given every step so far (doubling
// until a step fails, then bisection between the highest pass and the lowest failure). Pure: the
// rehearsal measures, this decides.

/** One step of the search: a rate tried and whether the booking path sustained it. */
export interface CapacityStep {
  ratePerMinute: number;
  passed: boolean;
}

/** Where the search may go and when it stops. */
export interface CapacitySearchBounds {
  /** The first rate tried. */
  startPerMinute: number;
  /** Never tried above this (a search that passes everything stops here). */
  maxPerMinute: number;
  /** Never tried below this (a search that fails everything stops here, finding nothing). */
  minPerMinute: number;
  /** Stop when the lowest failure is within this share of the highest pass (0.1: 10%). */
  precision: number;
  /** Rates are multiples of this many a minute. */
  granularityPerMinute: number;
  /** At most this many steps in all. */
  maxSteps: number;
}

/** What one step measured: the crowd it let in and how their bookings went. */
export interface StepMeasure {
  /** People in line for the step, each booking once when admitted. */
  people: number;
  admitted: number;
  booked: number;
  /** Joins, polls or bookings that failed, and people not booked by the step's deadline. */
  failures: number;
  /** Seconds admission at the step's rate takes to let the line in. */
  plannedSeconds: number;
  /** Seconds from the start of admission until the last booking answered. */
  seconds: number;
  /** Booking answers as the crowd timed them (95th percentile), or null with none. */
  clientP95Ms: number | null;
  /** Booking commits as the booking path timed them (95th percentile), or null when the server reported none. */
  serverP95Ms: number | null;
}

/** A step's verdict and, when it failed, why. */
export interface StepVerdict {
  passed: boolean;
  reasons: string[];
}

/**
 * How much longer than planned a step may take and still count as sustained: a share of the plan,
 * plus a poll interval (2 s) and a booking. Longer means admission or booking fell behind the rate.
 */
export const LATE_SHARE = 0.2;
export const LATE_SLACK_SECONDS = 3;

const roundTo = (value: number, granularity: number) => Math.max(granularity, Math.round(value / granularity) * granularity);

/**
 * A step passes when everyone in line was admitted and booked with no failure, at the pace of the
 * rate (not much later than planned), and the 95th percentile booking time stayed within the
 * target on both sides: the crowd's (which includes the network and the rest of the booking
 * request) and the server's commit.
 */
export function stepVerdict(measure: StepMeasure, targetP95Ms: number): StepVerdict {
  const reasons: string[] = [];
  if (measure.failures > 0) reasons.push(`${measure.failures} failures`);
  if (measure.booked < measure.people) reasons.push(`${measure.people - measure.booked} of ${measure.people} not booked`);
  const allowed = measure.plannedSeconds * (1 + LATE_SHARE) + LATE_SLACK_SECONDS;
  if (measure.seconds > allowed)
    reasons.push(`took ${measure.seconds} s to book a line admitted in ${measure.plannedSeconds} s (at most ${allowed} s)`);
  if (measure.clientP95Ms === null) reasons.push("no booking timed by the crowd");
  else if (measure.clientP95Ms > targetP95Ms) reasons.push(`client p95 ${measure.clientP95Ms} ms over ${targetP95Ms} ms`);
  if (measure.serverP95Ms === null) reasons.push("no commit time reported by the server");
  else if (measure.serverP95Ms > targetP95Ms) reasons.push(`server p95 ${measure.serverP95Ms} ms over ${targetP95Ms} ms`);
  return { passed: reasons.length === 0, reasons };
}

/**
 * The capacity the steps show: the highest rate that passed below every rate that failed (a
 * failure at a lower rate than a pass, on a noisy machine, caps the figure: it is never optimistic).
 * Null when no such rate passed.
 */
export function capacityFound(steps: readonly CapacityStep[]): number | null {
  const lowestFailure = Math.min(...steps.filter((s) => !s.passed).map((s) => s.ratePerMinute));
  const below = steps.filter((s) => s.passed && s.ratePerMinute < lowestFailure).map((s) => s.ratePerMinute);
  return below.length === 0 ? null : Math.max(...below);
}

/**
 * The next rate to try, or null when the search is done: the start first; doubling while every
 * step passed (up to the maximum); halving while none has (down to the minimum, tried once); then the midpoint
 * between the capacity found and the lowest failure, until they are within the precision.
 */
export function nextRateToTry(steps: readonly CapacityStep[], bounds: CapacitySearchBounds): number | null {
  const { granularityPerMinute: g } = bounds;
  if (steps.length >= bounds.maxSteps) return null;
  if (steps.length === 0) return Math.min(bounds.maxPerMinute, roundTo(bounds.startPerMinute, g));
  const failures = steps.filter((s) => !s.passed).map((s) => s.ratePerMinute);
  const found = capacityFound(steps);
  if (failures.length === 0) {
    if (found === null || found >= bounds.maxPerMinute) return null;
    return Math.min(bounds.maxPerMinute, roundTo(found * 2, g));
  }
  const lowestFailure = Math.min(...failures);
  if (found === null) {
    const lower = Math.max(bounds.minPerMinute, roundTo(lowestFailure / 2, g));
    return lower >= lowestFailure ? null : lower;
  }
  if (lowestFailure - found <= Math.max(found * bounds.precision, g)) return null;
  const middle = roundTo((found + lowestFailure) / 2, g);
  return middle > found && middle < lowestFailure ? middle : null;
}
