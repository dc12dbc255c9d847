// What the bench asks its probe worker (probe-worker.ts): direct, timed calls to the Durable Objects.
import { type CallCost, type CostPoint, fitCallCost } from "../../src/domain/join-capacity.ts";

async function ask<T>(probeUrl: string, route: string, body: unknown): Promise<T> {
  const response = await fetch(`${probeUrl}${route}`, { method: "POST", body: JSON.stringify(body) });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`probe ${route}: ${answer.error ?? response.status}`);
  return answer;
}

/** One call to an object's RPC method, timed inside workerd by its caller. */
export function timedCall<T>(
  probeUrl: string,
  binding: string,
  name: string,
  method: string,
  args: unknown[] = [],
): Promise<{ ms: number; result: T }> {
  return ask(probeUrl, "/call", { binding, name, method, args });
}

/** Invocations an object has received since it started (its `load()`), all methods together. */
export async function totalCalls(probeUrl: string, binding: string, name: string): Promise<number> {
  return (await timedCall<{ totalCalls: number }>(probeUrl, binding, name, "load")).result.totalCalls;
}

/** A batch size's figures: the object's time per call when kept busy, and what one caller waits. */
export interface BatchFigures {
  batch: number;
  calls: number;
  /** Elapsed over calls with several callers at once: the object's own time per call. */
  msPerCall: number;
  /** One caller at a time: the round trip a caller sees. */
  latencyMs: number;
}

export const BATCH_SIZES = [1, 16, 64, 256, 1000] as const;

/**
 * Callers at once for the busy figure. Enough that an object which coalesces concurrent calls (as a
 * shard may, on a timer) is kept busy too: elapsed over calls is then at most its time per call.
 */
const BUSY_CALLERS = 32;

/** Calls at each batch size, fewer for bigger batches, so each size takes about a second here. */
const CALLS: Record<number, number> = { 1: 300, 16: 150, 64: 80, 256: 30, 1000: 12 };

/**
 * Times `method` (a `joinMany`-shaped call: a list of join requests) on one object at each batch
 * size, every person new, and fits `ms = fixedMs + perPersonMs * batch` to the busy figures.
 */
export async function callCost(
  probeUrl: string,
  target: { binding: string; name: string; method: string; prefix: string; shards?: number },
): Promise<{ points: BatchFigures[]; fit: CallCost }> {
  const points: BatchFigures[] = [];
  for (const batch of BATCH_SIZES) {
    const calls = CALLS[batch]!;
    const run = (concurrency: number, round: string) =>
      ask<{ msPerCall: number; latencyMs: { mean: number } }>(probeUrl, "/batches", {
        ...target,
        prefix: `${target.prefix}-${batch}-${round}`,
        seqBase: batch * 10_000 + (round === "busy" ? 5000 : 0),
        batch,
        calls,
        concurrency,
      });
    const alone = await run(1, "alone");
    const busy = await run(BUSY_CALLERS, "busy");
    points.push({ batch, calls, msPerCall: round3(busy.msPerCall), latencyMs: round3(alone.latencyMs.mean) });
  }
  const fit = fitCallCost(points.map((p): CostPoint => ({ batch: p.batch, ms: p.msPerCall })));
  return { points, fit: { fixedMs: round3(fit.fixedMs), perPersonMs: Math.round(fit.perPersonMs * 100_000) / 100_000 } };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
