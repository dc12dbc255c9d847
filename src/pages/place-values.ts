// The figures of a place in the queue, as shown on the waiting page. Shared by the no-JavaScript
// page (rendered on the server) and the browser script, so both show exactly the same thing.
import { formatClock, formatCount, formatWait } from "../copy/format";
import type { Lang } from "../copy/lang";

/** A place as the queue API answers it (the fields the pages use). */
export interface PlaceAnswer {
  state: "prequeue" | "waiting" | "admitted" | "booked" | "expired" | "closed" | "cancelled" | "sold_out";
  position: number | null;
  ahead: number | null;
  estimatedWaitSeconds: number | null;
  pollAfterSeconds: number;
  grantExpiresAt?: string;
  reentryUntil?: string;
  /** Why the place cannot move for now (e.g. sold out), in both languages. */
  message?: string;
  messageKo?: string;
}

/** The text of each `[data-v]` slot of the waiting page for a place. */
export function placeValues(place: PlaceAnswer, lang: Lang, timeZone: string, updatedAtMs: number): Record<string, string> {
  const values: Record<string, string> = { updated: formatClock(updatedAtMs, lang, timeZone) };
  if (place.position !== null) values.position = formatCount(place.position, lang);
  if (place.ahead !== null) values.ahead = formatCount(place.ahead, lang);
  if (place.estimatedWaitSeconds !== null) values.eta = formatWait(place.estimatedWaitSeconds, lang);
  if (place.grantExpiresAt) values.grantUntil = formatClock(place.grantExpiresAt, lang, timeZone, false);
  if (place.reentryUntil) values.reentryUntil = formatClock(place.reentryUntil, lang, timeZone, false);
  const message = lang === "ko" ? place.messageKo : place.message;
  if (message) values.message = message;
  return values;
}

/**
 * How far along the wait is, 0-100: the share of the people who were ahead at the start who have
 * gone in since. Without a start (no JavaScript memory), the share of the line before this place.
 */
export function progressPercent(position: number, ahead: number, startAhead?: number): number {
  const start = startAhead !== undefined && startAhead >= ahead ? startAhead : position - 1;
  if (start <= 0) return 100;
  return Math.round(((start - ahead) / start) * 100);
}
