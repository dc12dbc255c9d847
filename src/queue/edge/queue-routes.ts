import { Hono } from "hono";
import { z } from "zod";
import { signToken } from "../../crypto/tokens";
import { clientAddressKey } from "../../domain/client-address";
import type { AppEnv } from "../../platform/app-env";
import { ApiError } from "../../platform/errors";
import { claimsOf, publicGate, ticketGate } from "../../platform/gates";
import { cohortParams } from "../../platform/params";
import { personFrom } from "../../platform/person";
import { holderOf, issueTicket } from "../../platform/tickets";
import { verifyTurnstile } from "../../platform/turnstile";
import { valid } from "../../platform/validate";
import type { EntryView, QueueProgress } from "../object/types";
import { heldPlace } from "./held-ticket";
import { knownCohort } from "./known-cohort";
import { joinQueue, queueProgress, queueStatus } from "./queue-edge";
import { refusalError } from "./refusal-counts";
import { rememberSeen, seenAdmittedThrough } from "./seen-cookie";
import { isStillInPrequeue, isStillWaiting, queueView } from "./view";

const joinBody = z.object({ nationalId: z.string().min(1).max(20), turnstileToken: z.string().min(1).max(4096).optional() }).strict();

/** Joining the waiting room and polling one's place. */
export const queueRoutes = new Hono<AppEnv>()
  .post("/:cohortId/queue", publicGate, valid("param", cohortParams), knownCohort, valid("json", joinBody), async (c) => {
    const { cohortId } = c.req.valid("param");
    const { success } = await c.env.JOIN_RATE_LIMITER.limit({ key: `join:${clientAddressKey(c.req.header("CF-Connecting-IP"))}` });
    if (!success) throw new ApiError("rate_limited");

    const body = c.req.valid("json");
    const person = await personFrom(body.nationalId, c.var.secrets.idHashKey);
    const held = await heldPlace(c, cohortId, person.identity);
    if (held) {
      const state = held.claims.pos === null ? "prequeue" : "waiting";
      return c.json({
        ticket: held.ticket,
        holder: holderOf(person.identity),
        ...queueView(state, held.claims.pos, held.progress, Math.random()),
      });
    }
    const human = body.turnstileToken
      ? await verifyTurnstile({
          secret: c.env.TURNSTILE_SECRET_KEY,
          token: body.turnstileToken,
          remoteIp: c.req.header("CF-Connecting-IP"),
          hostname: new URL(c.req.url).hostname,
        })
      : { ok: false };
    // Gathered with other joins reaching this isolate into one call to the queue object.
    const outcome = await joinQueue(c, cohortId, { identity: person.identity, birthDate: person.birthDate, humanVerified: human.ok });
    if (!outcome) throw new ApiError("cohort_not_found");
    if (!outcome.ok) throw refusalError(outcome);

    const ticket = await issueTicket(c, cohortId, person.identity, outcome.entry.position, outcome.progress);
    // `holder` names this person's ticket cookie when one device holds several people's places.
    return c.json({
      ticket,
      holder: holderOf(person.identity),
      ...(await placeAnswer(c.var.secrets, cohortId, person.identity, outcome.entry, outcome.progress)),
    });
  })
  .get("/:cohortId/queue", valid("param", cohortParams), ticketGate, async (c) => {
    const { cohortId } = c.req.valid("param");
    const ticket = claimsOf(c, "ticket");
    c.header("Cache-Control", "no-store");

    // The ticket carries the signed place, so a person still behind (or still in the pre-queue)
    // needs only the progress, which the edge caches: the crowd's polls never reach the object.
    const seen = seenAdmittedThrough(c, cohortId);
    const progress = await queueProgress(c, cohortId, seen);
    if (!progress) throw new ApiError("cohort_not_found");
    if (isStillWaiting(ticket.pos, progress)) {
      rememberSeen(c, cohortId, progress, seen);
      return c.json(queueView("waiting", ticket.pos, progress, Math.random()));
    }
    if (isStillInPrequeue(ticket, progress)) return c.json(queueView("prequeue", null, progress, Math.random()));

    // Near the front, admitted, or just drawn: the object decides, asked in a batch per isolate.
    const report = await queueStatus(c, cohortId, ticket.sub);
    if (!report?.entry) throw new ApiError("unauthorized");
    const answer = await placeAnswer(c.var.secrets, cohortId, ticket.sub, report.entry, report.progress);
    if (report.entry.position !== null && report.entry.position !== ticket.pos) {
      // The pre-queue was shuffled into positions: hand out a ticket that carries the new place.
      // (A place given up by a cancel has none: the old ticket is kept, and joining again asks the object.)
      const renewed = await issueTicket(c, cohortId, ticket.sub, report.entry.position, report.progress);
      return c.json({ ...answer, ticket: renewed });
    }
    return c.json(answer);
  });

/** The queue answer for a place; an admitted person also gets their signed grant. */
async function placeAnswer(
  secrets: AppEnv["Variables"]["secrets"],
  cohortId: string,
  identity: string,
  entry: EntryView,
  progress: QueueProgress,
) {
  const view = {
    ...queueView(entry.state, entry.position, progress, Math.random()),
    ...(entry.reentryUntilMs === null ? {} : { reentryUntil: new Date(entry.reentryUntilMs).toISOString() }),
  };
  if (!entry.grant) return view;
  const grant = await signToken<"grant">(secrets.signingKeys, {
    use: "grant",
    coh: cohortId,
    sub: identity,
    jti: entry.grant.id,
    iat: Math.floor(entry.grant.issuedAtMs / 1000),
    exp: Math.floor(entry.grant.expiresAtMs / 1000),
  });
  return { ...view, grant, grantExpiresAt: new Date(entry.grant.expiresAtMs).toISOString() };
}
