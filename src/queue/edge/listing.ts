import { type CohortConfig, storedCohortConfigSchema } from "../../domain/cohort-config";
import type { OperatorControls } from "../../domain/cohort-phase";
import { EdgeMemo } from "./edge-memo";
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

/**
 * Whether a cohort exists, as this isolate knows it from KV, so that a made-up cohort id reaches
 * no queue object (whose constructor would create its storage) and costs a bounded amount of
 * memory. Existence is all KV decides here; admission and eligibility stay the object's.
 *
 * Configs are never removed from KV, so a yes is kept for good (the oldest of `MAX_KNOWN` goes
 * first). A no is kept `UNLISTED_TTL_MS` in a memo of its own, so a flood of made-up ids pushes
 * out only other made-up ids, never a real cohort.
 *
 * Eventual consistency: a cohort saved at one location may be missing from KV elsewhere for about
 * 60 s, plus KV's edge cache (`cacheTtl`, 30 s) and this memo's no (30 s), so up to about two
 * minutes during which that location answers `cohort_not_found` (the isolate that saved it knows
 * at once). That is acceptable because a cohort is saved well before its pre-queue opens; an
 * operator who creates one minutes before its opening should expect it.
 */
const MAX_KNOWN = 1024;
const UNLISTED_TTL_MS = 30_000;
const MAX_UNLISTED = 4096;
const listed = new EdgeMemo<true>(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, MAX_KNOWN);
const unlisted = new EdgeMemo<boolean>(UNLISTED_TTL_MS, UNLISTED_TTL_MS, MAX_UNLISTED);

/** True when this isolate already knows the cohort exists (no KV read): for callers that cannot wait. */
export function isKnownCohort(cohortId: string): boolean {
  return listed.peek(cohortId) === true;
}

/** Whether the cohort exists: from this isolate's memo, else from KV (the answer, yes or no, is memoised). */
export async function cohortExists(kv: KVNamespace, cohortId: string): Promise<boolean> {
  if (isKnownCohort(cohortId)) return true;
  const found = await unlisted.get(cohortId, async () => {
    const raw = await kv.get(cohortConfigKey(cohortId), { type: "json", cacheTtl: 30 });
    const parsed = storedCohortConfigSchema.safeParse(raw);
    return parsed.success && parsed.data.id === cohortId;
  });
  if (found) {
    listed.set(cohortId, true);
    unlisted.forget(cohortId);
  }
  return found;
}

/** The switches a listing shows; a copy of the object's, possibly stale. */
export type ListedControls = Pick<OperatorControls, "paused" | "closedEarly" | "held">;

/** Writes a cohort's config and switches to the listing. */
export async function publishCohort(kv: KVNamespace, config: CohortConfig, controls: ListedControls): Promise<void> {
  const metadata: ListedControls = { paused: controls.paused, closedEarly: controls.closedEarly, held: controls.held ?? false };
  await kv.put(cohortConfigKey(config.id), JSON.stringify(config), { metadata });
  listed.set(config.id, true);
  unlisted.forget(config.id);
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
