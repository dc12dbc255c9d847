// `node scripts/bench/profile-join.ts`: where the edge's CPU goes in a join (or, with
// PROFILE_ROUTE=poll, in a poll of someone far from the front). Serves the Worker as the bench does
// (one edge isolate), takes a CPU profile of the edge isolate through workerd's inspector while
// autocannon drives the route, and prints the inclusive share of the functions on its path.
// Not part of `npm run bench` (a profiler slows what it watches); see docs/surge.md.
import type { RawRequest } from "autocannon";
import { addressOf, cohortConfig, nationalIdOf, putCohort } from "../surge/cohort-client.ts";
import { measure } from "../surge/load.ts";
import { buildWorker, PORTS, startService } from "../surge/local-service.ts";

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 8);
const COHORT = "profile-join";
const ROUTE = process.env.PROFILE_ROUTE === "poll" ? "poll" : "join";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One Chrome DevTools protocol session with a worker's isolate. */
async function inspector(port: number, worker: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/core:user:${worker}`);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve) => {
        id += 1;
        waiting.set(id, resolve as (result: unknown) => void);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** Milliseconds each function name was on the stack (inclusive) and at its top (self), over all samples. */
function shares(profile: Profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((sample, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(sample)!;
    if (leaf.callFrame.functionName === "(idle)" || leaf.callFrame.functionName === "(program)") return;
    total += ms;
    const leafName = leaf.callFrame.functionName || `(anonymous ${leaf.callFrame.lineNumber})`;
    self.set(leafName, (self.get(leafName) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = sample; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const name = frame.functionName || `(anonymous ${frame.lineNumber})`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  });
  return { total, inclusive, self };
}

async function main() {
  const bundle = buildWorker("bench-results/build-profile");
  const service = await startService({ bundle, persistDir: "bench-results/state-profile", fresh: true, inspectorPort: PORTS.inspector });
  try {
    await putCohort(service, COHORT, cohortConfig(Date.now() - 60_000, { ratePerMinute: 60, maxInBookingStep: 100 }));
    let next = 0;
    const joins = (seconds: number) =>
      measure({
        url: service.url,
        connections: 50,
        duration: seconds,
        requests: [
          {
            method: "POST",
            path: `/api/v1/cohorts/${COHORT}/queue`,
            setupRequest: (request: RawRequest) => {
              const index = next++;
              return {
                ...request,
                headers: { "Content-Type": "application/json", "CF-Connecting-IP": addressOf(index) },
                body: JSON.stringify({ nationalId: nationalIdOf(index) }),
              };
            },
            onResponse: (status: number, body: string) => {
              if (status === 200 && tickets.length < 20_000) tickets.push((JSON.parse(body) as { ticket: string }).ticket);
            },
          },
        ],
      });
    const tickets: string[] = [];
    let polled = 0;
    const polls = (seconds: number) =>
      measure({
        url: service.url,
        connections: 50,
        duration: seconds,
        requests: [
          {
            method: "GET",
            path: `/api/v1/cohorts/${COHORT}/queue`,
            // The last tickets: far from the front at 60 a minute, so the answer needs only the progress.
            setupRequest: (request: RawRequest) => ({
              ...request,
              headers: { Authorization: `Bearer ${tickets[tickets.length - 1 - (polled++ % Math.floor(tickets.length / 2))]}` },
            }),
          },
        ],
      });
    const route = ROUTE === "poll" ? polls : joins;
    await joins(2); // warm-up, and tickets to poll with
    if (ROUTE === "poll") await polls(2);
    const edge = await inspector(PORTS.inspector, "edge");
    await edge.send("Profiler.enable");
    await edge.send("Profiler.setSamplingInterval", { interval: 200 });
    await edge.send("Profiler.start");
    const run = await route(SECONDS);
    const { profile } = await edge.send<{ profile: Profile }>("Profiler.stop");
    edge.close();
    const { total, inclusive, self } = shares(profile);
    const perRequest = (ms: number) => Math.round((ms / run.requests) * 1000) / 1000;
    const top = (map: Map<string, number>, n: number) =>
      [...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([name, ms]) => ({ name, msPerRequest: perRequest(ms), share: Math.round((ms / total) * 1000) / 10 }));
    process.stdout.write(
      `${JSON.stringify({ route: ROUTE, requests: run.requests, rps: run.rps, sampledMsPerRequest: perRequest(total), inclusive: top(inclusive, 45), self: top(self, 25) }, null, 1)}\n`,
    );
  } finally {
    await service.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`profile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
