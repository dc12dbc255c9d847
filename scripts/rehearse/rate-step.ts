// One step of the capacity search (`npm run rehearse -- --find-rate`): a throwaway cohort admitting
// at one rate, with adaptive admission off so the step measures the backend and not the controller.
// A line of a step's worth of people joins while admission is paused; on resume each polls as the
// service tells them (at most every 2 s) and books the moment they are admitted. Booking answers
// are timed by the crowd, commits by the booking path itself (the stats' `adaptive.health`).
import { type StepMeasure, type StepVerdict, stepVerdict } from "../../src/domain/capacity-search.ts";
import {
  cohortConfig,
  cohortStats,
  controlCohort,
  inParallel,
  joinAs,
  nationalIdOf,
  pollWith,
  putCohort,
  type Target,
} from "../surge/cohort-client.ts";

/** What one step is asked to do. */
export interface StepPlan {
  cohortId: string;
  ratePerMinute: number;
  /** How long admission runs at the rate: the line holds this many seconds' worth of people. */
  seconds: number;
  /** Person numbers of this step start here, so no one joins two steps. */
  firstPerson: number;
  vaccineId: string;
  slots: readonly string[];
  targetP95Ms: number;
}

/** What one step measured, with its verdict. */
export interface StepResult extends StepMeasure, StepVerdict {
  ratePerMinute: number;
  /** Seconds the line took to join (paused: not part of the measure). */
  joinSeconds: number;
  bookedPerMinute: number;
  clientP50Ms: number | null;
  /** The worst 10-second span the server reported: commits timed, failures, p95. */
  serverWorstSpan: { samples: number; failures: number; p95CommitMs: number | null };
  errors: Record<string, number>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

async function book(target: Target, cohortId: string, grant: string, body: unknown): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${target.url}/api/v1/cohorts/${cohortId}/bookings`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${grant}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  return { status: response.status, ...(answer?.error?.code ? { code: answer.error.code } : {}) };
}

/** Reads the server's commit health every 5 s until stopped; keeps the worst span by p95 and the most failures seen. */
function watchServer(target: Target, cohortId: string) {
  let worst = { samples: 0, failures: 0, p95CommitMs: null as number | null };
  let wake: () => void = () => undefined;
  let running = true;
  const read = async () => {
    const health = (await cohortStats(target, cohortId)).adaptive.health as typeof worst;
    const failures = Math.max(worst.failures, health.failures);
    const slower = health.samples > 0 && (worst.p95CommitMs === null || (health.p95CommitMs ?? 0) > worst.p95CommitMs);
    worst = { ...(slower ? health : worst), failures };
  };
  const done = (async () => {
    while (running) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (running) await read().catch(() => undefined);
    }
  })();
  return {
    stop: async () => {
      running = false;
      wake();
      await done;
      await read().catch(() => undefined); // the last span, after the last booking
      return worst;
    },
  };
}

/** Sets up the step's cohort, joins its line, admits it at the rate and measures the bookings. */
export async function runStep(target: Target, plan: StepPlan): Promise<StepResult> {
  const people = Math.max(10, Math.ceil((plan.ratePerMinute * plan.seconds) / 60));
  const errors: Record<string, number> = {};
  const fail = (what: string) => {
    errors[what] = (errors[what] ?? 0) + 1;
  };
  const openedMs = Date.now() - 60_000;
  await putCohort(target, plan.cohortId, {
    ...cohortConfig(openedMs, {
      ratePerMinute: plan.ratePerMinute,
      // Thirty seconds' worth: the cap never sets the pace, admission does.
      maxInBookingStep: Math.max(50, Math.ceil(plan.ratePerMinute / 2)),
      prequeueLeadMinutes: 0,
      grantLifetimeSeconds: 300,
    }),
    vaccines: [plan.vaccineId],
    adaptive: { enabled: false, floorPerMinute: null, commitP95TargetMs: plan.targetP95Ms },
  });
  await controlCohort(target, plan.cohortId, "pause", "capacity search: line joins first");

  const joinStarted = Date.now();
  const tickets = await inParallel(
    Array.from({ length: people }, (_, i) => plan.firstPerson + i),
    32,
    async (person) => {
      const joined = await joinAs(target, plan.cohortId, person).catch(() => ({ status: 0, body: null }));
      if (joined.status !== 200 || !joined.body?.ticket) {
        fail(`join ${joined.status} ${joined.body?.error?.code ?? ""}`.trim());
        return null;
      }
      return joined.body.ticket as string;
    },
  );
  const joinSeconds = (Date.now() - joinStarted) / 1000;

  await controlCohort(target, plan.cohortId, "resume", "capacity search: admission runs");
  const releasedMs = Date.now();
  const deadlineMs = releasedMs + plan.seconds * 1250 + 10_000;
  const server = watchServer(target, plan.cohortId);
  const bookingMs: number[] = [];
  let admitted = 0;
  let booked = 0;
  let lastBookedMs = releasedMs;

  await Promise.all(
    tickets.map(async (first, i) => {
      if (first === null) return;
      let ticket = first;
      const person = plan.firstPerson + i;
      await pause(Math.random() * 1000); // the crowd does not poll in lockstep
      while (Date.now() < deadlineMs) {
        const answer = await pollWith(target, plan.cohortId, ticket).catch(() => ({ status: 0, body: null }));
        if (answer.status !== 200) {
          fail(`poll ${answer.status} ${answer.body?.error?.code ?? ""}`.trim());
          await pause(1000);
          continue;
        }
        if (answer.body.ticket) ticket = answer.body.ticket;
        if (answer.body.state === "admitted" && answer.body.grant) {
          admitted += 1;
          const sentMs = performance.now();
          const slotId = plan.slots[person % plan.slots.length]!;
          const answered = await book(target, plan.cohortId, answer.body.grant, {
            nationalId: nationalIdOf(person),
            name: `Person ${person}`,
            slotId,
          }).catch(() => ({ status: 0, code: "network" }));
          bookingMs.push(performance.now() - sentMs);
          if (answered.status === 201 || answered.status === 200) {
            booked += 1;
            lastBookedMs = Date.now();
          } else fail(`book ${answered.status} ${answered.code ?? ""}`.trim());
          return;
        }
        await pause(Math.min(2, answer.body.pollAfterSeconds ?? 2) * 1000);
      }
      fail("not admitted by the step's deadline");
    }),
  );

  const worst = await server.stop();
  await controlCohort(target, plan.cohortId, "close", "capacity search: step done").catch(() => undefined);
  const seconds = Math.max(0.001, (lastBookedMs - releasedMs) / 1000);
  const measure: StepMeasure = {
    people,
    admitted,
    booked,
    failures: Object.values(errors).reduce((a, b) => a + b, 0),
    plannedSeconds: Math.round((people / plan.ratePerMinute) * 600) / 10,
    seconds: Math.round(seconds * 10) / 10,
    clientP95Ms: quantile(bookingMs, 0.95),
    serverP95Ms: worst.p95CommitMs,
  };
  return {
    ratePerMinute: plan.ratePerMinute,
    ...measure,
    ...stepVerdict(measure, plan.targetP95Ms),
    joinSeconds: Math.round(joinSeconds * 10) / 10,
    bookedPerMinute: Math.round((booked / seconds) * 60),
    clientP50Ms: quantile(bookingMs, 0.5),
    serverWorstSpan: worst,
    errors,
  };
}
