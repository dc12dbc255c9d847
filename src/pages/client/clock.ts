// The server's clock, as the page knows it. The API's `now` (plus any time an edge cache held the
// answer, plus half the round trip) anchors it; `performance.now()`, a monotonic timer, carries it
// forward. The device's wall clock is never read, so setting it forward changes nothing.
import { call } from "./api";

/** What the cohort API answers (the fields the pages use). */
export interface CohortAnswer {
  status: "upcoming" | "prequeue" | "open" | "paused" | "closed";
  opensAt: string | null;
  closesAt: string | null;
  /** Supply exists and no seat is left for now (the queue object's answer). */
  soldOut?: boolean;
  now: string;
}

let anchor: { serverMs: number; monotonicMs: number } | null = null;

/** Reads the cohort's status and sets the server clock from its `now`; null when unreachable. */
export async function syncClock(cohortId: string): Promise<CohortAnswer | null> {
  const sentAt = performance.now();
  const answer = await call("GET", `/api/v1/cohorts/${cohortId}`);
  const receivedAt = performance.now();
  if (answer.status !== 200 || !answer.body?.now) return null;
  const serverMs = Date.parse(answer.body.now) + answer.age * 1000 + (receivedAt - sentAt) / 2;
  anchor = { serverMs, monotonicMs: receivedAt };
  return answer.body as CohortAnswer;
}

/** The server's time now, or null before the first sync. */
export function serverNow(): number | null {
  return anchor ? anchor.serverMs + (performance.now() - anchor.monotonicMs) : null;
}
