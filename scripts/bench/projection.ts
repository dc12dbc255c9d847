// The bench's capacity projection: the stated production shape, the measured costs, and one sentence naming both.
import { recommendedShards } from "../../src/domain/intake.ts";
import { ADMISSION_TICK_MS } from "../../src/domain/admission.ts";
import { type CallCost, cohortCallsAt, type ProductionShape, projectJoinCapacity } from "../../src/domain/join-capacity.ts";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** The production shape projected for (BENCH_PROJECT_* change it). */
export function statedShape(shards: number): ProductionShape {
  return {
    isolates: env("BENCH_PROJECT_ISOLATES", 300),
    roundTripMs: env("BENCH_PROJECT_ROUND_TRIP_MS", 30),
    shards,
    flushMs: env("BENCH_PROJECT_FLUSH_MS", 400),
    inFlight: 2,
    maxBatch: 256,
    utilization: 0.7,
  };
}

type Measured = { fit: CallCost } | null;

const ms = (n: number) => `${Math.round(n * 1000) / 1000} ms`;
const costText = (cost: CallCost) => `${ms(cost.fixedMs)} + ${ms(cost.perPersonMs)}/person`;

function describe(shape: ProductionShape, costs: { cohort: CallCost; shard: CallCost }, costSource: string): string {
  const p = projectJoinCapacity(shape, costs);
  const layout =
    shape.shards > 0
      ? `${shape.shards} shards flushing every ${shape.flushMs} ms (fairness cost up to ${shape.flushMs + shape.roundTripMs} ms)`
      : "no shards (every isolate calls the cohort's object)";
  return [
    `${shape.isolates} isolates, ${shape.roundTripMs} ms round trip, ${layout}`,
    `${shape.inFlight} batches in flight per isolate and object, batches <= ${shape.maxBatch}, each object kept <= ${shape.utilization * 100}% busy`,
    costSource,
    `limited by ${p.limitedBy}`,
  ].join("; ");
}

/** The join rate the calls to the cohort's object are projected at: the target's 100,000 a second (BENCH_PROJECT_JOIN_RATE). */
const JOIN_RATE = env("BENCH_PROJECT_JOIN_RATE", 100_000);

/** Locations taking the crowd of one national opening, each with its own copies (BENCH_PROJECT_LOCATIONS). */
const LOCATIONS = env("BENCH_PROJECT_LOCATIONS", 20);

/**
 * What reaches the cohort's object besides range calls: per location one progress read a second
 * (PROGRESS_TTL_MS in progress-cache.ts) and a config read every 2.5 s (CONFIG_TTL_MS / 2 in
 * queue-edge.ts; both edge modules, which this Node script does not load), and the alarm's tick.
 */
const PROGRESS_TTL_MS = 1000;
const BACKGROUND = {
  locations: LOCATIONS,
  progressPerLocationPerSecond: 1000 / PROGRESS_TTL_MS,
  configPerLocationPerSecond: 1000 / 2500,
  alarmsPerSecond: 1000 / ADMISSION_TICK_MS,
};

/** The population projected for: the 2021 opening's 1.5 million eligible people (BENCH_PROJECT_POPULATION changes it). */
const POPULATION = env("BENCH_PROJECT_POPULATION", 1_500_000);

/**
 * The projection for the code as built: its measured costs, with the shard count the dry run
 * recommends for `POPULATION` people (`recommendedShards`; BENCH_PROJECT_SHARDS overrides it), and
 * one at the bench's own shard count, to set beside it.
 */
export function projectionReport(measured: { shards: number; cohortCost: Measured; shardCost: Measured }) {
  const cohort = measured.cohortCost?.fit ?? null;
  const shard = measured.shardCost?.fit ?? null;
  // Sharded, the cohort's object only hands out ranges: its fixed cost a call, no per-person work.
  const costs =
    cohort && shard
      ? { cohort: { fixedMs: cohort.fixedMs, perPersonMs: 0 }, shard }
      : cohort && measured.shards === 0
        ? { cohort, shard: cohort }
        : null;
  const source = !costs
    ? ""
    : measured.shards === 0
      ? `no shards: cohort's object measured ${costText(cohort!)} a call`
      : `shard measured ${costText(shard!)}; cohort's object per range call ${ms(cohort!.fixedMs)} (allocate, measured), no per-person work`;
  const round = (n: number) => (Number.isFinite(n) ? Math.round(n) : null);
  const planned = statedShape(measured.shards === 0 ? 0 : env("BENCH_PROJECT_SHARDS", recommendedShards(POPULATION)));
  const atBench = statedShape(measured.shards);
  const plannedText = measured.shards === 0 ? "" : ` (the dry run's recommendation for ${POPULATION.toLocaleString("en")} people)`;
  const calls = cohortCallsAt(planned, BACKGROUND, JOIN_RATE);
  return {
    joinsPerSecond: costs ? round(projectJoinCapacity(planned, costs).joinsPerSecond) : null,
    cohortCalls: {
      per1000Joins: Math.round(calls.per1000Joins * 100) / 100,
      text: `${planned.shards} shards each sending a range call every ${planned.flushMs} ms, ${LOCATIONS} locations each reading the progress every ${PROGRESS_TTL_MS} ms and the config every 2,500 ms, the alarm every ${ADMISSION_TICK_MS} ms: ${Math.round(calls.perSecond)} calls a second at ${JOIN_RATE.toLocaleString("en")} joins a second`,
    },
    text: costs ? `${describe(planned, costs, source)}${plannedText}` : "not projected: an object's cost could not be measured",
    atBenchShards: {
      joinsPerSecond: costs ? round(projectJoinCapacity(atBench, costs).joinsPerSecond) : null,
      text: costs ? describe(atBench, costs, source) : "not projected",
    },
  };
}
