// `npm run rehearse -- --find-rate`: the admission rate this deployment's booking path sustains,
// measured instead of guessed. Step after step (doubling, then bisection: src/domain/capacity-search.ts)
// a throwaway cohort admits a line at one rate and everyone books as soon as admitted; the figure is
// the highest rate whose booking p95 stayed under the target on both sides with no failure. Locally
// it serves the Worker on loopback; with --base-url it drives a deployed staging address instead.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { type CapacitySearchBounds, capacityFound, nextRateToTry } from "../../src/domain/capacity-search.ts";
import { putSupply, supplyLoad, type Target } from "../surge/cohort-client.ts";
import { buildWorker, startService } from "../surge/local-service.ts";
import { runStep, type StepResult } from "./rate-step.ts";

/** Its own port in this project's range (8850-8859), so it can run beside the bench or the rehearsal. */
const PORT = 8853;
const SLOTS = 12;
/** People numbers a step may use: the line of one step at the highest rate, with room to spare. */
const PEOPLE_PER_STEP = 20_000;

const log = (line: string) => process.stderr.write(`find-rate: ${line}\n`);
const count = (n: number) => n.toLocaleString("en-US");

function options(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      "find-rate": { type: "boolean" },
      "target-p95-ms": { type: "string", default: "1000" },
      "base-url": { type: "string" },
      "start-rate": { type: "string", default: "600" },
      "max-rate": { type: "string", default: "30000" },
      "step-seconds": { type: "string", default: "15" },
      "max-seconds": { type: "string", default: "240" },
      "max-steps": { type: "string", default: "8" },
      precision: { type: "string", default: "0.15" },
    },
    strict: true,
  });
  const number = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${String(values[name])}`);
    return n;
  };
  const bounds: CapacitySearchBounds = {
    startPerMinute: number("start-rate"),
    maxPerMinute: Math.min(number("max-rate"), Math.floor((PEOPLE_PER_STEP * 60) / number("step-seconds"))),
    minPerMinute: 60,
    precision: number("precision"),
    granularityPerMinute: 10,
    maxSteps: number("max-steps"),
  };
  return {
    targetP95Ms: number("target-p95-ms"),
    baseUrl: values["base-url"]?.replace(/\/$/, "") ?? null,
    stepSeconds: number("step-seconds"),
    maxSeconds: number("max-seconds"),
    bounds,
  };
}

/** The machine the figure was measured on: where the crowd ran, and where the service ran when local. */
function machine(baseUrl: string | null): string {
  const cpus = os.cpus();
  const here = `${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.versions.node}`;
  return baseUrl ? `crowd on ${here}; service at ${baseUrl}` : `crowd and service (workerd through Miniflare, loopback) on ${here}`;
}

/** A local service on loopback, or the staging deployment named by --base-url with its admin token from the environment. */
async function targetFor(baseUrl: string | null): Promise<{ target: Target; dispose: () => Promise<void> }> {
  if (baseUrl) {
    const adminToken = process.env.FIND_RATE_ADMIN_TOKEN;
    if (!adminToken) throw new Error("--base-url needs the deployment's admin token in FIND_RATE_ADMIN_TOKEN");
    return { target: { url: baseUrl, adminToken }, dispose: async () => undefined };
  }
  log("building the Worker and serving it on loopback");
  const bundle = buildWorker("rehearsal-results/find-rate-build");
  const service = await startService({ bundle, persistDir: "rehearsal-results/find-rate-state", fresh: true, port: PORT });
  return { target: service, dispose: () => service.dispose() };
}

function describeStep(index: number, step: StepResult): string {
  const ms = (v: number | null) => (v === null ? "n/a" : `${count(v)} ms`);
  return (
    `step ${index + 1}: ${count(step.ratePerMinute)}/min: ${count(step.people)} in line (joined in ${step.joinSeconds} s), ` +
    `admitted ${count(step.admitted)}, booked ${count(step.booked)} in ${step.seconds} s (planned ${step.plannedSeconds} s; ${count(step.bookedPerMinute)}/min), ` +
    `booking p95 client ${ms(step.clientP95Ms)} / server commit ${ms(step.serverP95Ms)}, failures ${step.failures}` +
    ` -> ${step.passed ? "pass" : `fail (${step.reasons.join("; ")})`}`
  );
}

/** Runs the whole search and prints each step, then one JSON line `{"findRate": ...}`. */
export async function findRate(argv: readonly string[]): Promise<void> {
  const startedMs = Date.now();
  const settings = options(argv);
  const { target, dispose } = await targetFor(settings.baseUrl);
  const run = startedMs.toString(36);
  // Fresh people every run: a person keeps one live booking across cohorts, and staging keeps old runs' bookings.
  const firstPerson = Math.floor(Math.random() * 4000) * 180_000;
  const steps: StepResult[] = [];
  let stoppedBecause = "the search converged";
  let joinsPerSecond = 200;
  try {
    const supply = supplyLoad("find-rate", SLOTS, 20_000);
    await putSupply(target, supply);
    const slots = supply.slots.map((s) => s.id);
    log(
      `target p95 ${settings.targetP95Ms} ms, steps of ${settings.stepSeconds} s, rates ${settings.bounds.startPerMinute} to ${settings.bounds.maxPerMinute}/min, at most ${settings.maxSeconds} s in all`,
    );
    for (let rate = nextRateToTry(steps, settings.bounds); rate !== null; rate = nextRateToTry(steps, settings.bounds)) {
      const people = Math.ceil((rate * settings.stepSeconds) / 60);
      const needs = people / joinsPerSecond + settings.stepSeconds + 8;
      if ((Date.now() - startedMs) / 1000 + needs > settings.maxSeconds) {
        stoppedBecause = `out of time: a step at ${rate}/min needs about ${Math.round(needs)} s more`;
        break;
      }
      const step = await runStep(target, {
        cohortId: `find-rate-${run}-${steps.length + 1}`,
        ratePerMinute: rate,
        seconds: settings.stepSeconds,
        firstPerson: firstPerson + steps.length * PEOPLE_PER_STEP,
        vaccineId: supply.vaccines[0]!.id,
        slots,
        targetP95Ms: settings.targetP95Ms,
      });
      joinsPerSecond = Math.max(50, step.people / Math.max(step.joinSeconds, 0.1));
      steps.push(step);
      log(describeStep(steps.length - 1, step));
      if (Object.keys(step.errors).some((e) => e.startsWith("join 429"))) {
        // Not the booking path: one load machine is one client address (JOIN_RATE_LIMITER, docs/surge.md).
        stoppedBecause = "joins were rate limited (429): raise JOIN_RATE_LIMITER on this deployment or drive it from many addresses";
        break;
      }
    }
    if (steps.length >= settings.bounds.maxSteps && stoppedBecause === "the search converged")
      stoppedBecause = `the step limit (${settings.bounds.maxSteps})`;
  } finally {
    await dispose();
  }
  const ratePerMinute = capacityFound(steps);
  const date = new Date(startedMs).toISOString();
  const findRateReport = {
    ratePerMinute,
    targetP95Ms: settings.targetP95Ms,
    steps,
    machine: machine(settings.baseUrl),
    date,
    target: settings.baseUrl ?? "loopback",
    stepSeconds: settings.stepSeconds,
    stoppedBecause,
    seconds: Math.round((Date.now() - startedMs) / 1000),
  };
  log(
    ratePerMinute === null
      ? `no rate passed (${stoppedBecause})`
      : `sustained ${count(ratePerMinute)} a minute with booking p95 under ${settings.targetP95Ms} ms (${stoppedBecause}); for the dry run: "measuredCapacity": ${JSON.stringify({ perMinute: ratePerMinute, measuredAt: date, source: `npm run rehearse -- --find-rate, ${findRateReport.target}` })}`,
  );
  mkdirSync("rehearsal-results", { recursive: true });
  writeFileSync(`rehearsal-results/find-rate-${date.replace(/[:.]/g, "-")}.json`, `${JSON.stringify(findRateReport, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify({ findRate: findRateReport })}\n`);
}
