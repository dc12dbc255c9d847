import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { adminGate } from "../platform/gates";
import { cohortParams } from "../platform/params";
import { valid } from "../platform/validate";
import { cohortQueue } from "../queue/stubs";
import { otherCohorts, saveCohortConfig } from "./config-service";
import { changeQuery, operatorHeaders, operatorName, refusedChange } from "./operator";

const versionParams = cohortParams.extend({ version: z.coerce.number().int().min(1) });
const rollbackQuery = changeQuery.pipe(z.object({ force: z.boolean().optional(), reason: z.string().optional() }));

/**
 * Saved config versions of a cohort (who, when, what changed) and rolling back to one. A rollback
 * saves the old config as a new version, through the same guard rails as any change.
 */
export const adminHistoryRoutes = new Hono<AppEnv>()
  .get(
    "/cohorts/:cohortId/versions",
    adminGate,
    valid("param", cohortParams),
    valid("query", z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) })),
    async (c) => {
      const log = await cohortQueue(c.env, c.req.valid("param").cohortId).operatorLog(c.req.valid("query").limit);
      return c.json({ versions: log.versions });
    },
  )
  .get("/cohorts/:cohortId/versions/:version", adminGate, valid("param", versionParams), async (c) => {
    const { cohortId, version } = c.req.valid("param");
    const found = await cohortQueue(c.env, cohortId).configVersion(version);
    if (!found) throw new ApiError("not_found", { detail: `Cohort ${cohortId} has no version ${version}.` });
    return c.json(found);
  })
  .post(
    "/cohorts/:cohortId/versions/:version/rollback",
    adminGate,
    valid("param", versionParams),
    valid("query", rollbackQuery),
    valid("header", operatorHeaders),
    async (c) => {
      const { cohortId, version } = c.req.valid("param");
      const query = c.req.valid("query");
      const target = await cohortQueue(c.env, cohortId).configVersion(version);
      if (!target) throw new ApiError("not_found", { detail: `Cohort ${cohortId} has no version ${version}.` });
      const outcome = await saveCohortConfig(c.env, target.config, {
        operator: operatorName(c),
        reason: query.reason ?? `rollback to version ${version}`,
        force: query.force ?? false,
        rollbackOf: version,
        others: await otherCohorts(c.env, new Set([cohortId])),
      });
      if (!outcome.ok) throw refusedChange(outcome);
      return c.json({ cohort: target.config, version: outcome.version, rollbackOf: version, changes: outcome.changes });
    },
  );
