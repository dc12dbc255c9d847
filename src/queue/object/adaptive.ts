// The adaptive admission rate inside the cohort's queue object: booking commits measured by the
// booking path are kept for a short span, and every ADAPT_EVERY_MS the rate is reconsidered
// (src/domain/adaptive-admission.ts) and each change audited in the control log.
import {
  ADAPT_EVERY_MS,
  type AdaptiveChange,
  type BackendHealth,
  HEALTH_SPAN_MS,
  nextAdaptiveRate,
  p95,
} from "../../domain/adaptive-admission";
import type { CohortConfig } from "../../domain/cohort-config";
import type { LiveControls } from "./controls";
import { recordControl } from "./controls";
import { rows, run } from "./sql";

/** What the object keeps of adaptation between ticks (in `meta`). */
interface AdaptiveState {
  /** The adapted rate; null until the first change (the ceiling applies). */
  ratePerMinute: number | null;
  evaluatedAtMs: number;
}

const META_KEY = "adaptive";

/** One booking commit as the booking path measured it. */
export interface CommitSample {
  commitMs: number;
  failed: boolean;
}

/** Keeps a measured commit for the next evaluations. */
export function recordCommit(sql: SqlStorage, nowMs: number, sample: CommitSample): void {
  run(
    sql,
    "INSERT INTO booking_health (at, commit_ms, failed) VALUES (?, ?, ?)",
    nowMs,
    Math.max(0, Math.round(sample.commitMs)),
    sample.failed ? 1 : 0,
  );
}

/** The booking path's health over the last span. */
export function backendHealth(sql: SqlStorage, nowMs: number): BackendHealth {
  const samples = rows<{ commit_ms: number; failed: number }>(
    sql,
    "SELECT commit_ms, failed FROM booking_health WHERE at > ?",
    nowMs - HEALTH_SPAN_MS,
  );
  return {
    samples: samples.length,
    failures: samples.filter((s) => s.failed === 1).length,
    p95CommitMs: p95(samples.map((s) => s.commit_ms)),
  };
}

function readState(sql: SqlStorage): AdaptiveState {
  const row = rows<{ value: string }>(sql, "SELECT value FROM meta WHERE key = ?", META_KEY)[0];
  return row ? (JSON.parse(row.value) as AdaptiveState) : { ratePerMinute: null, evaluatedAtMs: 0 };
}

function writeState(sql: SqlStorage, state: AdaptiveState): void {
  run(
    sql,
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    META_KEY,
    JSON.stringify(state),
  );
}

/** Whether adaptation steers this cohort now: on in its config and not switched off live. */
export function adaptationOn(config: CohortConfig, controls: LiveControls): boolean {
  return config.adaptive.enabled && controls.adaptiveOff !== true;
}

/** The adapted rate now (the ceiling when adaptation is off or has not changed anything). */
export function adaptedRate(sql: SqlStorage, effective: CohortConfig, controls: LiveControls): number {
  const state = readState(sql);
  const ceiling = effective.admissionRatePerMinute;
  return adaptationOn(effective, controls) && state.ratePerMinute !== null ? Math.min(ceiling, state.ratePerMinute) : ceiling;
}

/** Whether admission runs below the operator's rate for the backend's sake (the tick keeps running to raise it back). */
export function belowCeiling(sql: SqlStorage, effective: CohortConfig, controls: LiveControls): boolean {
  return adaptedRate(sql, effective, controls) < effective.admissionRatePerMinute;
}

/** Why a change was made, for the audit log and the dashboard. */
function describe(change: AdaptiveChange, from: number, health: BackendHealth, targetMs: number): string {
  const seen = `${health.samples} bookings in ${HEALTH_SPAN_MS / 1000} s, ${health.failures} failed, p95 commit ${health.p95CommitMs ?? "n/a"} ms (target ${targetMs} ms)`;
  const what =
    change.cause === "recovering"
      ? "backend healthy, raising"
      : change.cause === "slow"
        ? "bookings commit slowly, lowering"
        : "bookings fail, lowering";
  return `adaptive: ${what} admission ${from} -> ${change.ratePerMinute} a minute; ${seen}`;
}

/**
 * At most once every ADAPT_EVERY_MS: reconsiders the adapted rate from the backend's health and
 * audits a change; old samples are dropped. Call inside the tick's transaction. Returns the rate
 * admission runs at now.
 */
export function adapt(sql: SqlStorage, effective: CohortConfig, controls: LiveControls, nowMs: number): number {
  const state = readState(sql);
  const ceiling = effective.admissionRatePerMinute;
  // Pruned at every tick, adapting or not: with adaptation off, samples would otherwise pile up one per booking.
  run(sql, "DELETE FROM booking_health WHERE at <= ?", nowMs - HEALTH_SPAN_MS);
  if (!adaptationOn(effective, controls) || nowMs - state.evaluatedAtMs < ADAPT_EVERY_MS) return adaptedRate(sql, effective, controls);
  const health = backendHealth(sql, nowMs);
  const current = state.ratePerMinute ?? ceiling;
  const change = nextAdaptiveRate(current, ceiling, effective.adaptive, health);
  const rate = change ? change.ratePerMinute : state.ratePerMinute;
  writeState(sql, { ratePerMinute: rate, evaluatedAtMs: nowMs });
  if (change) {
    const reason = describe(change, Math.min(current, ceiling), health, effective.adaptive.commitP95TargetMs);
    recordControl(sql, controls, controls, { operator: "adaptive", action: "adapt_rate", reason }, nowMs);
  }
  return rate === null ? ceiling : Math.min(ceiling, rate);
}
