// The bench's capacity projection: the stated production shape, the measured costs, and one sentence naming both.
import { type CallCost, type ProductionShape, projectJoinCapacity } from "../../src/domain/join-capacity.ts";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** The production shape projected for (BENCH_PROJECT_* change it). */
export function statedShape(shards: number): ProductionShape {
  return {
    isolates: env("BENCH_PROJECT_ISOLATES", 300),
    roundTripMs: env("BENCH_PROJECT_ROUND_TRIP_MS", 30),
    shards,
    flushMs: env("BENCH_PROJECT_FLUSH_MS", 250),
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

/**
 * The projection for the code as built (its shard count, its measured costs) and one for a sharded
 * layout (BENCH_PROJECT_SHARDS) that uses measured costs where they exist and names its stand-ins.
 */
export function projectionReport(measured: { shards: number; cohortCost: Measured; shardCost: Measured }) {
  const cohort = measured.cohortCost?.fit ?? null;
  const shard = measured.shardCost?.fit ?? null;
  // A shard does the per-person work the cohort's object does today; the cohort's object then only hands out ranges.
  const rangeCall = cohort ? { fixedMs: cohort.fixedMs, perPersonMs: 0 } : null;
  const round = (n: number) => (Number.isFinite(n) ? Math.round(n) : null);

  const asBuiltShape = statedShape(measured.shards);
  const asBuilt =
    cohort && (measured.shards === 0 || shard)
      ? {
          costs: measured.shards === 0 ? { cohort, shard: cohort } : { cohort: rangeCall!, shard: shard! },
          source:
            measured.shards === 0
              ? `cohort's object measured ${costText(cohort)} a call`
              : `shard measured ${costText(shard!)}; cohort's object per range call ${ms(cohort.fixedMs)} (its measured fixed part), no per-person work`,
        }
      : null;

  const ifShardedShape = statedShape(env("BENCH_PROJECT_SHARDS", 128));
  const standIn = shard ?? cohort;
  const ifSharded =
    standIn && rangeCall
      ? {
          costs: { cohort: rangeCall, shard: standIn },
          source: `${shard ? `shard measured ${costText(shard)}` : `shard cost stands in as the cohort's object's joinMany today, ${costText(standIn)} (no IntakeShard in this build)`}; cohort's object per range call ${ms(rangeCall.fixedMs)}, no per-person work`,
        }
      : null;

  return {
    joinsPerSecond: asBuilt ? round(projectJoinCapacity(asBuiltShape, asBuilt.costs).joinsPerSecond) : null,
    text: asBuilt ? describe(asBuiltShape, asBuilt.costs, asBuilt.source) : "not projected: an object's cost could not be measured",
    ifSharded: {
      joinsPerSecond: ifSharded ? round(projectJoinCapacity(ifShardedShape, ifSharded.costs).joinsPerSecond) : null,
      text: ifSharded ? describe(ifShardedShape, ifSharded.costs, ifSharded.source) : "not projected",
    },
  };
}
