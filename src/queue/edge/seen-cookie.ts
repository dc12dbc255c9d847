import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../../platform/app-env";
import type { QueueProgress } from "../object/types";

function cookieName(cohortId: string): string {
  return `seen_${cohortId}`;
}

/**
 * How far admission had advanced in the last answer this client got (0 when unknown). A hint that
 * can only make the edge ask the queue object again, never change what it answers, so it is not
 * signed: a client that lies about it just gets the truth a little more often, within the limit
 * on forced refreshes.
 */
export function seenAdmittedThrough(c: Context<AppEnv>, cohortId: string): number {
  const raw = getCookie(c, cookieName(cohortId));
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}

/** Remembers in the client how far admission had advanced in this answer, when that moved on. */
export function rememberSeen(c: Context<AppEnv>, cohortId: string, progress: QueueProgress, seen: number): void {
  if (progress.admittedThrough <= seen) return;
  setCookie(c, cookieName(cohortId), String(progress.admittedThrough), {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: `/api/v1/cohorts/${cohortId}`,
  });
}
