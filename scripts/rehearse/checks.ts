// What the rehearsal concludes from the crowd's logs and the service's own records.
import { createHmac } from "node:crypto";
import { drawBucket, shardOf, shardRankInBucket } from "../../src/domain/intake.ts";
import type { PersonLog } from "./crowd.ts";

/**
 * Admission order against arrival order. The pre-queue is drawn by its shuffle keys (HMAC of each
 * identity under the seed revealed at the opening) across the cohort's `shards` intake shards
 * (bucket, shard in the bucket's rotation, key: `prequeueOrder`), so its expected order is
 * recomputed from the seed; after the opening, places should follow arrival order.
 */
export function orderReport(people: readonly PersonLog[], seed: string | null, firstDrawnPosition: number | null, shards = 1) {
  const placed = people.filter((p) => p.position !== null && p.identity !== null && p.sentAtMs !== null);
  const prequeue = placed.filter((p) => p.joinedInPrequeue);
  const after = placed.filter((p) => !p.joinedInPrequeue);

  let drawMismatches: number | null = null;
  if (seed !== null && firstDrawnPosition !== null) {
    const keyed = prequeue.map((p) => {
      const key = createHmac("sha256", seed).update(p.identity!).digest("base64url");
      return { p, key, bucket: drawBucket(key), rank: shardRankInBucket(drawBucket(key), shardOf(p.identity!, shards), shards) };
    });
    const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    keyed.sort((a, b) => compare(a.bucket, b.bucket) || a.rank - b.rank || compare(a.key, b.key) || compare(a.p.identity!, b.p.identity!));
    drawMismatches = keyed.filter(({ p }, i) => p.position !== firstDrawnPosition + i).length;
  }
  // Arrival order in the pre-queue does not matter: its rank correlation with position should be near 0.
  const prequeueArrivalCorrelation = spearman(
    prequeue.map((p) => p.sentAtMs!),
    prequeue.map((p) => p.position!),
  );
  const everyEarlyBirdAheadOfLateComers =
    prequeue.length === 0 ||
    after.length === 0 ||
    Math.max(...prequeue.map((p) => p.position!)) < Math.min(...after.map((p) => p.position!));

  // After the opening: pairs where the later arrival got the earlier place, and by how much later it came.
  const byArrival = [...after].sort((a, b) => a.sentAtMs! - b.sentAtMs!);
  let inversions = 0;
  let maxOvertakeMs = 0;
  let maxPlacesBehind = 0;
  for (let i = 0; i < byArrival.length; i++) {
    let behind = 0;
    for (let j = i + 1; j < byArrival.length; j++) {
      if (byArrival[j]!.position! < byArrival[i]!.position!) {
        inversions += 1;
        behind += 1;
        maxOvertakeMs = Math.max(maxOvertakeMs, byArrival[j]!.sentAtMs! - byArrival[i]!.sentAtMs!);
      }
    }
    maxPlacesBehind = Math.max(maxPlacesBehind, behind);
  }
  const pairs = (after.length * (after.length - 1)) / 2;
  const latencies = after.map((p) => p.joinLatencyMs ?? 0);
  return {
    prequeue: {
      people: prequeue.length,
      drawMismatchesAgainstRevealedSeed: drawMismatches,
      arrivalToPositionRankCorrelation: round(prequeueArrivalCorrelation, 3),
      allAheadOfThoseWhoCameAfterTheOpening: everyEarlyBirdAheadOfLateComers,
    },
    afterOpening: {
      people: after.length,
      arrivalOrderPairsKept: pairs > 0 ? round(1 - inversions / pairs, 5) : 1,
      pairsOutOfOrder: inversions,
      mostPlacesLostToLaterArrivals: maxPlacesBehind,
      latestArrivalThatGotAhead: `${maxOvertakeMs} ms`,
      // Requests overtake each other on the way in when the machine is saturated; the queue places them in the order they reach it.
      joinAnswerMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: quantile(latencies, 1) },
    },
  };
}

/** Admissions follow positions: nobody was let in while someone ahead in line still waited. */
export function admissionsInPositionOrder(admissions: ReadonlyArray<{ position: number; admittedAt: number }>): {
  admitted: number;
  outOfOrder: number;
} {
  let outOfOrder = 0;
  let latest = 0;
  for (const a of admissions) {
    if (a.admittedAt < latest) outOfOrder += 1; // a re-entry keeps its first admission instant
    latest = Math.max(latest, a.admittedAt);
  }
  return { admitted: admissions.length, outOfOrder };
}

/** How the wait a person was told compares with the wait they had, from the server's admission instants. */
export function waitReport(people: readonly PersonLog[], admittedAtByPosition: ReadonlyMap<number, number>) {
  const pairs = people.flatMap((p) => {
    const admittedAt = p.position === null ? undefined : admittedAtByPosition.get(p.position);
    if (p.positionedAtMs === null || p.estimateSeconds === null || admittedAt === undefined) return [];
    return [{ estimated: p.estimateSeconds, actual: Math.max(0, (admittedAt - p.positionedAtMs) / 1000) }];
  });
  const errors = pairs.map((x) => Math.abs(x.actual - x.estimated));
  const ratios = pairs.filter((x) => x.estimated > 0).map((x) => x.actual / x.estimated);
  return {
    people: pairs.length,
    medianEstimateSeconds: round(
      quantile(
        pairs.map((x) => x.estimated),
        0.5,
      ),
      1,
    ),
    medianActualSeconds: round(
      quantile(
        pairs.map((x) => x.actual),
        0.5,
      ),
      1,
    ),
    medianAbsoluteErrorSeconds: round(quantile(errors, 0.5), 1),
    p90AbsoluteErrorSeconds: round(quantile(errors, 0.9), 1),
    actualOverEstimate: {
      p10: round(quantile(ratios, 0.1), 2),
      p50: round(quantile(ratios, 0.5), 2),
      p90: round(quantile(ratios, 0.9), 2),
    },
  };
}

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function spearman(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length < 3) return 0;
  const ranks = (values: readonly number[]) => {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(values.length);
    for (const [rank, [, i]] of order.entries()) r[i] = rank;
    return r;
  };
  const rx = ranks(xs);
  const ry = ranks(ys);
  const n = xs.length;
  const d2 = rx.reduce((sum, r, i) => sum + (r - ry[i]!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
