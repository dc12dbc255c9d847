import type { BookingWindow, CohortConfig } from "./cohort-config";
import { dateInZone, parseIsoDate } from "./dates";

const DAY_MS = 24 * 3600_000;

/** How many days of a birth-date range end in each digit 0-9 (index = digit). */
export function birthDaysByLastDigit(from: string, to: string): number[] {
  const counts = Array.from({ length: 10 }, () => 0);
  const start = parseIsoDate(from);
  const end = parseIsoDate(to);
  if (!start || !end) return counts;
  const last = Date.UTC(end.year, end.month - 1, end.day);
  for (let day = Date.UTC(start.year, start.month - 1, start.day); day <= last; day += DAY_MS) {
    counts[new Date(day).getUTCDate() % 10]! += 1;
  }
  return counts;
}

/**
 * The share of a cohort's people a window is for, assuming births spread evenly over the days of
 * the range: 1 without a digit rule, about a tenth for one digit (a little more for 1, less for 0).
 */
export function windowShare(config: CohortConfig, window: BookingWindow): number {
  if (!window.birthDayLastDigits) return 1;
  const counts = birthDaysByLastDigit(config.birthDates.from, config.birthDates.to);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  return [...new Set(window.birthDayLastDigits)].reduce((sum, digit) => sum + counts[digit]!, 0) / total;
}

/** People expected in a window's queue if everyone it is for arrives at the opening (the 2021 surge). */
export function expectedQueueSize(population: number, config: CohortConfig, window: BookingWindow): number {
  return Math.round(population * windowShare(config, window));
}

/** Minutes for a queue to drain at an admission rate. */
export function drainMinutes(queueSize: number, admissionRatePerMinute: number): number {
  return Math.ceil(queueSize / Math.max(admissionRatePerMinute, 1));
}

/**
 * The admission rate the booking-step cap still sustains if everyone takes their whole grant to
 * book: above it, the cap and not the rate sets the pace.
 */
export function capSustainedRatePerMinute(maxInBookingStep: number, grantLifetimeSeconds: number): number {
  return Math.floor((maxInBookingStep * 60) / grantLifetimeSeconds);
}

/** For each birth-day digit the cohort's windows name, the local dates on which those windows open. */
export function rotationDays(config: CohortConfig): Array<{ digit: number; days: string[] }> {
  const byDigit = new Map<number, string[]>();
  for (const window of config.windows) {
    for (const digit of window.birthDayLastDigits ?? []) {
      const days = byDigit.get(digit) ?? [];
      days.push(dateInZone(Date.parse(window.opensAt), config.timeZone));
      byDigit.set(digit, days);
    }
  }
  return [...byDigit].sort(([a], [b]) => a - b).map(([digit, days]) => ({ digit, days }));
}
