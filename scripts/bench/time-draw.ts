// `node scripts/bench/time-draw.ts`: the bench's opening draw on its own (a pre-queue of
// BENCH_PREQUEUE over BENCH_SHARDS shards, timed as `npm run bench` times it), in about a minute.
// For working on the draw; `npm run bench` reports the same figures. See docs/surge.md.
import path from "node:path";
import { cohortConfig, joinAs, putCohort } from "../surge/cohort-client.ts";
import { buildWorker, PORTS, startService } from "../surge/local-service.ts";
import { queueObjectFile, seedPrequeueAndOpen, shardFiles } from "../surge/seed-queue.ts";
import { timeOpeningDraw } from "./draw.ts";
import { timedCall } from "./probe.ts";

const PREQUEUE = Number(process.env.BENCH_PREQUEUE ?? 200_000);
const SHARDS = Number(process.env.BENCH_SHARDS ?? 16);
// Another port of the project's range (8850-8859) lets it run while a bench or rehearsal holds 8850.
const PORT = Number(process.env.BENCH_PORT ?? PORTS.app);
const PERSIST = "bench-results/draw-state";
const DRAW = "bench-draw";

const log = (line: string) => process.stderr.write(`time-draw: ${line}\n`);

async function main() {
  log("building the Worker and the probe");
  const bundle = buildWorker("bench-results/build");
  const probe = buildWorker("bench-results/build-probe", "scripts/bench/probe.wrangler.toml");
  let service = await startService({ bundle, persistDir: PERSIST, fresh: true, probe, port: PORT });
  const config = cohortConfig(Date.now() + 600_000, { ratePerMinute: 3000, maxInBookingStep: 5000 });
  await putCohort(service, DRAW, { ...config, intake: { shards: SHARDS, flushMs: 400 } });
  await joinAs(service, DRAW, 80_000_000); // in its pre-queue
  // Every shard must exist on disk before it is seeded (a shard writes its address on its first call).
  for (let shard = 0; shard < SHARDS; shard++) {
    await timedCall(service.probeUrl!, "INTAKE_SHARD", `${DRAW}:${shard}`, "statusMany", [[], { cohortId: DRAW, shard }]);
  }
  await service.dispose();
  log(`opening with ${PREQUEUE} in the pre-queue over ${SHARDS} shards`);
  seedPrequeueAndOpen(queueObjectFile(path.resolve(PERSIST), DRAW), shardFiles(path.resolve(PERSIST), DRAW, SHARDS), PREQUEUE);
  service = await startService({ bundle, persistDir: PERSIST, fresh: false, probe, port: PORT });
  try {
    const draw = await timeOpeningDraw(service, DRAW);
    process.stdout.write(`${JSON.stringify({ openingDraw: draw, shards: SHARDS })}\n`);
  } finally {
    await service.dispose();
  }
}

await main();
