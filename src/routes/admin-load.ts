import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { adminGate } from "../http/gates";
import { valid } from "../http/validate";
import { cohortQueue } from "../queue/stub";
import { cohortParams } from "./cohorts";

/** How much of the crowd reaches a cohort's queue object: its invocations by method since it started. */
export const adminLoadRoutes = new Hono<AppEnv>().get("/cohorts/:cohortId/load", adminGate, valid("param", cohortParams), async (c) => {
  const { cohortId } = c.req.valid("param");
  c.header("Cache-Control", "no-store");
  return c.json({ cohortId, ...(await cohortQueue(c.env, cohortId).load()) });
});
