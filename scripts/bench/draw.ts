// The opening draw of a big pre-queue, timed from the caller's side (the probe worker).
import type { LocalService } from "../surge/local-service.ts";
import { timedCall } from "./probe.ts";

function summary(calls: readonly number[]) {
  const sorted = [...calls].sort((a, b) => a - b);
  return { calls: calls.length, p50: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 };
}

/**
 * From the opening until the cohort's pre-queue is fully drawn, two things are timed inside
 * workerd, with no HTTP or edge in between:
 * - `steps`: calls to the cohort's object that each wait for one draw step (every shard numbering
 *   its share of 1,000 people in parallel): what a caller during the draw waits;
 * - `callMs`: small calls made all along to the cohort's object and to a shard, every 20 ms. An
 *   object busy with a long piece of work would keep them waiting, so their longest wait is the
 *   longest any object was held.
 */
export async function timeOpeningDraw(service: LocalService, cohortId: string, limitMs = 180_000) {
  if (!service.probeUrl) throw new Error("the draw is timed through the probe worker");
  const probe = service.probeUrl;
  const started = performance.now();
  const steps: number[] = [];
  const held: number[] = [];
  let done = false;
  const watch = (async () => {
    while (!done) {
      const [object, shard] = await Promise.all([
        timedCall(probe, "COHORT_QUEUE", cohortId, "getConfig"),
        timedCall(probe, "INTAKE_SHARD", `${cohortId}:0`, "load"),
      ]);
      held.push(object.ms, shard.ms);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  let window: { prequeueSize: number | null; drawnSoFar: number } | undefined;
  try {
    for (;;) {
      const { ms, result } = await timedCall<Array<{ prequeueSize: number | null; drawnSoFar: number }>>(
        probe,
        "COHORT_QUEUE",
        cohortId,
        "auditWindows",
      );
      steps.push(ms);
      window = result[0]!;
      if ((window.prequeueSize !== null && window.drawnSoFar >= window.prequeueSize) || performance.now() - started > limitMs) break;
    }
  } finally {
    done = true;
    await watch;
  }
  const longest = summary(held);
  return {
    prequeue: window.prequeueSize,
    drawn: window.drawnSoFar,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    callMs: { p50: longest.p50, max: longest.max },
    callsOver100Ms: held.filter((ms) => ms > 100).length,
    heldProbeCalls: longest.calls,
    steps: summary(steps),
  };
}
