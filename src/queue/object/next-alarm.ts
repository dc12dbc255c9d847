// When the queue object must next wake up by itself: the admission loop, an opening, an expiry.
import { ADAPT_EVERY_MS } from "../../domain/adaptive-admission";
import { ADMISSION_TICK_MS } from "../../domain/admission";
import type { CohortConfig } from "../../domain/cohort-config";
import { cohortPhase, prequeueOpensAtMs } from "../../domain/cohort-phase";
import { belowCeiling } from "./adaptive";
import { effectiveConfig, type LiveControls } from "./controls";
import { anyoneWaiting, firstPassExpiry } from "./entries";

/**
 * The instant of the next thing that must happen without a request: an admission tick while
 * someone waits, a reconsideration of a lowered adaptive rate, the first grant expiry, the next
 * opening or pre-queue. Null when nothing is due.
 */
export function nextAlarmAt(sql: SqlStorage, config: CohortConfig, controls: LiveControls, now: number): number | null {
  const phase = cohortPhase(config, now, controls);
  const candidates: number[] = [];
  if (phase.status === "open" && anyoneWaiting(sql)) candidates.push(now + ADMISSION_TICK_MS);
  // Lowered for the backend's sake: keep reconsidering, so it climbs back even while nobody waits.
  if (phase.status === "open" && belowCeiling(sql, effectiveConfig(config, controls), controls)) candidates.push(now + ADAPT_EVERY_MS);
  const nextExpiry = firstPassExpiry(sql);
  if (nextExpiry && !controls.held) candidates.push(nextExpiry);
  if (phase.windowIndex !== null && phase.opensAt && Date.parse(phase.opensAt) > now) {
    candidates.push(Date.parse(phase.opensAt));
    if (phase.status === "upcoming") candidates.push(prequeueOpensAtMs(config, phase.windowIndex));
  }
  return candidates.length === 0 ? null : Math.max(now, Math.min(...candidates));
}
