import { Hono } from "hono";
import { z } from "zod";
import { listAgentActions } from "../bookings/d1/agent-audit";
import { bookingDb } from "../bookings/d1/db";
import { listBookingsByStatus } from "../bookings/d1/listings";
import { loadSupply } from "../bookings/d1/supply-store";
import { forgetStanding } from "../bookings/receipt-standing";
import { cohortIdSchema } from "../domain/cohort-config";
import { supplyLoadSchema } from "../domain/supply-config";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { adminGate } from "../platform/gates";
import { valid } from "../platform/validate";

const bookingsQuery = z
  .object({
    status: z.enum(["active", "cancelled", "needs_reschedule"]).default("needs_reschedule"),
    cohortId: cohortIdSchema.optional(),
    afterUpdatedAt: z.iso.datetime().optional(),
    afterId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict()
  .refine((q) => (q.afterUpdatedAt === undefined) === (q.afterId === undefined), {
    message: "give afterUpdatedAt and afterId together",
    path: ["afterId"],
  });

const agentActionsQuery = z
  .object({
    agentId: z.string().min(1).max(64).optional(),
    before: z.iso.datetime().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** Operator API for supply, the bookings a supply cut moved, and the call-centre audit trail. */
export const adminSupplyRoutes = new Hono<AppEnv>()
  .put("/supply", adminGate, valid("json", supplyLoadSchema), async (c) => {
    const outcome = await loadSupply(bookingDb(c.env.DB), c.req.valid("json"), new Date().toISOString());
    if (outcome.kind === "invalid") {
      const [first] = outcome.issues;
      throw new ApiError("invalid_input", {
        detail: `Invalid supply: ${first!.path}: ${first!.message}. Nothing was loaded.`,
        details: outcome.issues.slice(0, 100),
      });
    }
    if (outcome.kind === "busy")
      throw new ApiError("unavailable", {
        detail: "Bookings kept arriving on these slots while the change was planned; nothing was loaded. Please retry.",
      });
    // Receipts of the bookings a cut moved no longer stand: this location learns at once, others within the TTL.
    await forgetStanding(new URL(c.req.url).origin, outcome.movedToReschedule);
    const { kind: _, ...summary } = outcome;
    return c.json(summary);
  })
  .get("/bookings", adminGate, valid("query", bookingsQuery), async (c) => {
    const query = c.req.valid("query");
    const after = query.afterUpdatedAt && query.afterId ? { updatedAt: query.afterUpdatedAt, id: query.afterId } : undefined;
    const found = await listBookingsByStatus(bookingDb(c.env.DB), {
      status: query.status,
      cohortId: query.cohortId,
      after,
      limit: query.limit,
    });
    const last = found.at(-1);
    return c.json({
      bookings: found,
      next: found.length === query.limit && last ? { afterUpdatedAt: last.updatedAt, afterId: last.id } : null,
    });
  })
  .get("/agent-actions", adminGate, valid("query", agentActionsQuery), async (c) => {
    return c.json({ actions: await listAgentActions(bookingDb(c.env.DB), c.req.valid("query")) });
  });
