import { Hono, type Context } from "hono";
import { cohortConfigSchema, type CohortConfig } from "../domain/cohort-config";
import { listedCohorts, publishCohort } from "../queue/edge/listing";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { adminGate } from "../platform/gates";
import { changeQuery, operatorHeaders, operatorName, refusedChange } from "./operator";
import { describeIssues, valid } from "../platform/validate";
import type { ConfigChange, SaveOutcome } from "../queue/object/config-versions";
import { cohortQueue } from "../queue/edge/stub";
import { cohortParams } from "../platform/params";
import { dryRunReport } from "./dry-run";

export { cohortConfigKey } from "../queue/edge/listing";

/** A cohort config from a request body: the path's id, and every problem named by its field path (under `prefix`). */
export function parseCohortConfig(raw: unknown, id: string, prefix = ""): CohortConfig {
  const parsed = cohortConfigSchema.safeParse({ id, ...(raw as object) });
  if (!parsed.success) {
    throw new ApiError("invalid_input", {
      detail: `Invalid cohort config: ${prefix}${describeIssues(parsed.error)}`,
      details: parsed.error.issues.map((i) => ({ path: prefix + i.path.join("."), message: i.message })),
    });
  }
  if (parsed.data.id !== id) throw new ApiError("invalid_input", { detail: `${prefix}id: must match the cohort id in the path` });
  return parsed.data;
}

/** Every other listed cohort, for the overlapping-cohorts guard rail (a best-effort view: KV may lag). */
export async function otherCohorts(env: Env, exclude: ReadonlySet<string>): Promise<CohortConfig[]> {
  return (await listedCohorts(env.COHORT_CONFIG)).map((l) => l.config).filter((c) => !exclude.has(c.id));
}

/**
 * Saves a config at its cohort's queue object (the authoritative copy, which checks the guard
 * rails on its own clock and keeps the version), then copies it to the KV listing.
 */
export async function saveCohortConfig(env: Env, config: CohortConfig, change: ConfigChange): Promise<SaveOutcome> {
  const queue = cohortQueue(env, config.id);
  const outcome = await queue.saveConfig(config, change);
  if (outcome.ok && !change.dryRun) {
    const { controls } = await queue.operatorLog(0);
    await publishCohort(env.COHORT_CONFIG, config, controls);
  }
  return outcome;
}

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
  .put("/cohorts/:cohortId", adminGate, valid("param", cohortParams), valid("query", changeQuery), valid("header", operatorHeaders), async (c) => {
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
  })
  .get("/cohorts/:cohortId", adminGate, valid("param", cohortParams), async (c) => {
    const queue = cohortQueue(c.env, c.req.valid("param").cohortId);
    const [config, log] = await Promise.all([queue.getConfig(), queue.operatorLog(1)]);
    if (!config) throw new ApiError("cohort_not_found");
    return c.json({ cohort: config, version: log.versions[0]?.version ?? 0, controls: log.controls });
  });
