import { Hono } from "hono";
import type { AppEnv } from "../platform/app-env";
import { adminGate } from "../platform/gates";
import { cohortParams } from "../platform/params";
import { valid } from "../platform/validate";
import { cohortQueue, intakeShard } from "../queue/stubs";

/**
 * How much of the crowd reaches a cohort's queue: the invocations of its object by method since it
 * started, and those of each of its intake shards (`shards`, in shard order).
 */
export const adminLoadRoutes = new Hono<AppEnv>().get("/cohorts/:cohortId/load", adminGate, valid("param", cohortParams), async (c) => {
  const { cohortId } = c.req.valid("param");
  c.header("Cache-Control", "no-store");
  const queue = cohortQueue(c.env, cohortId);
  const [load, config] = await Promise.all([queue.load(), queue.getConfig()]);
  const count = config?.intake.shards ?? 0;
  const shards = await Promise.all(Array.from({ length: count }, (_, shard) => intakeShard(c.env, { cohortId, shard }).load()));
  return c.json({ cohortId, ...load, shards });
});
