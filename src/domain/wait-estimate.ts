/** People ahead of a position once everyone up to `admittedThrough` has been let in. */
export function peopleAhead(position: number, admittedThrough: number): number {
  return Math.max(0, position - admittedThrough - 1);
}

/** Estimated wait: people ahead divided by the measured admission rate. */
export function estimatedWaitSeconds(ahead: number, admissionRatePerMinute: number): number {
  if (ahead === 0) return 0;
  return Math.ceil((ahead / Math.max(admissionRatePerMinute, 1)) * 60);
}

const MIN_POLL_SECONDS = 2;
const MAX_POLL_SECONDS = 60;

/**
 * When to poll again: about a tenth of the remaining wait, between 2 s and 60 s, spread by ±20%
 * so that a million clients do not poll in lockstep. `random` is in [0, 1).
 */
export function pollAfterSeconds(waitSeconds: number, random: number): number {
  const base = Math.min(Math.max(waitSeconds / 10, MIN_POLL_SECONDS), MAX_POLL_SECONDS);
  const jittered = base * (0.8 + 0.4 * random);
  return Math.max(1, Math.round(jittered));
}

/** Why a line is not moving for now, as the queue answer names it. */
export type PauseReason = "paused" | "held" | "step_full" | "sold_out";

/** What the wait estimate of one place is made from: the line, the rate it achieved, and the booking step. */
export interface WaitInputs {
  ahead: number;
  /** Admissions per minute actually achieved recently (the configured rate until there is data). */
  measuredRatePerMinute: number;
  /** People holding a pass now, and how many passes may be out at once. */
  inBookingStep: number;
  maxInBookingStep: number;
  grantLifetimeSeconds: number;
  /** Seconds until the first pass out now expires, if any is out. */
  firstPassExpiresInSeconds: number | null;
}

/** A range a wait lies in, in seconds. */
export interface WaitRange {
  minSeconds: number;
  maxSeconds: number;
}

/** The measured rate may have been a burst, or a slow start: the range spans this much either side of it. */
const RATE_SPREAD = 1.5;

/**
 * How long a place may wait, as a range around the rate the line achieved (half again faster, and
 * slower). When the booking step is full the cap decides: nobody moves until someone books or a pass
 * expires, so the slow end adds that stall (up to the first expiry, at most a pass lifetime) and
 * assumes every pass is then used to its last second (`maxInBookingStep` people per pass lifetime);
 * it is never under a minute, because an expired pass may go to its holder coming back at the front.
 */
export function waitRange(input: WaitInputs): WaitRange {
  const rate = Math.max(input.measuredRatePerMinute, 0.1) / 60;
  const capRate = Math.max(input.maxInBookingStep, 1) / Math.max(input.grantLifetimeSeconds, 1);
  const stepFull = input.inBookingStep >= input.maxInBookingStep;
  const slowRate = (stepFull ? Math.min(rate, capRate) : rate) / RATE_SPREAD;
  const stall = stepFull ? Math.min(input.firstPassExpiresInSeconds ?? input.grantLifetimeSeconds, input.grantLifetimeSeconds) : 0;
  const minSeconds = Math.ceil(input.ahead / (rate * RATE_SPREAD));
  const maxSeconds = Math.ceil(Math.max(stall, 0) + input.ahead / slowRate);
  return { minSeconds, maxSeconds: stepFull ? Math.max(maxSeconds, 60) : Math.max(maxSeconds, minSeconds) };
}

/** Why a waiting place cannot move now, most decisive first; null while the line moves. */
export function pauseReason(line: { phaseStatus: string; held: boolean; soldOut: boolean; stepFull: boolean }): PauseReason | null {
  if (line.held) return "held";
  if (line.phaseStatus === "paused") return "paused";
  if (line.soldOut) return "sold_out";
  return line.stepFull ? "step_full" : null;
}
