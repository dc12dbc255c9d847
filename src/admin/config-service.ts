// Saving a cohort config: parsed from a request, saved at the cohort's object (which checks the
// guard rails on its own clock), then copied to the KV listing. Shared by the config, schedule and
// rollback routes.
import { type CohortConfig, cohortConfigSchema } from "../domain/cohort-config";
import { ApiError } from "../platform/errors";
import { describeIssues } from "../platform/validate";
import { listedCohorts, publishCohort } from "../queue/edge/listing";
import type { ConfigChange, SaveOutcome } from "../queue/object/config-versions";
import { cohortQueue } from "../queue/stubs";

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
