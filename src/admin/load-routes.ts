import { Hono } from "hono";
import type { AppEnv } from "../platform/app-env";
import { adminGate } from "../platform/gates";
import { cohortParams } from "../platform/params";
import { valid } from "../platform/validate";
import { cohortQueue } from "../queue/edge/stub";

/** How much of the crowd reaches a cohort's queue object: its invocations by method since it started. */
export const adminLoadRoutes = new Hono<AppEnv>().get("/cohorts/:cohortId/load", adminGate, valid("param", cohortParams), async (c) => {
  const { cohortId } = c.req.valid("param");
  c.header("Cache-Control", "no-store");
  return c.json({ cohortId, ...(await cohortQueue(c.env, cohortId).load()) });
});
