// The opening draw of a big pre-queue, timed call by call from the caller's side (the probe worker).
import type { LocalService } from "../surge/local-service.ts";
import { timedCall } from "./probe.ts";

/**
 * Calls the cohort's object one call after another from the opening until its pre-queue is fully
 * drawn (each call advances the draw by a chunk) and times every call inside workerd: no HTTP, no
 * edge, just the object's answer as its caller sees it.
 */
export async function timeOpeningDraw(service: LocalService, cohortId: string, limitMs = 180_000) {
  if (!service.probeUrl) throw new Error("the draw is timed through the probe worker");
  const started = performance.now();
  const calls: number[] = [];
  for (;;) {
    const { ms, result } = await timedCall<Array<{ prequeueSize: number | null; drawnSoFar: number }>>(
      service.probeUrl,
      "COHORT_QUEUE",
      cohortId,
      "auditWindows",
    );
    calls.push(ms);
    const window = result[0]!;
    const done = window.prequeueSize !== null && window.drawnSoFar >= window.prequeueSize;
    if (done || performance.now() - started > limitMs) {
      const sorted = [...calls].sort((a, b) => a - b);
      return {
        prequeue: window.prequeueSize,
        drawn: window.drawnSoFar,
        seconds: Math.round((performance.now() - started) / 100) / 10,
        callsWhileDrawing: calls.length,
        callMs: { p50: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)! },
        callsOver100Ms: calls.filter((ms) => ms > 100).length,
      };
    }
  }
}
