// When the queue object must next wake up by itself: the admission loop, an opening, an expiry.
import { ADAPT_EVERY_MS } from "../../domain/adaptive-admission";
import { ADMISSION_TICK_MS } from "../../domain/admission";
import type { CohortConfig } from "../../domain/cohort-config";
import { cohortPhase, prequeueOpensAtMs } from "../../domain/cohort-phase";
import { belowCeiling } from "./adaptive";
import { effectiveConfig, type LiveControls } from "./controls";

/**
 * The instant of the next thing that must happen without a request: an admission tick while
 * someone waits, a reconsideration of a lowered adaptive rate, the first grant expiry, the next
 * opening or pre-queue. Null when nothing is due.
 */
export function nextAlarmAt(
  sql: SqlStorage,
  config: CohortConfig,
  controls: LiveControls,
  now: number,
  line: { waiting: boolean; inBookingStep: number; firstExpiry: number | null; drawing: boolean; snapshotRetryAt: number | null },
): number | null {
  const phase = cohortPhase(config, now, controls);
  const candidates: number[] = [];
  // A draw goes on a step an alarm until every shard has numbered its pre-queue.
  if (line.drawing) candidates.push(now);
  // A shard missed the latest config or switch: hand it over again when due (spaced out while it stays down).
  if (line.snapshotRetryAt !== null) candidates.push(line.snapshotRetryAt);
  if (phase.status === "open" && line.waiting) candidates.push(now + ADMISSION_TICK_MS);
  // Grants out: the shards expire them at the ticks, and the booking step frees up.
  if (!controls.held && line.inBookingStep > 0) candidates.push(now + ADMISSION_TICK_MS);
  // Lowered for the backend's sake: keep reconsidering, so it climbs back even while nobody waits.
  if (phase.status === "open" && belowCeiling(sql, effectiveConfig(config, controls), controls)) candidates.push(now + ADAPT_EVERY_MS);
  if (line.firstExpiry && !controls.held) candidates.push(line.firstExpiry);
  if (phase.windowIndex !== null && phase.opensAt && Date.parse(phase.opensAt) > now) {
    candidates.push(Date.parse(phase.opensAt));
    if (phase.status === "upcoming") candidates.push(prequeueOpensAtMs(config, phase.windowIndex));
  }
  return candidates.length === 0 ? null : Math.max(now, Math.min(...candidates));
}
