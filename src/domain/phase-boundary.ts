import type { CohortConfig } from "./cohort-config";
import { prequeueOpensAtMs } from "./cohort-phase";

/**
 * The next instant after `nowMs` at which the clock alone changes a cohort's phase (a pre-queue
 * opening, a window opening or closing), or null when none is left. A copy of the phase taken at
 * `nowMs` is exact until then, so the edge may serve it up to that instant and not a millisecond
 * after.
 */
export function nextPhaseChangeMs(config: CohortConfig, nowMs: number): number | null {
  let next: number | null = null;
  config.windows.forEach((window, index) => {
    for (const instant of [prequeueOpensAtMs(config, index), Date.parse(window.opensAt), Date.parse(window.closesAt)]) {
      if (instant > nowMs && (next === null || instant < next)) next = instant;
    }
  });
  return next;
}
