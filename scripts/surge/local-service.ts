// Builds the Worker as `wrangler deploy --dry-run` does and serves the bundle straight from workerd
// through Miniflare's API: no `wrangler dev` proxy in front (it caps throughput near 1,000 requests
// a second). Local D1, KV, rate limiter and Durable Objects, all on loopback.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

/** Bench and rehearsal ports (this project's range for local servers is 8850-8859). */
export const PORTS = { app: 8850, inspector: 8851, baseline: 8852 } as const;

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Builds a Worker with wrangler's dry-run deploy into `outDir`; returns the bundle's path. */
export function buildWorker(outDir: string, configPath = "wrangler.toml"): string {
  const out = path.join(ROOT, outDir);
  rmSync(out, { recursive: true, force: true });
  // The Node running this script (24, from the `node` devDependency), not whatever `node` is on PATH.
  const wrangler = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");
  const built = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--config", configPath, "--outdir", out], {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`wrangler build failed:\n${built.stdout}\n${built.stderr}`);
  const bundle = readdirSync(out).find((name) => name.endsWith(".js"));
  if (!bundle) throw new Error(`wrangler wrote no bundle into ${out}`);
  return path.join(outDir, bundle);
}

/** The local-only secrets `npm start` uses, read from .dev.vars.example. */
export function localSecrets(): Record<string, string> {
  const text = readFileSync(path.join(ROOT, ".dev.vars.example"), "utf8");
  const secrets: Record<string, string> = {};
  for (const match of text.matchAll(/^([A-Z_]+)="?([^"\n]*)"?$/gm)) secrets[match[1]!] = match[2]!;
  return secrets;
}

/** A running local instance. */
export interface LocalService {
  url: string;
  /**
   * Each edge isolate's own address (a direct socket, past Miniflare's entry worker), when the
   * service was started with `edgeIsolates`; otherwise just `url`.
   */
  edgeUrls: string[];
  /** The bench probe's address (scripts/bench/probe-worker.ts), when started with `probe`. */
  probeUrl: string | null;
  /** The Durable Object bindings the bundle declares (COHORT_QUEUE, and INTAKE_SHARD once it exists). */
  objectBindings: string[];
  adminToken: string;
  /** Where D1, KV and the Durable Objects keep their SQLite files. */
  persistDir: string;
  /** The bookings database, for checks a client cannot make (overbooking). */
  bookingsDb(): Promise<{ prepare(query: string): { all<T = Record<string, unknown>>(): Promise<{ results: T[] }> } }>;
  dispose(): Promise<void>;
}

/**
 * Serves the production bundle with the bindings of wrangler.toml. The Durable Objects run in a
 * second worker (same bundle, named "queue") so that their isolate, and so its memory, can be
 * measured apart from the edge's, as in production where they run on machines of their own.
 * `edgeIsolates` adds that many more edge workers of the same bundle, each its own isolate on its
 * own port and all reaching the same objects: one workerd shaped like a location's many machines.
 * `probe` adds the bench's probe worker (a bundle), bound to the same objects.
 */
export async function startService(options: {
  bundle: string;
  persistDir: string;
  fresh: boolean;
  port?: number;
  inspectorPort?: number;
  vars?: Record<string, string>;
  edgeIsolates?: number;
  probe?: string;
}): Promise<LocalService> {
  if (options.fresh) rmSync(path.join(ROOT, options.persistDir), { recursive: true, force: true });
  mkdirSync(path.join(ROOT, options.persistDir), { recursive: true });
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(ROOT, "wrangler.toml"));
  const { modulesRules: _rules, rootPath: _root, ...bindingsOptions } = workerOptions as Record<string, unknown>;
  const secrets = localSecrets();
  const worker = {
    ...bindingsOptions,
    modules: true,
    scriptPath: options.bundle,
    bindings: { ...(workerOptions.bindings as Record<string, unknown>), ...secrets, ...options.vars },
  };
  // Every Durable Object class wrangler.toml declares, hosted by the "queue" worker.
  const classes = objectClasses(workerOptions.durableObjects);
  const hosted = (scriptName?: string) =>
    Object.fromEntries(
      classes.map(({ binding, className }) => [binding, { className, useSQLite: true, ...(scriptName ? { scriptName } : {}) }]),
    );
  const direct = { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] };
  // A queue has one consumer: the worker named "edge" (the others of the same bundle only send).
  const { queueConsumers: _consumers, ...producer } = worker as typeof worker & { queueConsumers?: unknown };
  const edges = Array.from({ length: options.edgeIsolates ?? 0 }, (_, i) => ({
    ...producer,
    name: `edge-${i}`,
    durableObjects: hosted("queue"),
    ...direct,
  }));
  const probe = options.probe
    ? [
        {
          name: "probe",
          modules: true,
          scriptPath: options.probe,
          compatibilityDate: "2026-10-23",
          durableObjects: hosted("queue"),
          ...direct,
        },
      ]
    : [];
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      workers: [
        { ...worker, name: "edge", durableObjects: hosted("queue") },
        { ...producer, name: "queue", durableObjects: hosted() },
        ...edges,
        ...probe,
      ],
      host: "127.0.0.1",
      port: options.port ?? PORTS.app,
      ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
      resourcePersistencePath: path.join(ROOT, options.persistDir),
      log: undefined,
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const url = (await miniflare.ready).href.replace(/\/$/, "");
  if (options.fresh) await applyMigrations(await miniflare.getD1Database("DB", "edge"));
  const directUrl = async (name: string) => (await miniflare.unsafeGetDirectURL(name)).href.replace(/\/$/, "");
  const edgeUrls = edges.length > 0 ? await Promise.all(edges.map((edge) => directUrl(edge.name))) : [url];
  return {
    url,
    edgeUrls,
    probeUrl: options.probe ? await directUrl("probe") : null,
    objectBindings: classes.map((c) => c.binding),
    adminToken: secrets.ADMIN_TOKEN!,
    persistDir: options.persistDir,
    bookingsDb: async () => (await miniflare.getD1Database("DB", "edge")) as unknown as Awaited<ReturnType<LocalService["bookingsDb"]>>,
    dispose: () => miniflare.dispose(),
  };
}

/** The Durable Object bindings of wrangler.toml, as wrangler hands them to Miniflare. */
function objectClasses(declared: unknown): Array<{ binding: string; className: string }> {
  return Object.entries((declared ?? {}) as Record<string, string | { className: string }>).map(([binding, spec]) => ({
    binding,
    className: typeof spec === "string" ? spec : spec.className,
  }));
}

/** Applies migrations/*.sql in order, as `wrangler d1 migrations apply --local` would on a new database. */
async function applyMigrations(db: { prepare(query: string): { run(): Promise<unknown> } }): Promise<void> {
  const dir = path.join(ROOT, "migrations");
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort()) {
    for (const statement of readFileSync(path.join(dir, file), "utf8").split("--> statement-breakpoint")) {
      if (statement.trim()) await db.prepare(statement).run();
    }
  }
}

/** Serves a bundle that needs no bindings (the hello-world baseline) the same way. */
export async function startPlainWorker(bundle: string, port: number): Promise<{ url: string; dispose(): Promise<void> }> {
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      workers: [{ name: "baseline", modules: true, scriptPath: bundle, compatibilityDate: "2026-10-23" }],
      host: "127.0.0.1",
      port,
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const url = (await miniflare.ready).href.replace(/\/$/, "");
  return { url, dispose: () => miniflare.dispose() };
}
