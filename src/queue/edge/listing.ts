import { type CohortConfig, storedCohortConfigSchema } from "../../domain/cohort-config";
import type { OperatorControls } from "../../domain/cohort-phase";
import { forgetCohortAtEdge } from "./queue-edge";

/**
 * KV holds a copy of every cohort's config for listings, with the operator switches in the key's
 * metadata so a listing needs no second read. KV is eventually consistent (a minute or more
 * between locations): this copy is for display only. Admission and eligibility are decided by the
 * cohort's queue object on its own copy.
 */
const PREFIX = "cohort:";

/** KV key of a cohort's listed config. */
export function cohortConfigKey(cohortId: string): string {
  return `${PREFIX}${cohortId}`;
}

/** The switches a listing shows; a copy of the object's, possibly stale. */
export type ListedControls = Pick<OperatorControls, "paused" | "closedEarly" | "held">;

/** Writes a cohort's config and switches to the listing. */
export async function publishCohort(kv: KVNamespace, config: CohortConfig, controls: ListedControls): Promise<void> {
  const metadata: ListedControls = { paused: controls.paused, closedEarly: controls.closedEarly, held: controls.held ?? false };
  await kv.put(cohortConfigKey(config.id), JSON.stringify(config), { metadata });
  // This isolate's copies of the cohort are out of date now; other isolates follow within their TTLs.
  forgetCohortAtEdge(config.id);
}

/** Every listed cohort with its switches, as KV has them here and now (display only). */
export async function listedCohorts(kv: KVNamespace): Promise<Array<{ config: CohortConfig; controls: ListedControls }>> {
  const keys: Array<{ name: string; metadata?: unknown }> = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown, string> = await kv.list({ prefix: PREFIX, ...(cursor ? { cursor } : {}) });
    keys.push(...page.keys);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const values = await Promise.all(keys.map((k) => kv.get(k.name, "json")));
  return values.flatMap((raw, i) => {
    const parsed = storedCohortConfigSchema.safeParse(raw);
    if (!parsed.success) return [];
    const meta = (keys[i]!.metadata ?? {}) as Partial<ListedControls>;
    return [
      { config: parsed.data, controls: { paused: meta.paused === true, closedEarly: meta.closedEarly === true, held: meta.held === true } },
    ];
  });
}
