// How far a cohort's admission has advanced, as every poll is told (the same for every person).
import type { CohortConfig } from "../../domain/cohort-config";
import { cohortPhase } from "../../domain/cohort-phase";
import { type InventoryReading, isSoldOut } from "../../domain/inventory";
import { nextPhaseChangeMs } from "../../domain/phase-boundary";
import { measuredRatePerMinute } from "./admission-rate";
import { effectiveConfig, type LiveControls } from "./controls";
import type { LineState } from "./shards";
import { rows } from "./sql";
import type { QueueProgress } from "./types";

/** What the progress is read from: the cohort's object's state at `now`. */
export interface ProgressSource {
  config: CohortConfig;
  controls: LiveControls;
  counters: { admittedThrough: number; lastPosition: number };
  line: LineState;
  inventory: InventoryReading | null;
  now: number;
}

/** The cohort's progress now. */
export function progressOf(sql: SqlStorage, { config, controls, counters, line, inventory, now }: ProgressSource): QueueProgress {
  const effective = effectiveConfig(config, controls);
  return {
    phase: cohortPhase(config, now, controls),
    admittedThrough: counters.admittedThrough,
    lastPosition: counters.lastPosition,
    admissionRatePerMinute: measuredRatePerMinute(sql, now, effective.admissionRatePerMinute),
    lastClosesAtMs: Math.max(...config.windows.map((w) => Date.parse(w.closesAt))),
    lastDrawAtMs: rows<{ at: number | null }>(sql, "SELECT max(applied_at) AS at FROM shuffle_seeds")[0]?.at ?? null,
    nowMs: now,
    phaseUntilMs: nextPhaseChangeMs(config, now),
    soldOut: isSoldOut(inventory),
    held: controls.held,
    inBookingStep: line.inBookingStep,
    maxInBookingStep: effective.maxInBookingStep,
    grantLifetimeSeconds: config.grantLifetimeSeconds,
    firstPassExpiresAtMs: line.firstExpiry,
  };
}
