import { cohortConfigSchema, type CohortConfig } from "../config/cohort";
import { cohortConfigKey } from "../routes/admin";

/**
 * A cohort's config as the operator saved it, read from KV (cached at the edge for 30 s). Pages
 * only display it; every decision is the queue object's, on its own copy and the server clock.
 */
export async function loadCohortConfig(env: Env, cohortId: string): Promise<CohortConfig | null> {
  const raw = await env.COHORT_CONFIG.get(cohortConfigKey(cohortId), { type: "json", cacheTtl: 30 });
  const parsed = cohortConfigSchema.safeParse(raw);
  return parsed.success && parsed.data.id === cohortId ? parsed.data : null;
}

/** Every saved cohort config, ordered by first opening. */
export async function listCohortConfigs(env: Env): Promise<CohortConfig[]> {
  const listed = await env.COHORT_CONFIG.list({ prefix: cohortConfigKey("") });
  const raws = await Promise.all(listed.keys.map((k) => env.COHORT_CONFIG.get(k.name, { type: "json", cacheTtl: 30 })));
  const firstOpening = (c: CohortConfig) => Math.min(...c.windows.map((w) => Date.parse(w.opensAt)));
  return raws
    .map((raw) => cohortConfigSchema.safeParse(raw))
    .flatMap((r) => (r.success ? [r.data] : []))
    .sort((a, b) => firstOpening(a) - firstOpening(b));
}
