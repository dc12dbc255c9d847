// The bench's capacity projection: the stated production shape, the measured costs, and one sentence naming both.
import { recommendedShards } from "../../src/domain/intake.ts";
import { type CallCost, type ProductionShape, projectJoinCapacity } from "../../src/domain/join-capacity.ts";

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
  return {
    joinsPerSecond: costs ? round(projectJoinCapacity(planned, costs).joinsPerSecond) : null,
    text: costs ? `${describe(planned, costs, source)}${plannedText}` : "not projected: an object's cost could not be measured",
    atBenchShards: {
      joinsPerSecond: costs ? round(projectJoinCapacity(atBench, costs).joinsPerSecond) : null,
      text: costs ? describe(atBench, costs, source) : "not projected",
    },
  };
}
