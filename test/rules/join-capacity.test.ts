import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CallCost,
  callsPerSecond,
  cohortCallsAt,
  fitCallCost,
  objectCapacity,
  type ProductionShape,
  projectJoinCapacity,
} from "../../src/domain/join-capacity";

const shape: ProductionShape = {
  isolates: 300,
  roundTripMs: 30,
  shards: 0,
  flushMs: 100,
  inFlight: 2,
  maxBatch: 256,
  utilization: 0.7,
};
const measured: CallCost = { fixedMs: 1.9, perPersonMs: 0.045 };

describe("fitting an object's time per call against its batch size", () => {
  it("recovers the fixed and per-person cost of exact measurements", () => {
    const points = [1, 16, 64, 256, 1000].map((batch) => ({ batch, ms: 1.9 + 0.045 * batch }));
    const fit = fitCallCost(points);
    expect(fit.fixedMs).toBeCloseTo(1.9, 9);
    expect(fit.perPersonMs).toBeCloseTo(0.045, 9);
  });

  it("keeps the fixed part set by small batches when big batches cost more per person", () => {
    // Measured here: a batch of 1,000 costs more per person than smaller ones (a bigger transaction).
    const points = [
      { batch: 1, ms: 0.683 },
      { batch: 16, ms: 2.413 },
      { batch: 64, ms: 5.013 },
      { batch: 256, ms: 19.167 },
      { batch: 1000, ms: 89.667 },
    ];
    const fit = fitCallCost(points);
    expect(fit.fixedMs).toBeGreaterThan(0);
    expect(Math.abs(fit.fixedMs + fit.perPersonMs - 0.683) / 0.683).toBeLessThan(0.25);
  });

  it("refuses measurements that all carry the same batch size", () => {
    expect(() =>
      fitCallCost([
        { batch: 16, ms: 3 },
        { batch: 16, ms: 4 },
      ]),
    ).toThrow(/two distinct batch sizes/);
  });
});

describe("calls that group-committing callers make", () => {
  it("is one call per join while joins are sparse, and bounded by the callers' round trips after", () => {
    expect(callsPerSecond(100, 300, 30, 2, 256)).toBe(100);
    expect(callsPerSecond(1_000_000, 300, 30, 2, 256)).toBeCloseTo(20_000, 6);
  });

  it("never carries more than the largest batch in one call", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 1000 }), (rate, callers) => {
        expect(rate / callsPerSecond(rate, callers, 30, 2, 256)).toBeLessThanOrEqual(256 + 1e-9);
      }),
    );
  });
});

describe("one cohort's projected join capacity", () => {
  it("without shards is what the cohort's object takes, and keeps it at the stated busy share", () => {
    const projection = projectJoinCapacity(shape, { cohort: measured, shard: measured });
    expect(projection.limitedBy).toBe("cohort object");
    expect(projection.shardsJoinsPerSecond).toBeNull();
    const rate = projection.joinsPerSecond;
    const calls = callsPerSecond(rate, shape.isolates, shape.roundTripMs, shape.inFlight, shape.maxBatch);
    expect((calls * measured.fixedMs + rate * measured.perPersonMs) / 1000).toBeCloseTo(shape.utilization, 4);
  });

  it("with hundreds of isolates sending one join a call, is about one join per call's cost", () => {
    // 0.7 / 1.945 ms: each isolate's joins are too rare to batch.
    expect(objectCapacity(measured, 300, shape)).toBeCloseTo(700 / 1.945, 0);
  });

  it("grows with more shards until the cohort's object, called once per flush by each shard, bounds it", () => {
    const costs = { cohort: { fixedMs: 1.9, perPersonMs: 0 }, shard: measured };
    let last = 0;
    for (const shards of [1, 2, 4, 8, 16, 32]) {
      const projection = projectJoinCapacity({ ...shape, shards }, costs);
      expect(projection.joinsPerSecond).toBeGreaterThanOrEqual(last);
      last = projection.joinsPerSecond;
    }
    const many = projectJoinCapacity({ ...shape, shards: 10_000 }, costs);
    expect(many.limitedBy).toBe("cohort object");
    expect(many.cohortCallsPerSecond * costs.cohort.fixedMs).toBeLessThanOrEqual(shape.utilization * 1000 + 1e-6);
  });

  it("lets the cohort's object take more when shards flush less often", () => {
    const costs = { cohort: { fixedMs: 1.9, perPersonMs: 0 }, shard: measured };
    const often = projectJoinCapacity({ ...shape, shards: 100, flushMs: 50 }, costs);
    const rarely = projectJoinCapacity({ ...shape, shards: 100, flushMs: 500 }, costs);
    expect(rarely.cohortJoinsPerSecond).toBeGreaterThan(often.cohortJoinsPerSecond);
  });

  it("is never more than the shards together or the cohort's object alone take (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 5, max: 1000 }),
        (shards, isolates, roundTripMs, flushMs) => {
          const p = projectJoinCapacity(
            { ...shape, shards, isolates, roundTripMs, flushMs },
            { cohort: { fixedMs: 2, perPersonMs: 0.001 }, shard: measured },
          );
          expect(p.joinsPerSecond).toBeLessThanOrEqual(p.shardsJoinsPerSecond!);
          expect(p.joinsPerSecond).toBeLessThanOrEqual(p.cohortJoinsPerSecond);
          expect(p.joinsPerSecond).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("calls to the cohort's object with shards, per second and per 1,000 joins", () => {
  const background = { locations: 10, progressPerLocationPerSecond: 1, configPerLocationPerSecond: 0.4, alarmsPerSecond: 1 };
  it("are one range call per shard per flush plus each location's reads and the alarm, whatever the join rate", () => {
    const at = cohortCallsAt({ ...shape, shards: 167, flushMs: 400 }, background, 100_000);
    expect(at.perSecond).toBeCloseTo(167 * 2.5 + 10 * 1.4 + 1, 9);
    expect(at.per1000Joins).toBeCloseTo(((167 * 2.5 + 15) / 100_000) * 1000, 9);
    expect(cohortCallsAt({ ...shape, shards: 167, flushMs: 400 }, background, 1_000).perSecond).toBe(at.perSecond);
  });
  it("per 1,000 joins fall as the rate rises and rise with the shards and shorter flushes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 50, max: 1000 }),
        fc.integer({ min: 100, max: 1_000_000 }),
        (shards, flushMs, rate) => {
          const base = cohortCallsAt({ ...shape, shards, flushMs }, background, rate).per1000Joins;
          expect(cohortCallsAt({ ...shape, shards, flushMs }, background, rate * 2).per1000Joins).toBeCloseTo(base / 2, 6);
          expect(cohortCallsAt({ ...shape, shards: shards + 1, flushMs }, background, rate).per1000Joins).toBeGreaterThan(base);
          expect(cohortCallsAt({ ...shape, shards, flushMs: flushMs + 50 }, background, rate).per1000Joins).toBeLessThan(base);
        },
      ),
    );
  });
});
