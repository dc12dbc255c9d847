import { type Context, Hono } from "hono";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { adminGate } from "../platform/gates";
import { cohortParams } from "../platform/params";
import { valid } from "../platform/validate";
import { listedCohorts } from "../queue/edge/listing";
import type { ConfigChange } from "../queue/object/config-versions";
import { cohortQueue } from "../queue/stubs";
import { otherCohorts, parseCohortConfig, saveCohortConfig } from "./config-service";
import { dryRunReport } from "./dry-run";
import { changeQuery, operatorHeaders, operatorName, refusedChange } from "./operator";

/** The request body as JSON, or a clear refusal. */
async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new ApiError("invalid_input", { detail: "The body must be JSON." });
  });
}

/** Operator API for cohort configs: every route behind the admin token. Supply is in `admin-supply.ts`. */
export const adminRoutes = new Hono<AppEnv>()
  .get("/cohorts", adminGate, async (c) => {
    const listed = await listedCohorts(c.env.COHORT_CONFIG);
    return c.json({ cohorts: listed.map(({ config, controls }) => ({ id: config.id, name: config.name, controls })) });
  })
  .put(
    "/cohorts/:cohortId",
    adminGate,
    valid("param", cohortParams),
    valid("query", changeQuery),
    valid("header", operatorHeaders),
    async (c) => {
      const { cohortId } = c.req.valid("param");
      const query = c.req.valid("query");
      const config = parseCohortConfig(await jsonBody(c), cohortId);
      const change: ConfigChange = {
        operator: operatorName(c),
        ...(query.reason ? { reason: query.reason } : {}),
        force: query.force ?? false,
        dryRun: query.dryRun ?? false,
        ...(query.expectedVersion === undefined ? {} : { expectedVersion: query.expectedVersion }),
        others: await otherCohorts(c.env, new Set([cohortId])),
      };
      const outcome = await saveCohortConfig(c.env, config, change);
      if (query.dryRun) {
        const report = dryRunReport(config, { population: query.population ?? config.population ?? null, nowMs: Date.now() });
        return c.json({ dryRun: true, saved: false, accepted: outcome.ok, ...outcome, report });
      }
      if (!outcome.ok) throw refusedChange(outcome);
      return c.json({ cohort: config, version: outcome.version, changes: outcome.changes, forced: outcome.violations });
    },
  )
  .get("/cohorts/:cohortId", adminGate, valid("param", cohortParams), async (c) => {
    const queue = cohortQueue(c.env, c.req.valid("param").cohortId);
    const [config, log] = await Promise.all([queue.getConfig(), queue.operatorLog(1)]);
    if (!config) throw new ApiError("cohort_not_found");
    return c.json({ cohort: config, version: log.versions[0]?.version ?? 0, controls: log.controls });
  });
