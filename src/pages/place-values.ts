// The figures of a place in the queue, as shown on the waiting page. Shared by the no-JavaScript
// page (rendered on the server) and the browser script, so both show exactly the same thing.
import { formatClock, formatCount, formatWaitRange } from "../copy/format";
import type { Lang } from "../copy/lang";
import { comeBackAtMs } from "../domain/notify-timing";

/** A place as the queue API answers it (the fields the pages use). */
export interface PlaceAnswer {
  state: "prequeue" | "waiting" | "admitted" | "booked" | "expired" | "closed" | "cancelled" | "sold_out";
  position: number | null;
  ahead: number | null;
  estimatedWaitSeconds: number | null;
  /** The range the wait lies in; null while nothing says when the line moves again. */
  estimatedWait?: { minSeconds: number; maxSeconds: number } | null;
  /** Why the line does not move for now (the place is kept). */
  paused?: { reason: "paused" | "held" | "step_full" | "sold_out" };
  pollAfterSeconds: number;
  grantExpiresAt?: string;
  reentryUntil?: string;
  /** Why the place cannot move for now (e.g. sold out), in both languages. */
  message?: string;
  messageKo?: string;
}

/** A place's text messages as the API answers them (`GET .../queue/notify`). */
export interface NotifyAnswer {
  available: boolean;
  reason?: "at_opening" | "not_offered";
  subscribed: boolean;
  /** The number left, masked: `010-****-1234`. */
  phone?: string;
}

/** The text of each `[data-v]` slot of the waiting page for a place. */
export function placeValues(place: PlaceAnswer, lang: Lang, timeZone: string, updatedAtMs: number): Record<string, string> {
  const values: Record<string, string> = { updated: formatClock(updatedAtMs, lang, timeZone) };
  if (place.position !== null) values.position = formatCount(place.position, lang);
  if (place.ahead !== null) values.ahead = formatCount(place.ahead, lang);
  if (place.estimatedWait) values.eta = formatWaitRange(place.estimatedWait, lang);
  // Far back: a time to come back instead of a wait to watch (only once the server's clock is known).
  const back = updatedAtMs > 0 ? comeBackAtMs(place.estimatedWait, updatedAtMs) : null;
  if (back !== null) values.comeBack = formatClock(back, lang, timeZone, false);
  if (place.grantExpiresAt) values.grantUntil = formatClock(place.grantExpiresAt, lang, timeZone, false);
  if (place.reentryUntil) values.reentryUntil = formatClock(place.reentryUntil, lang, timeZone, false);
  const message = lang === "ko" ? place.messageKo : place.message;
  if (message) values.message = message;
  return values;
}
