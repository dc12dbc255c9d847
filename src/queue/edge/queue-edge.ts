import type { Context } from "hono";
import type { CohortConfig } from "../../domain/cohort-config";
import { shardOf } from "../../domain/intake";
import type { AppEnv } from "../../platform/app-env";
import { ApiError } from "../../platform/errors";
import type { EntryView, JoinOutcome, QueueProgress, StatusReport } from "../object/types";
import type { ShardJoinOutcome } from "../shard/intake-shard";
import type { JoinRequest } from "../shard/joins";
import { cohortQueue, intakeShard } from "../stubs";
import { EdgeMemo } from "./edge-memo";
import { BatchWaitTimeout, GroupCommit } from "./group-commit";
import { LocationCopy } from "./location-copy";
import { PROGRESS_CACHE_MODES, ProgressCache, type ProgressCacheMode } from "./progress-cache";

/**
 * How the edge reaches a cohort's queue, so that the crowd does not reach its object: progress from
 * a short-lived cache, and joins and place lookups gathered per isolate into one call at a time per
 * intake shard (group commit, see `GroupCommit`); the shard named by the person's identity key holds
 * their place (`src/queue/shard`).
 *
 * Fairness cost: within an isolate, places follow arrival order (batches leave in order). A shard
 * gathers what reaches it from every isolate for up to `intake.flushMs` (400 ms by default) and asks
 * the cohort's object for a range of positions; batches from different shards are numbered in the
 * order they reach it. So a join can land behind joins that arrived up to the flush interval plus
 * two round trips after it (about 0.46 s with the default), never more. Before the opening it costs
 * nothing: the pre-queue is shuffled anyway.
 */

/** The most joins (or place lookups) sent in one call. */
export const MAX_JOIN_BATCH = 256;

/** Two batches per cohort in flight from an isolate: one travels while the object works on the other. */
const BATCHING = { maxBatch: MAX_JOIN_BATCH, maxInFlight: 2 };

/**
 * A cohort's config changes only when an operator saves it: the edge serves a copy at most this
 * old, half of it in the isolate's memo and half in the location's copy, so the cohort's object
 * hears about one config read per location per half of this, however many isolates serve it.
 */
export const CONFIG_TTL_MS = 5000;
const configs = new EdgeMemo<CohortConfig | null>(CONFIG_TTL_MS / 2, 30_000);
const locationConfigs = new LocationCopy<CohortConfig | null>("config", CONFIG_TTL_MS / 2);

/** Per isolate: each shard's join and status lanes. Bounded like the progress cache. */
const lanes = new Map<string, ShardLanes>();
const MAX_LANES = 1024;
let progressCache: ProgressCache | null = null;

class ShardLanes {
  readonly joins: GroupCommit<JoinRequest, ShardJoinOutcome | null, Env>;
  readonly statuses: GroupCommit<string, EntryView | null | undefined, Env>;

  constructor(cohortId: string, shard: number) {
    const address = { cohortId, shard };
    this.joins = new GroupCommit(async (requests, env) => {
      const outcomes = await intakeShard(env, address).joinMany(requests, address);
      return outcomes ?? requests.map(() => null);
    }, BATCHING);
    // undefined: no such cohort; null: this person has no place.
    this.statuses = new GroupCommit(async (identities, env) => {
      return (await intakeShard(env, address).statusMany(identities, address)) ?? identities.map(() => undefined);
    }, BATCHING);
  }
}

async function lanesFor(c: Context<AppEnv>, cohortId: string, identity: string): Promise<ShardLanes | null> {
  const config = await cohortConfigAtEdge(c, cohortId);
  if (!config) return null;
  const shard = shardOf(identity, config.intake.shards);
  const key = `${cohortId}:${shard}`;
  let found = lanes.get(key);
  if (!found) {
    if (lanes.size >= MAX_LANES) {
      const oldest = lanes.keys().next().value;
      if (oldest !== undefined) lanes.delete(oldest);
    }
    found = new ShardLanes(cohortId, shard);
    lanes.set(key, found);
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

/** Joins through this isolate's batch for the person's shard; the place comes with the cohort's progress from the edge cache. */
export async function joinQueue(c: Context<AppEnv>, cohortId: string, request: JoinRequest): Promise<JoinOutcome | null> {
  const lane = await lanesFor(c, cohortId, request.identity);
  if (!lane) return null;
  const outcome = await busyIfSlow(lane.joins.submit(request, c.env, keepAlive(c)));
  if (!outcome?.ok) return outcome;
  // The progress the shard's range came with, if it waited for one: the read below then finds it here.
  if (outcome.progress) progressCacheFor(c.env).offer(cohortId, outcome.progress);
  const progress = await queueProgress(c, cohortId);
  return progress && { ok: true, entry: outcome.entry, progress };
}

/** A person's place through this isolate's batch of lookups for their shard, with the progress. */
export async function queueStatus(c: Context<AppEnv>, cohortId: string, identity: string): Promise<StatusReport | null> {
  const lane = await lanesFor(c, cohortId, identity);
  if (!lane) return null;
  const entry = await busyIfSlow(lane.statuses.submit(identity, c.env, keepAlive(c)));
  if (entry === undefined) return null;
  const progress = await queueProgress(c, cohortId);
  return progress && { entry, progress };
}

/** The cohort's progress from the edge cache. `seen`: how far admission had advanced in this client's last answer. */
export function queueProgress(c: Context<AppEnv>, cohortId: string, seen = 0): Promise<QueueProgress | null> {
  const source = {
    load: () => cohortQueue(c.env, cohortId).progress(),
    // Read only on the way to the location's cache: most polls are served from the memo before.
    get origin() {
      return new URL(c.req.url).origin;
    },
    keepAlive: keepAlive(c),
  };
  return progressCacheFor(c.env).read(cohortId, source, seen);
}

/**
 * A batch that did not come back in time, or a shard whose positions did not come back from the
 * cohort's object, answers 503 `unavailable`: a place made is kept (the shard sends its batch
 * again), and a retry is safe.
 */
async function busyIfSlow<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof BatchWaitTimeout) throw new ApiError("unavailable");
    console.error("queue shard call failed", { message: error instanceof Error ? error.message.split("\n", 1)[0] : "unknown" });
    throw new ApiError("unavailable");
  }
}

/** The cohort's config from the edge: a few seconds old at most (null: no such cohort). */
export function cohortConfigAtEdge(c: Context<AppEnv>, cohortId: string): Promise<CohortConfig | null> {
  return configs.get(cohortId, () =>
    locationConfigs.read(cohortId, {
      origin: new URL(c.req.url).origin,
      load: () => cohortQueue(c.env, cohortId).getConfig(),
      keepAlive: keepAlive(c),
    }),
  );
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
 * Drops this isolate's copies of a cohort's config and progress, and its next config read skips the
 * location's copy. Called after an operator changes them, so the isolate that served the change
 * shows it at once (and renews the location's copy); others follow within their TTLs.
 */
export function forgetCohortAtEdge(cohortId: string): void {
  configs.forget(cohortId);
  locationConfigs.skipOnce(cohortId);
  progressCache?.forget(cohortId);
}
