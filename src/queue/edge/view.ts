import { SOLD_OUT_WHILE_WAITING } from "../../copy/refusals";
import { type PauseReason, pauseReason, peopleAhead, pollAfterSeconds, type WaitRange, waitRange } from "../../domain/wait-estimate";
import type { EntryState, EntryView, QueueProgress } from "../object/types";

/** What a waiting person is told on every join and poll. `sold_out`: waiting, but no seat is left for now. */
export interface QueueView {
  state: EntryState | "sold_out";
  position: number | null;
  ahead: number | null;
  /** The slow end of {@link estimatedWait}, kept for older clients. */
  estimatedWaitSeconds: number | null;
  /** The range the wait lies in; null while nothing says when the line moves again (paused, held, sold out). */
  estimatedWait: WaitRange | null;
  /** Present while the line does not move for this place, with why; the place is kept. */
  paused?: { reason: PauseReason };
  pollAfterSeconds: number;
  message?: string;
  messageKo?: string;
}

/** While paused by an operator, nothing says when it resumes: poll about every half minute. */
const PAUSED_POLL_SECONDS = 30;

/** While sold out, nobody moves until supply is added: poll rarely. */
const SOLD_OUT_POLL_SECONDS = 60;

/** The queue answer for a place, from the place and the queue's progress alone. */
export function queueView(state: EntryState, position: number | null, progress: QueueProgress, random: number): QueueView {
  if (state === "waiting" && position !== null) {
    const ahead = peopleAhead(position, progress.admittedThrough);
    const stepFull = progress.inBookingStep >= progress.maxInBookingStep;
    const reason = pauseReason({ phaseStatus: progress.phase.status, held: progress.held, soldOut: progress.soldOut, stepFull });
    const paused = reason ? { paused: { reason } } : {};
    if (reason === "sold_out") {
      const poll = pollAfterSeconds(SOLD_OUT_POLL_SECONDS * 10, random);
      const message = { message: SOLD_OUT_WHILE_WAITING.en, messageKo: SOLD_OUT_WHILE_WAITING.ko };
      return {
        state: "sold_out",
        position,
        ahead,
        estimatedWaitSeconds: null,
        estimatedWait: null,
        ...paused,
        pollAfterSeconds: poll,
        ...message,
      };
    }
    if (reason === "paused" || reason === "held") {
      const poll = pollAfterSeconds(PAUSED_POLL_SECONDS * 10, random);
      return { state, position, ahead, estimatedWaitSeconds: null, estimatedWait: null, ...paused, pollAfterSeconds: poll };
    }
    const range = waitRange({
      ahead,
      measuredRatePerMinute: progress.admissionRatePerMinute,
      inBookingStep: progress.inBookingStep,
      maxInBookingStep: progress.maxInBookingStep,
      grantLifetimeSeconds: progress.grantLifetimeSeconds,
      firstPassExpiresInSeconds:
        progress.firstPassExpiresAtMs === null ? null : Math.max(0, (progress.firstPassExpiresAtMs - progress.nowMs) / 1000),
    });
    // Poll at the pace of the fast end: a full step may free any second.
    const poll = pollAfterSeconds(range.minSeconds, random);
    return { state, position, ahead, estimatedWaitSeconds: range.maxSeconds, estimatedWait: range, ...paused, pollAfterSeconds: poll };
  }
  if (state === "prequeue") {
    const untilOpening = progress.phase.opensAt ? Math.max(0, (Date.parse(progress.phase.opensAt) - progress.nowMs) / 1000) : 60;
    const poll = pollAfterSeconds(untilOpening, random);
    return { state, position: null, ahead: null, estimatedWaitSeconds: null, estimatedWait: null, pollAfterSeconds: poll };
  }
  const settled = state === "booked" || state === "expired" || state === "closed" || state === "cancelled";
  return {
    state,
    position,
    ahead: state === "admitted" ? 0 : null,
    estimatedWaitSeconds: state === "admitted" ? 0 : null,
    estimatedWait: state === "admitted" ? { minSeconds: 0, maxSeconds: 0 } : null,
    pollAfterSeconds: settled ? 300 : pollAfterSeconds(0, random),
  };
}

/** The state a ticket's place is in when only the progress is known: waiting while still behind. */
export function isStillWaiting(position: number | null, progress: QueueProgress): position is number {
  const phase = progress.phase.status;
  return position !== null && position > progress.admittedThrough && (phase === "open" || phase === "paused");
}

export type { EntryView };

/**
 * True when a ticket issued without a position is surely still in the pre-queue: no draw has
 * happened since it was issued (`iat` is whole seconds, so anything within its second counts as after).
 */
export function isStillInPrequeue(ticket: { pos: number | null; iat: number }, progress: QueueProgress): boolean {
  if (ticket.pos !== null) return false;
  const status = progress.phase.status;
  if (status !== "prequeue" && status !== "open" && status !== "paused") return false;
  return progress.lastDrawAtMs === null || progress.lastDrawAtMs < ticket.iat * 1000;
}
