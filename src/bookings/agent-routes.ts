import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { agentGate } from "../platform/gates";
import { cohortParams } from "../platform/params";
import { personFrom } from "../platform/person";
import { valid } from "../platform/validate";
import { refusalError } from "../queue/edge/refusal-counts";
import { cohortQueue } from "../queue/stubs";
import {
  bookAndAnswer,
  bookingOfHolder,
  bookingView,
  cancelAndShow,
  findBody,
  nationalIdField,
  rescheduleAndAnswer,
  seatsFields,
} from "./answers";
import { type AgentActionStart, finishAgentAction, startAgentAction } from "./d1/agent-audit";
import { bookingByCode, bookingDb, findBooking, liveBooking } from "./d1/store";

const bookBody = z
  .object({
    nationalId: nationalIdField,
    name: z.string().trim().min(1).max(100),
    ...seatsFields,
    /** The agent's id for this request: retrying with the same one returns the same booking. */
    requestId: z.uuid(),
  })
  .strict();
const holderBody = z.object({ nationalId: nationalIdField }).strict();
const rescheduleBody = z.object({ nationalId: nationalIdField, ...seatsFields }).strict();
const bookingParams = z.object({ bookingId: z.uuid() });

/** Identity and booking an audited action learns as it runs, recorded with its outcome. */
type AuditNotes = { identityKey?: string; bookingId?: string };

/**
 * Runs an agent action with its audit row: opened before it runs, closed with `ok` or the error
 * code it ended with. The person appears only as their identity key, never their number.
 */
async function audited<T>(
  c: Context<AppEnv>,
  start: Omit<AgentActionStart, "agentId" | "at">,
  run: (notes: AuditNotes) => Promise<T>,
): Promise<T> {
  const db = bookingDb(c.env.DB);
  const auditId = await startAgentAction(db, { ...start, agentId: c.var.agentId, at: new Date().toISOString() });
  const notes: AuditNotes = {};
  try {
    const result = await run(notes);
    await finishAgentAction(db, auditId, { outcome: "ok", ...notes });
    return result;
  } catch (error) {
    await finishAgentAction(db, auditId, { outcome: error instanceof ApiError ? error.code : "internal", ...notes });
    throw error;
  }
}

/**
 * Call-centre agents book on behalf of citizens (who may be booking for a parent: each person
 * with their own number). Agents skip the waiting room, never the rules: eligibility on the
 * server clock and the cohort's own config, capacity, one live booking per person.
 */
export const agentRoutes = new Hono<AppEnv>()
  .post("/cohorts/:cohortId/bookings", agentGate, valid("param", cohortParams), valid("json", bookBody), async (c) => {
    const { cohortId } = c.req.valid("param");
    const { nationalId, requestId, ...asked } = c.req.valid("json");
    const answer = await audited(c, { action: "book", cohortId }, async (notes) => {
      const person = await personFrom(nationalId, c.var.secrets.idHashKey);
      notes.identityKey = person.identity;
      const authorization = await cohortQueue(c.env, cohortId).authorizeAgentBooking(person.birthDate);
      if (!authorization) throw new ApiError("cohort_not_found");
      if (!authorization.ok) throw refusalError(authorization);
      const answer = await bookAndAnswer(c.env, c.var.secrets.receiptKeys, {
        ...asked,
        cohortId,
        identityKey: person.identity,
        grantId: `agent:${c.var.agentId}:${requestId}`,
        channel: "agent",
        agentId: c.var.agentId,
        vaccines: authorization.vaccines,
      });
      notes.bookingId = answer.bookingId;
      return answer;
    });
    return c.json(answer.body, answer.status);
  })
  .post("/cohorts/:cohortId/bookings/lookup", agentGate, valid("param", cohortParams), valid("json", holderBody), async (c) => {
    const { cohortId } = c.req.valid("param");
    const { nationalId } = c.req.valid("json");
    const booking = await audited(c, { action: "lookup", cohortId }, async (notes) => {
      const person = await personFrom(nationalId, c.var.secrets.idHashKey);
      notes.identityKey = person.identity;
      const live = await liveBooking(bookingDb(c.env.DB), cohortId, person.identity);
      if (!live) throw new ApiError("booking_not_found");
      notes.bookingId = live.id;
      return (await findBooking(bookingDb(c.env.DB), live.id))!;
    });
    return c.json({ booking: bookingView(booking) });
  })
  .post("/find-booking", agentGate, valid("json", findBody), async (c) => {
    const { code, nationalId } = c.req.valid("json");
    const booking = await audited(c, { action: "find" }, async (notes) => {
      const person = await personFrom(nationalId, c.var.secrets.idHashKey);
      notes.identityKey = person.identity;
      const found = await bookingByCode(bookingDb(c.env.DB), code);
      const booking = found ? await findBooking(bookingDb(c.env.DB), found.id) : null;
      // As on the web: a code nobody has and a number that is not the holder's are one answer.
      if (!booking || booking.identityKey !== person.identity) throw new ApiError("booking_code_mismatch");
      notes.bookingId = booking.id;
      return booking;
    });
    return c.json({ booking: bookingView(booking) });
  })
  .post("/bookings/:bookingId/cancel", agentGate, valid("param", bookingParams), valid("json", holderBody), async (c) => {
    const { bookingId } = c.req.valid("param");
    const booking = await audited(c, { action: "cancel", bookingId }, async (notes) => {
      const held = await bookingOfHolder(c.env, c.var.secrets.idHashKey, { bookingId, ...c.req.valid("json") });
      notes.identityKey = held.identityKey;
      return cancelAndShow(c.env, new URL(c.req.url).origin, bookingId);
    });
    return c.json(booking);
  })
  .post("/bookings/:bookingId/reschedule", agentGate, valid("param", bookingParams), valid("json", rescheduleBody), async (c) => {
    const { bookingId } = c.req.valid("param");
    const body = c.req.valid("json");
    const answer = await audited(c, { action: "reschedule", bookingId }, async (notes) => {
      const held = await bookingOfHolder(c.env, c.var.secrets.idHashKey, { bookingId, nationalId: body.nationalId });
      notes.identityKey = held.identityKey;
      return rescheduleAndAnswer(c.env, new URL(c.req.url).origin, c.var.secrets.receiptKeys, held, body);
    });
    return c.json(answer);
  });
