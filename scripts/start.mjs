// `npm start`: local secrets, D1 migrations, wrangler dev, then a demo cohort and clinics.
// `npm run reset` (`npm start -- --reset`): the same after deleting the local state, so the demo
// starts afresh.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { demoCohort, demoSupply } from "./demo-data.mjs";

const PORT = Number(process.env.PORT || 8787);
if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535) {
  console.error(`PORT=${process.env.PORT} is not a port number (1-65535).`);
  process.exit(1);
}
const BASE = `http://127.0.0.1:${PORT}`;
const COHORT_ID = "demo-1967-1968";
/** Where wrangler dev keeps local D1, KV and Durable Objects (the queue, its pre-queue, places). */
const STATE = ".wrangler/state";
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };

// Never talk to a server this script did not start: the seeding sends the admin token.
await stopIfPortTaken();

if (process.argv.includes("--reset")) {
  rmSync(STATE, { recursive: true, force: true });
  console.log(`Deleted ${STATE} (local D1, KV and Durable Objects): the demo starts afresh.`);
}

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("Created .dev.vars from .dev.vars.example (local-only secrets).");
} else {
  // A .dev.vars made before a secret was added (e.g. RECEIPT_KEYS) gets it from the example.
  const current = readFileSync(".dev.vars", "utf8");
  const missing = readFileSync(".dev.vars.example", "utf8")
    .split("\n")
    .filter((line) => /^[A-Z_]+=/.test(line) && !new RegExp(`^${line.split("=")[0]}=`, "m").test(current));
  if (missing.length > 0) {
    appendFileSync(".dev.vars", `\n${missing.join("\n")}\n`);
    console.log(`Added ${missing.map((line) => line.split("=")[0]).join(", ")} to .dev.vars from .dev.vars.example.`);
  }
}
const adminToken = /^ADMIN_TOKEN="?([^"\n]+)"?$/m.exec(readFileSync(".dev.vars", "utf8"))?.[1];

const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"], { stdio: "inherit", env });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

await stopIfPortTaken(); // again: the migrations took a while
const dev = spawn("npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(PORT)], { stdio: "inherit", env });
let stopping = false;
let answered = false;
let timedOut = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    dev.kill(signal);
  });
}
// The port was free just before this spawn, and once wrangler dev has gone whatever answers there
// is not ours: stop, seed nothing.
dev.on("exit", (code, signal) => {
  if (timedOut) process.exit(1);
  if (stopping || answered) process.exit(code ?? 0);
  console.error(`wrangler dev exited before it answered (${signal ?? `code ${code}`}); nothing was seeded.`);
  process.exit(code || 1);
});

if (await waitForServer()) {
  answered = true;
  try {
    await seed();
  } catch (error) {
    console.error("Seeding the demo failed:", error instanceof Error ? error.message : error);
  }
} else {
  console.error("wrangler dev did not answer within a minute; stopping it.");
  timedOut = true;
  dev.kill("SIGTERM");
}

/** Stops with a clear message when something already listens on the port. */
async function stopIfPortTaken() {
  if (await portIsFree(PORT)) return;
  console.error(`
  Port ${PORT} is already in use: another server (perhaps an earlier \`npm start\`) listens there.
  npm start stopped without starting anything or sending anything to it.
  Stop that server, or start on another port: PORT=${PORT + 1} npm start
`);
  process.exit(1);
}

/** True when nothing accepts connections on 127.0.0.1:port and this process could listen there. */
async function portIsFree(port) {
  const answers = await new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port })
      .once("connect", () => {
        socket.destroy();
        resolve(true);
      })
      .once("error", () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(true); // something is there, if slow
    });
  });
  if (answers) return false;
  return new Promise((resolve) => {
    const server = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => server.close(() => resolve(true)))
      .listen(port, "127.0.0.1");
  });
}

/** Waits until the wrangler dev this script started answers; false if it did not within a minute. */
async function waitForServer() {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (dev.exitCode !== null || dev.signalCode !== null) return false;
    try {
      const response = await fetch(`${BASE}/api/v1/cohorts`, { signal: AbortSignal.timeout(5000) });
      if (response.ok && dev.exitCode === null && dev.signalCode === null) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function seed() {
  const headers = { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json", "X-Operator": "npm start" };
  const now = Date.now();
  const { cohort, change } = await demoCohortFor(headers, now);
  if (change) {
    // Forced: the demo opens two minutes from now, inside the guard rails' "opening too soon" checks.
    const saved = await fetch(`${BASE}/admin/v1/cohorts/${COHORT_ID}?force=1&reason=npm+start+demo`, {
      method: "PUT",
      headers,
      body: JSON.stringify(cohort),
    });
    if (!saved.ok) return console.error("Seeding the demo cohort failed:", saved.status, await saved.text());
  }
  const supplied = await fetch(`${BASE}/admin/v1/supply`, { method: "PUT", headers, body: JSON.stringify(demoSupply(now)) });
  if (!supplied.ok) return console.error("Seeding the demo supply failed:", supplied.status, await supplied.text());
  const opening = cohort.windows.find((w) => Date.parse(w.closesAt) > now) ?? cohort.windows.at(-1);
  console.log(`
  Vaccination waiting room is running at ${BASE}

  Demo cohort "${COHORT_ID}" (born 1967-1968) ${Date.parse(opening.opensAt) > now ? "opens" : "opened"} at ${opening.opensAt}
  (before the opening its pre-queue is open; positions are drawn at the opening).

    Cohort page: ${BASE}/cohorts/${COHORT_ID}  (English: ${BASE}/en/cohorts/${COHORT_ID})
    Cohort API:  ${BASE}/api/v1/cohorts/${COHORT_ID}
    Slots:       ${BASE}/api/v1/cohorts/${COHORT_ID}/slots
    Admin token: in .dev.vars (ADMIN_TOKEN)
    Dashboard:   ${BASE}/admin  (operators; asks for the admin token)

  Follow the curl walk-through in docs/api.md to join, wait, book and read the booking.
`);
}

/**
 * The demo cohort to run. A restart keeps a demo that is still running (places, draws and bookings
 * of the last run stay valid); once every window has closed, a new opening is added after them,
 * since a window whose draw was made is never rewritten.
 */
async function demoCohortFor(headers, now) {
  const fresh = demoCohort(now, 2 * 60_000);
  const existing = await fetch(`${BASE}/admin/v1/cohorts/${COHORT_ID}`, { headers });
  if (existing.status === 404) return { cohort: fresh, change: true };
  if (!existing.ok) throw new Error(`reading the demo cohort failed: ${existing.status} ${await existing.text()}`);
  const { id: _id, ...current } = (await existing.json()).cohort;
  if (current.windows.some((w) => Date.parse(w.closesAt) > now)) return { cohort: current, change: false };
  return { cohort: { ...current, windows: [...current.windows, ...fresh.windows] }, change: true };
}
