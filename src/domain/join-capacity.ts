// How many joins a second one cohort can take: a model fed with measured object costs and a stated production shape.

/** What one call costs the object it reaches, in milliseconds of its time: `fixedMs + perPersonMs * batch`. */
export interface CallCost {
  fixedMs: number;
  perPersonMs: number;
}

/** A measured point: calls carrying `batch` people took `ms` of the object's time each. */
export interface CostPoint {
  batch: number;
  ms: number;
}

/**
 * Fit of `ms = fixedMs + perPersonMs * batch` minimising the relative error of each point (least
 * squares weighted by 1/ms²), so a batch of 1,000 does not drown the batch of 1 that sets the fixed
 * part. Needs at least two distinct batch sizes.
 */
export function fitCallCost(points: readonly CostPoint[]): CallCost {
  const weights = points.map((p) => 1 / Math.max(p.ms, 1e-9) ** 2);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const meanK = points.reduce((sum, p, i) => sum + weights[i]! * p.batch, 0) / total;
  const meanMs = points.reduce((sum, p, i) => sum + weights[i]! * p.ms, 0) / total;
  const spread = points.reduce((sum, p, i) => sum + weights[i]! * (p.batch - meanK) ** 2, 0);
  if (!(spread > 0)) throw new Error("fitting a call cost needs at least two distinct batch sizes");
  const perPersonMs = points.reduce((sum, p, i) => sum + weights[i]! * (p.batch - meanK) * (p.ms - meanMs), 0) / spread;
  return { fixedMs: meanMs - perPersonMs * meanK, perPersonMs };
}

/** The production shape a projection is made for. */
export interface ProductionShape {
  /** Worker isolates taking joins (every machine of every location). */
  isolates: number;
  /** An isolate's round trip to an object and back, without the object's own time. */
  roundTripMs: number;
  /** Intake shards per cohort; 0 means every isolate calls the cohort's object itself (no shards). */
  shards: number;
  /** How often a shard with joins waiting asks the cohort's object for positions. */
  flushMs: number;
  /** Batches an isolate keeps in flight to one object (group commit). */
  inFlight: number;
  /** Most people in one call from an isolate, and in one flush from a shard. */
  maxBatch: number;
  /** The share of its time the busiest object may be kept busy (the rest absorbs bursts). */
  utilization: number;
}

/** What a projection found: the figure and what bounds it. */
export interface Projection {
  joinsPerSecond: number;
  limitedBy: "cohort object" | "shards";
  /** The most the shards together take (null without shards). */
  shardsJoinsPerSecond: number | null;
  /** The most the cohort's object takes at this shape. */
  cohortJoinsPerSecond: number;
  /** Calls the cohort's object gets a second at the projected rate. */
  cohortCallsPerSecond: number;
}

/**
 * Calls a second that `callers` group-committing callers make to one object when `joinsPerSecond`
 * reach it: one call per join while joins are sparse, then each caller keeps `inFlight` batches
 * going a round trip apart and batches grow, up to `maxBatch`.
 */
export function callsPerSecond(joinsPerSecond: number, callers: number, cycleMs: number, inFlight: number, maxBatch: number): number {
  const callerBound = (callers * inFlight * 1000) / cycleMs;
  return Math.min(joinsPerSecond, Math.max(callerBound, joinsPerSecond / maxBatch));
}

/** The object's busy share at a join rate: calls times the fixed cost plus people times the per-person cost. */
function busyShare(cost: CallCost, joinsPerSecond: number, calls: number): number {
  return (calls * cost.fixedMs + joinsPerSecond * cost.perPersonMs) / 1000;
}

/** The highest rate at which `busy` stays at most `limit` (busy grows with the rate). */
function highestRate(busy: (joinsPerSecond: number) => number, limit: number): number {
  let low = 0;
  let high = 1;
  while (busy(high) <= limit && high < 1e12) high *= 2;
  if (high >= 1e12) return Number.POSITIVE_INFINITY;
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (busy(mid) <= limit) low = mid;
    else high = mid;
  }
  return low;
}

/** The most joins a second one object takes from `callers` group-committing callers, kept at `utilization`. */
export function objectCapacity(cost: CallCost, callers: number, shape: ProductionShape, cycleMs = shape.roundTripMs): number {
  return highestRate(
    (rate) => busyShare(cost, rate, callsPerSecond(rate, callers, cycleMs, shape.inFlight, shape.maxBatch)),
    shape.utilization,
  );
}

/**
 * Projects one cohort's join capacity. Without shards, every isolate group-commits to the cohort's
 * object, which does the per-person work (`cohort`). With shards, each isolate group-commits to the
 * shard the identity picks (identities spread evenly), each shard does the per-person work (`shard`)
 * and asks the cohort's object for a range of positions once per flush (or per full batch), a call
 * that costs `cohort` (its per-person part should be 0 by design).
 */
export function projectJoinCapacity(shape: ProductionShape, costs: { cohort: CallCost; shard: CallCost }): Projection {
  if (shape.shards <= 0) {
    const cohortJoinsPerSecond = objectCapacity(costs.cohort, shape.isolates, shape);
    return {
      joinsPerSecond: cohortJoinsPerSecond,
      limitedBy: "cohort object",
      shardsJoinsPerSecond: null,
      cohortJoinsPerSecond,
      cohortCallsPerSecond: callsPerSecond(cohortJoinsPerSecond, shape.isolates, shape.roundTripMs, shape.inFlight, shape.maxBatch),
    };
  }
  const shardsJoinsPerSecond = shape.shards * objectCapacity(costs.shard, shape.isolates, shape);
  // Each shard is one caller of the cohort's object with one flush in flight, one every flush interval.
  const flushCalls = (rate: number) => shape.shards * callsPerSecond(rate / shape.shards, 1, shape.flushMs, 1, shape.maxBatch);
  const cohortJoinsPerSecond = highestRate((rate) => busyShare(costs.cohort, rate, flushCalls(rate)), shape.utilization);
  const joinsPerSecond = Math.min(shardsJoinsPerSecond, cohortJoinsPerSecond);
  return {
    joinsPerSecond,
    limitedBy: shardsJoinsPerSecond <= cohortJoinsPerSecond ? "shards" : "cohort object",
    shardsJoinsPerSecond,
    cohortJoinsPerSecond,
    cohortCallsPerSecond: Number.isFinite(joinsPerSecond) ? flushCalls(joinsPerSecond) : shape.shards * (1000 / shape.flushMs),
  };
}

/** What reaches the cohort's object a second besides the shards' range calls (all bounded per second, none per join). */
export interface BackgroundCalls {
  /** Locations taking the crowd: each reads the progress and the config for all its isolates. */
  locations: number;
  /** Progress reads a location makes a second (one per progress TTL). */
  progressPerLocationPerSecond: number;
  /** Config reads a location makes a second. */
  configPerLocationPerSecond: number;
  /** The cohort's own alarm (the admission tick). */
  alarmsPerSecond: number;
}

/**
 * Calls a second to the cohort's object with shards while every shard has joins at each flush (one
 * range call each per flush), plus the background calls, and what that is per 1,000 joins at
 * `joinsPerSecond`. None of it grows with the joins, so per 1,000 joins it falls as the rate rises.
 */
export function cohortCallsAt(
  shape: ProductionShape,
  background: BackgroundCalls,
  joinsPerSecond: number,
): { perSecond: number; per1000Joins: number } {
  const rangeCalls = shape.shards > 0 ? (shape.shards * 1000) / shape.flushMs : 0;
  const perSecond =
    rangeCalls +
    background.locations * (background.progressPerLocationPerSecond + background.configPerLocationPerSecond) +
    background.alarmsPerSecond;
  return { perSecond, per1000Joins: (perSecond / joinsPerSecond) * 1000 };
}
