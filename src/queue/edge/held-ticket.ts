import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { type TicketClaims, verifyToken } from "../../crypto/tokens";
import type { AppEnv } from "../../platform/app-env";
import { holderOf, ticketCookieName } from "../../platform/tickets";
import type { QueueProgress } from "../object/types";
import { queueProgress } from "./queue-edge";
import { seenAdmittedThrough } from "./seen-cookie";
import { isStillInPrequeue, isStillWaiting } from "./view";

/**
 * The place of someone joining again from a device that already holds their ticket (a reload, a
 * tab opened later), when it needs nothing from the queue object: the ticket is genuine, for this
 * cohort and this very person, and they are still behind admission or still in the pre-queue.
 * Answered at the edge like a poll, so reloads do not reach the object. Anything else (admitted,
 * expired and re-entering, just drawn, no ticket) returns null and goes to the object as a join.
 */
export async function heldPlace(
  c: Context<AppEnv>,
  cohortId: string,
  identity: string,
): Promise<{ ticket: string; claims: TicketClaims; progress: QueueProgress } | null> {
  const ticket = getCookie(c, ticketCookieName(cohortId, holderOf(identity)));
  if (!ticket) return null;
  const verified = await verifyToken(c.var.secrets.signingKeys, ticket, "ticket", Date.now());
  if (!verified.ok || verified.claims.coh !== cohortId || verified.claims.sub !== identity) return null;
  const progress = await queueProgress(c, cohortId, seenAdmittedThrough(c, cohortId));
  if (!progress) return null;
  const claims = verified.claims;
  return isStillWaiting(claims.pos, progress) || isStillInPrequeue(claims, progress) ? { ticket, claims, progress } : null;
}
