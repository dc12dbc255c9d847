import { type CohortConfig, storedCohortConfigSchema } from "../domain/cohort-config";
import { cohortConfigKey, type ListedControls, listedCohorts } from "../queue/edge/listing";

/** A cohort as the pages show it: its config and the operator's switches, as KV lists them. */
export interface ListedCohort {
  config: CohortConfig;
  controls: ListedControls;
}

/**
 * A cohort's config as the operator saved it, read from KV (cached at the edge for 30 s). Pages
 * only display it; every decision is the queue object's, on its own copy and the server clock.
 */
export async function loadCohort(env: Env, cohortId: string): Promise<ListedCohort | null> {
  const { value, metadata } = await env.COHORT_CONFIG.getWithMetadata<unknown, Partial<ListedControls>>(cohortConfigKey(cohortId), {
    type: "json",
    cacheTtl: 30,
  });
  const parsed = storedCohortConfigSchema.safeParse(value);
  if (!parsed.success || parsed.data.id !== cohortId) return null;
  return {
    config: parsed.data,
    controls: { paused: metadata?.paused === true, closedEarly: metadata?.closedEarly === true, held: metadata?.held === true },
  };
}

/** Every listed cohort, ordered by first opening. */
export async function listCohorts(env: Env): Promise<ListedCohort[]> {
  const firstOpening = (c: CohortConfig) => Math.min(...c.windows.map((w) => Date.parse(w.opensAt)));
  return (await listedCohorts(env.COHORT_CONFIG)).sort((a, b) => firstOpening(a.config) - firstOpening(b.config));
}
