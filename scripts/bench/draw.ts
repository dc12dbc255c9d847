// The opening draw of a big pre-queue, timed from the caller's side (the probe worker).
import type { LocalService } from "../surge/local-service.ts";
import { timedCall } from "./probe.ts";

function summary(calls: readonly number[]) {
  const sorted = [...calls].sort((a, b) => a - b);
  return { calls: calls.length, p50: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 };
}

/** A probe call timed twice: from this process (`wallMs`, every wait included) and inside workerd by the probe (`ms`). */
async function wallTimed(probe: string, binding: string, name: string, method: string) {
  const started = performance.now();
  const { ms } = await timedCall(probe, binding, name, method);
  return { ms, wallMs: Math.round(performance.now() - started) };
}

/**
 * From the opening until the cohort's pre-queue is fully drawn, small calls are made every 20 ms to
 * the cohort's object and to a shard. An object busy with a long piece of work would keep them
 * waiting, so their longest wait is the longest any object was held. `callMs` is timed from this
 * process: it counts the wait to be let into workerd too, which the probe's own timing
 * (`insideMs`) misses. workerd runs every object on one thread here, so a piece of work anywhere
 * in it holds up every call; in production each object runs on its own.
 */
export async function timeOpeningDraw(service: LocalService, cohortId: string, limitMs = 180_000) {
  if (!service.probeUrl) throw new Error("the draw is timed through the probe worker");
  const probe = service.probeUrl;
  const started = performance.now();
  const wall: number[] = [];
  const inside: number[] = [];
  const insideBy: { cohort: number[]; shard: number[] } = { cohort: [], shard: [] };
  let done = false;
  const watch = (async () => {
    while (!done) {
      const calls = await Promise.all([
        wallTimed(probe, "COHORT_QUEUE", cohortId, "getConfig"),
        wallTimed(probe, "INTAKE_SHARD", `${cohortId}:0`, "load"),
      ]);
      for (const call of calls) {
        wall.push(call.wallMs);
        inside.push(call.ms);
      }
      insideBy.cohort.push(calls[0]!.ms);
      insideBy.shard.push(calls[1]!.ms);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  let window: { prequeueSize: number | null; drawnSoFar: number } | undefined;
  try {
    for (;;) {
      const { result } = await timedCall<Array<{ prequeueSize: number | null; drawnSoFar: number }>>(
        probe,
        "COHORT_QUEUE",
        cohortId,
        "auditWindows",
      );
      window = result[0]!;
      if ((window.prequeueSize !== null && window.drawnSoFar >= window.prequeueSize) || performance.now() - started > limitMs) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    done = true;
    await watch;
  }
  const held = summary(wall);
  const own = summary(inside);
  return {
    prequeue: window.prequeueSize,
    drawn: window.drawnSoFar,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    callMs: { p50: held.p50, max: held.max },
    callsOver100Ms: wall.filter((ms) => ms > 100).length,
    // The first pair of calls waits for the opening itself: every shard sealing, the reservation and the first step.
    openingMs: Math.max(...wall.slice(0, 2)),
    callMsAfterOpening: summary(wall.slice(2)).max,
    heldProbeCalls: held.calls,
    insideMs: { p50: own.p50, max: own.max, cohortMax: summary(insideBy.cohort).max, shardMax: summary(insideBy.shard).max },
  };
}
