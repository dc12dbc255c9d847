// Starts the Worker as `npm start` does (wrangler dev, local D1/KV/Durable Objects) on a free port
// of this suite's range, with test-only secrets and its own throwaway storage; stops it after.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Ports this suite may use (issue 6's range, or ten from BROWSER_TEST_FIRST_PORT for an engineer
 * given another range), so parallel runs on one machine do not collide.
 */
const PORTS = Array.from({ length: 10 }, (_, i) => (Number(process.env.BROWSER_TEST_FIRST_PORT) || 8860) + i);

/** Test-only secrets: never deployed anywhere. */
export const TEST_SECRETS = {
  TOKEN_KEYS: "browser-1:browser-test-signing-key-0123456789abcdef",
  ID_HASH_KEY: "browser-test-id-hash-key-0123456789abcdef",
  ADMIN_TOKEN: "browser-test-admin-token-0123456789",
  TURNSTILE_SECRET_KEY: "1x0000000000000000000000000000000AA",
  RECEIPT_KEYS: "browser-receipt-1:MC4CAQAwBQYDK2VwBCIEIH4ws6bdqnRs24Tgs-DS4QWmT_mUEAWLRFoXqrLeVN6n",
  AGENT_TOKENS: "agent-browser-01:browser-test-agent-token-0123456789",
  PHONE_KEY: "browser-test-phone-key-0123456789abcdef",
  NOTIFY_PROVIDER: "fake",
  NOTIFY_WEBHOOK_SECRET: "browser-test-webhook-secret-0123456789",
};

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => server.close(() => resolve(true)))
      .listen(port, "127.0.0.1");
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Claims a port of the range with a lock file, so that two runs of this suite on one machine
 * (several worktrees, one CI) never share a port, even when both look at the same moment. A lock
 * left by a run that died is taken over.
 */
function claim(port: number): string | null {
  const lock = path.join(tmpdir(), `wr-browser-port-${port}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      return lock;
    } catch {
      const owner = Number(readFileSync(lock, "utf8"));
      if (owner && isRunning(owner)) return null;
      rmSync(lock, { force: true });
    }
  }
  return null;
}

async function claimPorts(count: number): Promise<Array<{ port: number; lock: string }>> {
  const claimed: Array<{ port: number; lock: string }> = [];
  for (const port of PORTS) {
    if (claimed.length === count) break;
    const lock = claim(port);
    if (!lock) continue;
    if (await isFree(port)) claimed.push({ port, lock });
    else rmSync(lock, { force: true });
  }
  if (claimed.length < count) {
    for (const { lock } of claimed) rmSync(lock, { force: true });
    throw new Error(`browser suite: no ${count} free ports in ${PORTS[0]}-${PORTS.at(-1)}`);
  }
  return claimed;
}

/** A running local service. */
export interface Service {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts wrangler dev and waits until it answers. */
export async function startService(root: string): Promise<Service> {
  const ports = await claimPorts(2);
  const [port, inspectorPort] = ports.map((p) => p.port) as [number, number];
  const state = mkdtempSync(path.join(tmpdir(), "wr-browser-"));
  const envFile = path.join(state, "secrets.env");
  writeFileSync(
    envFile,
    Object.entries(TEST_SECRETS)
      .map(([k, v]) => `${k}="${v}"`)
      .join("\n"),
  );
  // This Node (24, from the `node` devDependency) runs wrangler and anything it starts.
  const bin = path.join(root, "node_modules/.bin");
  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    WRANGLER_SEND_METRICS: "false",
    CI: "1",
    NO_COLOR: "1",
  };
  const wrangler = [path.join(root, "node_modules/wrangler/bin/wrangler.js")];

  const migrated = spawnSync(process.execPath, [...wrangler, "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (migrated.status !== 0) throw new Error(`D1 migrations failed:\n${migrated.stdout}\n${migrated.stderr}`);

  const args = [
    ...wrangler,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    state,
  ];
  args.push("--env-file", envFile, "--show-interactive-dev-session=false");
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM"); // wrangler and the workerd it started
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    rmSync(state, { recursive: true, force: true });
    for (const { lock } of ports) rmSync(lock, { force: true });
  };
  // Only our own wrangler saying it is ready on our port counts: never some other server there.
  const ready = `Ready on ${baseUrl}`;
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) break;
    if (!output.includes(ready)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if ((await fetch(`${baseUrl}/api/v1/cohorts`)).ok) return { baseUrl, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not start:\n${output}`);
}
