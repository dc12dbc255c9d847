// Bench only: calls the Service's Durable Objects directly (no edge in between) and times each call
// from the caller's side. Its bindings (COHORT_QUEUE, and INTAKE_SHARD when the bundle has it) point
// at the objects the edge workers reach; scripts/surge/local-service.ts wires them.
import { shardOf } from "../../src/domain/intake.ts";

type Stub = Record<string, (...args: unknown[]) => Promise<unknown>>;
interface Namespace {
  idFromName(name: string): unknown;
  get(id: unknown): Stub;
}

/**
 * People as the edge would send them to `joinMany`: eligible for the bench cohorts (born 1967-1968).
 * For a shard (`shard` of `shards`), only identities that shard holds, as the edge routes them.
 */
function joinRequests(prefix: string, from: number, count: number, shard?: { shard: number; shards: number }) {
  const people = [];
  for (let i = 0; people.length < count; i++) {
    const identity = `${prefix}-${from}-${i}`;
    if (shard && shardOf(identity, shard.shards) !== shard.shard) continue;
    people.push({ identity, birthDate: "1967-06-15", humanVerified: true });
  }
  return people;
}

function stubOf(env: Record<string, unknown>, binding: string, name: string): Stub {
  const namespace = env[binding] as Namespace | undefined;
  if (!namespace) throw new Error(`no binding ${binding}`);
  return namespace.get(namespace.idFromName(name));
}

/**
 * `calls` calls of `method` to one object, each with a batch of `batch` new people, from
 * `concurrency` callers at once (each waiting for its answer before the next call). Elapsed time over
 * calls is the object's time per call when it works on one call at a time and is kept busy.
 */
async function timeBatches(env: Record<string, unknown>, spec: Record<string, unknown>) {
  const stub = stubOf(env, String(spec.binding), String(spec.name));
  const method = String(spec.method ?? "joinMany");
  const batch = Number(spec.batch);
  const calls = Number(spec.calls);
  const concurrency = Number(spec.concurrency ?? 1);
  const prefix = String(spec.prefix);
  // A shard is named `${cohortId}:${shard}` and is told its address on every call.
  const [cohortId, shardText] = String(spec.name).split(":");
  const address = shardText === undefined ? null : { cohortId: cohortId!, shard: Number(shardText) };
  const shards = Number(spec.shards ?? 1);
  // The cohort's object's range call: one batch number per call, `batch` positions each.
  const call = (k: number) =>
    method === "allocate"
      ? stub.allocate!(0, 1_000_000 + Number(spec.seqBase ?? 0) + k, batch, Date.now())
      : address
        ? stub[method]!(joinRequests(prefix, k * batch, batch, { shard: address.shard, shards }), address)
        : stub[method]!(joinRequests(prefix, k * batch, batch));
  let next = 0;
  let maxMs = 0;
  let sumMs = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const k = next++;
        const t = Date.now();
        await call(k);
        const ms = Date.now() - t;
        sumMs += ms;
        maxMs = Math.max(maxMs, ms);
      }
    }),
  );
  const elapsedMs = Date.now() - started;
  return { batch, calls, concurrency, elapsedMs, msPerCall: elapsedMs / calls, latencyMs: { mean: sumMs / calls, max: maxMs } };
}

export default {
  async fetch(request: Request, env: Record<string, unknown>): Promise<Response> {
    const url = new URL(request.url);
    const spec = (await request.json()) as Record<string, unknown>;
    try {
      if (url.pathname === "/batches") return Response.json(await timeBatches(env, spec));
      if (url.pathname === "/call") {
        // One call, timed: `{ binding, name, method, args }`.
        const stub = stubOf(env, String(spec.binding), String(spec.name));
        const t = Date.now();
        const result = await stub[String(spec.method)]!(...((spec.args as unknown[]) ?? []));
        return Response.json({ ms: Date.now() - t, result });
      }
      if (url.pathname === "/has") return Response.json({ has: env[String(spec.binding)] !== undefined });
      return Response.json({ error: "no such probe" }, { status: 404 });
    } catch (error) {
      return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 500 });
    }
  },
};
