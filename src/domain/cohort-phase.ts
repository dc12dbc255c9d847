import type { CohortConfig } from "./cohort-config";

/** Public status of a cohort at an instant. */
export type CohortStatus = "upcoming" | "prequeue" | "open" | "paused" | "closed";

/** Operator switches that override the schedule. */
export interface OperatorControls {
  paused: boolean;
  closedEarly: boolean;
  /** Emergency stop: shown as paused; nobody is admitted and nobody books. */
  held?: boolean;
}

/** Where a cohort stands at an instant, and which window that concerns. */
export interface CohortPhase {
  status: CohortStatus;
  /** The window open now, or the next one to open; null once every window has closed. */
  windowIndex: number | null;
  opensAt: string | null;
  closesAt: string | null;
}

/** Milliseconds before a window's opening at which its pre-queue opens. */
export function prequeueOpensAtMs(config: CohortConfig, windowIndex: number): number {
  return Date.parse(config.windows[windowIndex]!.opensAt) - config.prequeueLeadMinutes * 60_000;
}

/**
 * The phase of a cohort at the server instant `nowMs`: open while a window is open (paused if the
 * operator paused or held admission), in pre-queue from the lead time before the next opening, upcoming
 * before that, closed after the last window or when the operator closed it early.
 */
export function cohortPhase(config: CohortConfig, nowMs: number, controls: OperatorControls): CohortPhase {
  const windows = config.windows.map((w, index) => ({ index, opens: Date.parse(w.opensAt), closes: Date.parse(w.closesAt), w }));
  const describe = (status: CohortStatus, entry: (typeof windows)[number] | undefined): CohortPhase => ({
    status,
    windowIndex: entry?.index ?? null,
    opensAt: entry?.w.opensAt ?? null,
    closesAt: entry?.w.closesAt ?? null,
  });

  if (controls.closedEarly) return describe("closed", undefined);
  const open = windows.find((w) => w.opens <= nowMs && nowMs < w.closes);
  if (open) return describe(controls.paused || controls.held ? "paused" : "open", open);
  const next = windows.filter((w) => w.opens > nowMs).sort((a, b) => a.opens - b.opens)[0];
  if (!next) return describe("closed", undefined);
  return describe(nowMs >= prequeueOpensAtMs(config, next.index) ? "prequeue" : "upcoming", next);
}
