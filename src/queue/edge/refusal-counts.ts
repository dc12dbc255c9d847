import type { Context } from "hono";
import type { AppEnv } from "../../platform/app-env";
import { ApiError, type ErrorCode } from "../../platform/errors";
import { cohortQueue } from "../stubs";
import { isKnownCohort } from "./listing";

/**
 * Refusals answered by the Workers (bad input, rate limits, missing tokens, full slots...) are
 * counted in this isolate and sent to the cohort's queue object in batches, at most once every
 * 30 s per isolate and cohort, so a flood of refusals never becomes a flood of object calls.
 * Refusals the object made itself are counted there and skipped here. An isolate that is evicted
 * loses its unsent counts: the figures are a lower bound, good for spotting a trend.
 *
 * Only cohorts this isolate knows exist (from KV, see `isKnownCohort`) are counted: a refusal for a
 * made-up cohort id must not reach, and so create, a queue object. A refusal that comes before the
 * isolate has looked the cohort up is not counted either (one more reason the figures are a floor).
 */
const FLUSH_EVERY_MS = 30_000;
/** Bounds this isolate's memory whatever cohort ids arrive. */
const MAX_COHORTS = 100;
/** Codes not counted: no such cohort or route (anyone can invent those). */
const UNCOUNTED: ReadonlySet<ErrorCode> = new Set(["cohort_not_found", "not_found"]);
const COHORT_PATH = /^\/api\/v1\/cohorts\/([a-z0-9][a-z0-9-]{0,62})(?:\/|$)/;

const pending = new Map<string, Record<string, number>>();
const lastFlushMs = new Map<string, number>();
const madeByQueue = new WeakSet<object>();

/** Marks an error as a refusal the queue object made (and counted) itself. */
export function markQueueRefusal<E extends object>(error: E): E {
  madeByQueue.add(error);
  return error;
}

/** Counts a refusal of a request to a cohort's API, and sends this isolate's batch when it is due. */
export function countEdgeRefusal(c: Context<AppEnv>, error: object, code: ErrorCode): void {
  const cohortId = COHORT_PATH.exec(new URL(c.req.url).pathname)?.[1];
  if (!cohortId || UNCOUNTED.has(code) || madeByQueue.has(error) || !isKnownCohort(cohortId)) return;
  if (!pending.has(cohortId) && pending.size >= MAX_COHORTS) return;
  const counts = pending.get(cohortId) ?? {};
  counts[code] = (counts[code] ?? 0) + 1;
  pending.set(cohortId, counts);
  if (Date.now() - (lastFlushMs.get(cohortId) ?? 0) < FLUSH_EVERY_MS) return;
  const sending = flushEdgeRefusals(c.env, cohortId);
  try {
    c.executionCtx.waitUntil(sending);
  } catch {
    // No execution context (called outside a request): the promise still runs.
  }
}

/** Sends this isolate's pending counts for a cohort to its queue object now. */
export async function flushEdgeRefusals(env: Env, cohortId: string): Promise<void> {
  const counts = pending.get(cohortId);
  markFlushed(cohortId, Date.now());
  if (!counts) return;
  pending.delete(cohortId);
  if (!isKnownCohort(cohortId)) return;
  try {
    await cohortQueue(env, cohortId).recordEdgeRefusals(counts);
  } catch (error) {
    console.error("could not send refusal counts", {
      cohortId,
      message: error instanceof Error ? error.message.split("\n", 1)[0] : "unknown",
    });
  }
}

/** Notes a flush; the map keeps the `MAX_COHORTS` most recent (one forgotten early only flushes sooner). */
function markFlushed(cohortId: string, nowMs: number): void {
  lastFlushMs.delete(cohortId);
  if (lastFlushMs.size >= MAX_COHORTS) {
    const oldest = lastFlushMs.keys().next().value;
    if (oldest !== undefined) lastFlushMs.delete(oldest);
  }
  lastFlushMs.set(cohortId, nowMs);
}

/** Turns a refusal from the queue object into the matching API error. */
export function refusalError(refusal: {
  code: ConstructorParameters<typeof ApiError>[0];
  detail: string;
  detailKo: string;
  opensAt?: string;
}): ApiError {
  const error = new ApiError(refusal.code, {
    detail: refusal.detail,
    detailKo: refusal.detailKo,
    ...(refusal.opensAt ? { details: { opensAt: refusal.opensAt } } : {}),
  });
  return markQueueRefusal(error); // the object counted it already
}
