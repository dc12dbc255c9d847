// The operators' live switches (pause, hold, close, rate, cap): how each command changes them, and their audit log.
import type { CohortConfig } from "../../domain/cohort-config";
import type { OperatorControls } from "../../domain/cohort-phase";
import type { ControlAction, ControlCommand } from "../../domain/controls";
import { rows, run } from "./sql";

/** Every live switch of a cohort's queue, as the object stores it. */
export interface LiveControls extends OperatorControls {
  held: boolean;
  /** When the current hold began; null when not held. */
  heldSinceMs: number | null;
  /** Overrides of the config's admission rate and booking-step cap; null follows the config. */
  admissionRatePerMinute: number | null;
  maxInBookingStep: number | null;
  /** Admission no longer follows the booking backend's health (an operator switched it off live). */
  adaptiveOff: boolean;
}

/** No switch set: the queue follows its config and schedule. */
export const NO_CONTROLS: LiveControls = {
  paused: false,
  closedEarly: false,
  held: false,
  heldSinceMs: null,
  admissionRatePerMinute: null,
  maxInBookingStep: null,
  adaptiveOff: false,
};

/** An audited control: who, when, what, and the switches before and after. */
export interface ControlLogEntry {
  at: string;
  operator: string;
  action: ControlAction;
  reason: string | null;
  before: LiveControls;
  after: LiveControls;
}

/** The switches after a command. Repeating a command changes nothing (a second hold keeps its start). */
export function applyControl(current: LiveControls, command: ControlCommand, nowMs: number): LiveControls {
  switch (command.action) {
    case "pause":
      return { ...current, paused: true };
    case "resume":
      return { ...current, paused: false };
    case "hold":
      return current.held ? current : { ...current, held: true, heldSinceMs: nowMs };
    case "release":
      return { ...current, held: false, heldSinceMs: null };
    case "close":
      return { ...current, closedEarly: true };
    case "reopen":
      return { ...current, closedEarly: false };
    case "set_rate":
      return { ...current, admissionRatePerMinute: command.admissionRatePerMinute };
    case "set_cap":
      return { ...current, maxInBookingStep: command.maxInBookingStep };
    case "adaptive_off":
      return { ...current, adaptiveOff: true };
    case "adaptive_on":
      return { ...current, adaptiveOff: false };
  }
}

/** The config the admission loop runs on: the saved one with the live overrides applied. */
export function effectiveConfig(config: CohortConfig, controls: LiveControls): CohortConfig {
  return {
    ...config,
    admissionRatePerMinute: controls.admissionRatePerMinute ?? config.admissionRatePerMinute,
    maxInBookingStep: controls.maxInBookingStep ?? config.maxInBookingStep,
  };
}

/**
 * Records a control and applies its side effects, inside the caller's transaction. Releasing a
 * hold gives every admitted person back the time the hold took from their grant.
 */
export function recordControl(
  sql: SqlStorage,
  before: LiveControls,
  after: LiveControls,
  entry: { operator: string; action: ControlAction; reason?: string | undefined },
  nowMs: number,
): void {
  if (before.held && !after.held && before.heldSinceMs !== null) {
    run(sql, "UPDATE entries SET grant_expires_at = grant_expires_at + ? WHERE state = 'admitted'", nowMs - before.heldSinceMs);
  }
  run(
    sql,
    "INSERT INTO control_log (at, operator, action, reason, before, after) VALUES (?, ?, ?, ?, ?, ?)",
    nowMs,
    entry.operator,
    entry.action,
    entry.reason ?? null,
    JSON.stringify(before),
    JSON.stringify(after),
  );
}

/** The latest audited controls, newest first. */
export function controlLog(sql: SqlStorage, limit: number): ControlLogEntry[] {
  return rows<{ at: number; operator: string; action: string; reason: string | null; before: string; after: string }>(
    sql,
    "SELECT at, operator, action, reason, before, after FROM control_log ORDER BY id DESC LIMIT ?",
    limit,
  ).map((r) => ({
    at: new Date(r.at).toISOString(),
    operator: r.operator,
    action: r.action as ControlAction,
    reason: r.reason,
    before: JSON.parse(r.before) as LiveControls,
    after: JSON.parse(r.after) as LiveControls,
  }));
}
