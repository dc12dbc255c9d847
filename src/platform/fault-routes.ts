import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env";
import { ApiError } from "./errors";
import { faultSwitchPresent, setBookingFaults } from "./faults";
import { adminGate } from "./gates";
import { valid } from "./validate";

const faultsBody = z.object({ delayMs: z.number().int().min(0).max(60_000).default(0), failing: z.boolean().default(false) }).strict();

/**
 * The booking path's fault switch over HTTP, for the rehearsal (which drives a running service).
 * Answers 404 wherever `LOCAL_FAULTS` is not "on", which is everywhere but a test or rehearsal;
 * operators only even then. Sets this isolate's faults.
 */
export const faultRoutes = new Hono<AppEnv>().put("/test-faults", adminGate, valid("json", faultsBody), async (c) => {
  if (!faultSwitchPresent(c.env)) throw new ApiError("not_found");
  const faults = c.req.valid("json");
  setBookingFaults(faults);
  return c.json({ faults });
});
