import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import { signToken, type TicketClaims } from "../crypto/tokens";
import type { AppEnv } from "./app-env";

/** A ticket stays valid until a day after the cohort's last window closes. */
const TICKET_GRACE_SECONDS = 24 * 3600;

/** Names a person's ticket among several on one device, without naming the person. */
const HOLDER = /^[A-Za-z0-9_-]{12}$/;

/**
 * The holder handle of a place: the start of the identity key (itself a keyed hash, and already
 * inside the ticket). One device may hold several people's places (a family booking for elderly
 * parents), each in its own cookie under its own handle, so a second join never overwrites the first.
 */
export function holderOf(identity: string): string {
  return identity.slice(0, 12);
}

/** Name of the cookie that carries one person's ticket for a cohort. */
export function ticketCookieName(cohortId: string, holder: string): string {
  return `ticket_${cohortId}_${holder}`;
}

/**
 * The ticket to use from a device's cookies: the holder's when the request names one
 * (`?holder=`), else the only ticket for this cohort on the device. Several tickets and no
 * holder named is ambiguous, and answers nothing.
 */
export function ticketFromCookies(cookies: Record<string, string>, cohortId: string, holder: string | undefined): string | undefined {
  if (holder !== undefined) return HOLDER.test(holder) ? cookies[ticketCookieName(cohortId, holder)] : undefined;
  const prefix = `ticket_${cohortId}_`;
  const tickets = Object.entries(cookies).filter(([name]) => name.startsWith(prefix) && HOLDER.test(name.slice(prefix.length)));
  return tickets.length === 1 ? tickets[0]![1] : undefined;
}

/** Signs a ticket for a place and sets it as an HttpOnly cookie scoped to the cohort's API and to this person. */
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
  setCookie(c, ticketCookieName(cohortId, holderOf(identity)), ticket, {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: `/api/v1/cohorts/${cohortId}`,
    expires: new Date(claims.exp * 1000),
  });
  return ticket;
}
