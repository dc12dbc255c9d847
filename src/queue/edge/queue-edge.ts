import type { Context } from "hono";
import type { CohortConfig } from "../../domain/cohort-config";
import type { AppEnv } from "../../platform/app-env";
import { ApiError } from "../../platform/errors";
import type { JoinRequest } from "../object/joins";
import type { JoinOutcome, QueueProgress, StatusReport } from "../object/types";
import { EdgeMemo } from "./edge-memo";
import { BatchWaitTimeout, GroupCommit } from "./group-commit";
import { PROGRESS_CACHE_MODES, ProgressCache, type ProgressCacheMode } from "./progress-cache";
import { cohortQueue } from "./stub";

/**
 * How the edge reaches a cohort's queue object, so that the crowd does not: progress from a
 * short-lived cache, and joins and place lookups gathered per isolate into one call at a time
 * per cohort (group commit, see `GroupCommit`).
 *
 * Fairness cost of gathering joins: within an isolate, places follow arrival order exactly (batches
 * leave in order and the object places them one after another as they arrive). Across isolates, a
 * join waits at most for a batch in flight (one round trip to the object) before its own batch
 * leaves, so it can land behind joins that reached another isolate up to about two round trips
 * (tens of milliseconds) after it, never more while batches stay under `MAX_JOIN_BATCH`. Before
 * the opening it costs nothing: the pre-queue is shuffled anyway.
 */

/** The most joins (or place lookups) sent in one call. */
export const MAX_JOIN_BATCH = 256;

/** Two batches per cohort in flight from an isolate: one travels while the object works on the other. */
const BATCHING = { maxBatch: MAX_JOIN_BATCH, maxInFlight: 2 };

/** A cohort's config changes only when an operator saves it: the edge keeps it this long. */
export const CONFIG_TTL_MS = 5000;
const configs = new EdgeMemo<CohortConfig | null>(CONFIG_TTL_MS, 30_000);

/** Per isolate: each cohort's join and status lanes. Bounded like the progress cache. */
const lanes = new Map<string, CohortLanes>();
const MAX_COHORTS = 256;
let progressCache: ProgressCache | null = null;

class CohortLanes {
  readonly joins: GroupCommit<JoinRequest, JoinOutcome | null, Env>;
  readonly statuses: GroupCommit<string, StatusReport | null, Env>;

  constructor(cohortId: string) {
    this.joins = new GroupCommit(async (requests, env) => {
      const outcomes = await cohortQueue(env, cohortId).joinMany(requests);
      return outcomes ?? requests.map(() => null);
    }, BATCHING);
    this.statuses = new GroupCommit(async (identities, env) => {
      return (await cohortQueue(env, cohortId).statusMany(identities)) ?? identities.map(() => null);
    }, BATCHING);
  }
}

function lanesFor(cohortId: string): CohortLanes {
  let found = lanes.get(cohortId);
  if (!found) {
    if (lanes.size >= MAX_COHORTS) {
      const oldest = lanes.keys().next().value;
      if (oldest !== undefined) lanes.delete(oldest);
    }
    found = new CohortLanes(cohortId);
    lanes.set(cohortId, found);
  }
  return found;
}

/** The isolate's progress cache, in the mode the `PROGRESS_CACHE` setting names (default both tiers). */
export function progressCacheFor(env: Env): ProgressCache {
  const setting: string = env.PROGRESS_CACHE ?? "";
  const mode = (PROGRESS_CACHE_MODES as readonly string[]).includes(setting) ? (setting as ProgressCacheMode) : "memo+cache-api";
  if (progressCache?.mode !== mode) progressCache = new ProgressCache(mode);
  return progressCache;
}

function keepAlive(c: Context<AppEnv>): (work: Promise<unknown>) => void {
  return (work) => c.executionCtx.waitUntil(work);
}

/** Joins through this isolate's batch for the cohort; the answer's progress refreshes the cache. */
export async function joinQueue(c: Context<AppEnv>, cohortId: string, request: JoinRequest): Promise<JoinOutcome | null> {
  const outcome = await busyIfSlow(lanesFor(cohortId).joins.submit(request, c.env, keepAlive(c)));
  if (outcome?.ok) progressCacheFor(c.env).offer(cohortId, outcome.progress);
  return outcome;
}

/** A person's place through this isolate's batch of lookups for the cohort. */
export async function queueStatus(c: Context<AppEnv>, cohortId: string, identity: string): Promise<StatusReport | null> {
  const report = await busyIfSlow(lanesFor(cohortId).statuses.submit(identity, c.env, keepAlive(c)));
  if (report) progressCacheFor(c.env).offer(cohortId, report.progress);
  return report;
}

/** The cohort's progress from the edge cache. `seen`: how far admission had advanced in this client's last answer. */
export function queueProgress(c: Context<AppEnv>, cohortId: string, seen = 0): Promise<QueueProgress | null> {
  const source = {
    load: () => cohortQueue(c.env, cohortId).progress(),
    origin: new URL(c.req.url).origin,
    keepAlive: keepAlive(c),
  };
  return progressCacheFor(c.env).read(cohortId, source, seen);
}

/** A batch that did not come back in time answers 503 `unavailable`: the place is kept, and a retry is safe. */
async function busyIfSlow<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof BatchWaitTimeout) throw new ApiError("unavailable");
    throw error;
  }
}

/** The cohort's config from the edge: a few seconds old at most (null: no such cohort). */
export function cohortConfigAtEdge(c: Context<AppEnv>, cohortId: string): Promise<CohortConfig | null> {
  return configs.get(cohortId, () => cohortQueue(c.env, cohortId).getConfig());
}

/** The cohort's config and progress for its public page, from the edge (config a few seconds old at most). */
export async function cohortAtEdge(
  c: Context<AppEnv>,
  cohortId: string,
): Promise<{ config: CohortConfig; progress: QueueProgress } | null> {
  const [config, progress] = await Promise.all([cohortConfigAtEdge(c, cohortId), queueProgress(c, cohortId)]);
  return config && progress ? { config, progress } : null;
}

/**
 * Drops this isolate's copies of a cohort's config and progress. Called after an operator changes
 * them, so the isolate that served the change shows it at once; others follow within their TTLs.
 */
export function forgetCohortAtEdge(cohortId: string): void {
  configs.forget(cohortId);
  progressCache?.forget(cohortId);
}
