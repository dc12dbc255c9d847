import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import { signToken, type TicketClaims } from "../security/tokens";
import type { AppEnv } from "./app-env";

/** A ticket stays valid until a day after the cohort's last window closes. */
const TICKET_GRACE_SECONDS = 24 * 3600;

/** Name of the cookie that carries a cohort's ticket. */
export function ticketCookieName(cohortId: string): string {
  return `ticket_${cohortId}`;
}

/** Signs a ticket for a place and sets it as an HttpOnly cookie scoped to the cohort's API. */
export async function issueTicket(
  c: Context<AppEnv>,
  cohortId: string,
  identity: string,
  position: number | null,
  progress: { nowMs: number; lastClosesAtMs: number },
): Promise<string> {
  const claims: TicketClaims = {
    use: "ticket",
    coh: cohortId,
    sub: identity,
    pos: position,
    iat: Math.floor(progress.nowMs / 1000),
    exp: Math.floor(progress.lastClosesAtMs / 1000) + TICKET_GRACE_SECONDS,
  };
  const ticket = await signToken<"ticket">(c.var.secrets.signingKeys, claims);
  setCookie(c, ticketCookieName(cohortId), ticket, {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: `/api/v1/cohorts/${cohortId}`,
    expires: new Date(claims.exp * 1000),
  });
  return ticket;
}
