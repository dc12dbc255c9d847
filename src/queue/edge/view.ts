import { SOLD_OUT_WHILE_WAITING } from "../../copy/refusals";
import { estimatedWaitSeconds, peopleAhead, pollAfterSeconds } from "../../domain/wait-estimate";
import type { EntryState, EntryView, QueueProgress } from "../object/types";

/** What a waiting person is told on every join and poll. `sold_out`: waiting, but no seat is left for now. */
export interface QueueView {
  state: EntryState | "sold_out";
  position: number | null;
  ahead: number | null;
  estimatedWaitSeconds: number | null;
  pollAfterSeconds: number;
  message?: string;
  messageKo?: string;
}

/** While sold out, nobody moves until supply is added: poll rarely. */
const SOLD_OUT_POLL_SECONDS = 60;

/** The queue answer for a place, from the place and the queue's progress alone. */
export function queueView(state: EntryState, position: number | null, progress: QueueProgress, random: number): QueueView {
  if (state === "waiting" && position !== null && progress.soldOut) {
    const ahead = peopleAhead(position, progress.admittedThrough);
    const poll = pollAfterSeconds(SOLD_OUT_POLL_SECONDS * 10, random);
    return {
      state: "sold_out",
      position,
      ahead,
      estimatedWaitSeconds: null,
      pollAfterSeconds: poll,
      message: SOLD_OUT_WHILE_WAITING.en,
      messageKo: SOLD_OUT_WHILE_WAITING.ko,
    };
  }
  if (state === "waiting" && position !== null) {
    const ahead = peopleAhead(position, progress.admittedThrough);
    const wait = estimatedWaitSeconds(ahead, progress.admissionRatePerMinute);
    return { state, position, ahead, estimatedWaitSeconds: wait, pollAfterSeconds: pollAfterSeconds(wait, random) };
  }
  if (state === "prequeue") {
    const untilOpening = progress.phase.opensAt ? Math.max(0, (Date.parse(progress.phase.opensAt) - progress.nowMs) / 1000) : 60;
    return { state, position: null, ahead: null, estimatedWaitSeconds: null, pollAfterSeconds: pollAfterSeconds(untilOpening, random) };
  }
  const settled = state === "booked" || state === "expired" || state === "closed" || state === "cancelled";
  return {
    state,
    position,
    ahead: state === "admitted" ? 0 : null,
    estimatedWaitSeconds: state === "admitted" ? 0 : null,
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
