import { Hono } from "hono";
import { z } from "zod";
import { cohortConfigSchema } from "../config/cohort";
import type { AppEnv } from "../http/app-env";
import { ApiError } from "../http/errors";
import { adminGate } from "../http/gates";
import { describeIssues, valid } from "../http/validate";
import { cohortQueue } from "../queue/stub";
import { cohortParams } from "./cohorts";

/** KV key of a cohort's saved config. */
export function cohortConfigKey(cohortId: string): string {
  return `cohort:${cohortId}`;
}

/** Operator API for cohort configs: every route behind the admin token. Supply is in `admin-supply.ts`. */
export const adminRoutes = new Hono<AppEnv>()
  .put("/cohorts/:cohortId", adminGate, valid("param", cohortParams), async (c) => {
    const { cohortId } = c.req.valid("param");
    const raw = await c.req.json().catch(() => {
      throw new ApiError("invalid_input", { detail: "The body must be JSON." });
    });
    const parsed = cohortConfigSchema.safeParse({ id: cohortId, ...(raw as object) });
    if (!parsed.success) {
      throw new ApiError("invalid_input", {
        detail: `Invalid cohort config: ${describeIssues(parsed.error)}`,
        details: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      });
    }
    if (parsed.data.id !== cohortId) throw new ApiError("invalid_input", { detail: "id: must match the cohort id in the path" });
    const config = parsed.data;
    // The queue object's copy is authoritative; KV feeds listings that tolerate staleness.
    await cohortQueue(c.env, cohortId).configure(config);
    await c.env.COHORT_CONFIG.put(cohortConfigKey(cohortId), JSON.stringify(config));
    return c.json({ cohort: config });
  })
  .get("/cohorts/:cohortId", adminGate, valid("param", cohortParams), async (c) => {
    const config = await cohortQueue(c.env, c.req.valid("param").cohortId).getConfig();
    if (!config) throw new ApiError("cohort_not_found");
    return c.json({ cohort: config });
  });
