// `npm run rehearse`: replays an opening against a local instance before the real one. A crowd
// shaped like 2021 (early birds in the pre-queue with several tabs, a cliff at the opening,
// reloads, bypass attempts) goes through join, wait, admission and booking in real time; the
// rehearsal then reports order, the booking-step cap, places lost, overbookings, waits and the
// load on the queue object, and draws them into rehearsal-results/ (git-ignored).
// `npm run rehearse -- --find-rate` searches for the admission rate the booking path sustains
// instead (scripts/rehearse/find-rate.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import { rehearsalChart, type Sample } from "./rehearse/chart.ts";
import { admissionsInPositionOrder, orderReport, round, waitReport } from "./rehearse/checks.ts";
import { BYPASSES, livePerson, type PersonLog, planCrowd, RequestMeter, random } from "./rehearse/crowd.ts";
import { findRate } from "./rehearse/find-rate.ts";
import { cohortConfig, cohortStats, objectLoad, putCohort, putSupply, supplyLoad } from "./surge/cohort-client.ts";
import { buildWorker, type LocalService, startService } from "./surge/local-service.ts";

const PEOPLE = Number(process.env.REHEARSE_PEOPLE ?? 2000);
const PREQUEUE_SECONDS = Number(process.env.REHEARSE_PREQUEUE_SECONDS ?? 30);
/** Admission at a rate that lets the whole crowd in within about two minutes; the cap at eight seconds' worth (a booking takes 2-8 s here). */
const RATE_PER_MINUTE = Number(process.env.REHEARSE_RATE ?? Math.max(60, Math.round(PEOPLE / 2)));
const CAP = Number(process.env.REHEARSE_CAP ?? Math.max(5, Math.round((RATE_PER_MINUTE / 60) * 8)));
const MAX_SECONDS_AFTER_OPENING = Number(process.env.REHEARSE_MAX_SECONDS ?? 300);
/** As production is shaped: the crowd spread over many edge isolates, the cohort's places over intake shards. */
const ISOLATES = Number(process.env.REHEARSE_ISOLATES ?? 16);
const SHARDS = Number(process.env.REHEARSE_SHARDS ?? 4);
const SLOTS = 12;
/** Mid-opening, the booking backend slows down (every commit delayed) for a while, then recovers: admission must follow it. */
const SLOW_AT_SECONDS = Number(process.env.REHEARSE_SLOW_AT ?? 20);
const SLOW_FOR_SECONDS = Number(process.env.REHEARSE_SLOW_FOR ?? 30);
const SLOW_DELAY_MS = Number(process.env.REHEARSE_SLOW_MS ?? 2500);
/** Commits slower than this at the 95th percentile count as a struggling backend. */
const COMMIT_P95_TARGET_MS = 1000;
const COHORT = "rehearsal";

const log = (line: string) => process.stderr.write(`rehearse: ${line}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Samples the operators' stats and the object's invocations once a second until stopped. */
function startSampler(service: LocalService, meter: RequestMeter) {
  const samples: Sample[] = [];
  let running = true;
  let previous: { atMs: number; total: number; stats: number; booking: number } | null = null;
  const done = (async () => {
    while (running) {
      const tick = pause(1000);
      try {
        const [stats, load] = await Promise.all([cohortStats(service, COHORT), objectLoad(service, COHORT)]);
        // The sampler's own stats reads are not the crowd's load; both rates are averaged since the last sample.
        const booking = (load.calls.authorizeBooking ?? 0) + (load.calls.markBooked ?? 0);
        const current = { atMs: Date.now(), total: load.totalCalls, stats: load.calls.stats ?? 0, booking };
        const seconds = previous ? Math.max(1, Math.round((current.atMs - previous.atMs) / 1000)) : 1;
        const lastSecond = Math.floor(current.atMs / 1000) - 1;
        let crowd = 0;
        for (let s = lastSecond - seconds + 1; s <= lastSecond; s++)
          crowd += Object.values(meter.bySecond.get(s) ?? {}).reduce((a, b) => a + b, 0);
        samples.push({
          atMs: current.atMs,
          prequeue: stats.queue.prequeue,
          waiting: stats.queue.waiting,
          inBookingStep: stats.queue.inBookingStep,
          admittedTotal: stats.totals.admitted,
          bookedTotal: stats.totals.booked,
          crowdRequests: Math.round(crowd / seconds),
          objectCalls: previous ? Math.round((current.total - previous.total - (current.stats - previous.stats)) / seconds) : 0,
          objectBookingCalls: previous ? Math.round((current.booking - previous.booking) / seconds) : 0,
          admittingPerMinute: stats.admissionRatePerMinute.admitting,
        });
        previous = current;
      } catch (error) {
        log(`sample failed: ${String(error)}`);
      }
      await tick;
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/**
 * Slows every booking commit (the test-only fault switch, on in this service) from one instant to
 * another. The switch lives in each edge isolate's memory, so every isolate is told.
 */
function slowBackend(service: LocalService, fromMs: number, untilMs: number): { done: Promise<void> } {
  const setFaults = (faults: { delayMs?: number }) =>
    Promise.all(
      [...new Set([service.url, ...service.edgeUrls])].map((url) =>
        fetch(`${url}/admin/v1/test-faults`, {
          method: "PUT",
          headers: { Authorization: `Bearer ${service.adminToken}`, "Content-Type": "application/json" },
          body: JSON.stringify(faults),
        }).then((response) => {
          if (!response.ok) throw new Error(`fault switch answered ${response.status}`);
        }),
      ),
    ).then(() => undefined);
  const done = (async () => {
    if (SLOW_FOR_SECONDS <= 0) return;
    await pause(Math.max(0, fromMs - Date.now()));
    await setFaults({ delayMs: SLOW_DELAY_MS });
    log(`backend slowed: every booking commit delayed ${SLOW_DELAY_MS} ms`);
    await pause(Math.max(0, untilMs - Date.now()));
    await setFaults({});
    log("backend recovered");
  })();
  return { done };
}

/** How admission followed the slowed backend, from the samples. */
function adaptiveReport(samples: readonly Sample[], slowFromMs: number, slowUntilMs: number, ceiling: number) {
  // The rate when the slowdown began (it may already be lowered by the opening's own load): reaction is the next fall below it.
  const atStart = samples.find((s) => s.atMs >= slowFromMs)?.admittingPerMinute ?? ceiling;
  const fellAt = samples.find((s) => s.atMs >= slowFromMs && s.admittingPerMinute < atStart)?.atMs ?? null;
  const recoveredAt = samples.find((s) => s.atMs >= slowUntilMs && s.admittingPerMinute >= ceiling)?.atMs ?? null;
  return {
    slowdown: {
      fromSecondAfterOpening: SLOW_AT_SECONDS,
      seconds: SLOW_FOR_SECONDS,
      commitDelayMs: SLOW_DELAY_MS,
      commitP95TargetMs: COMMIT_P95_TARGET_MS,
    },
    ceilingPerMinute: ceiling,
    atSlowdownStartPerMinute: atStart,
    lowestPerMinute: Math.min(ceiling, ...samples.map((s) => s.admittingPerMinute)),
    reactionSeconds: fellAt === null ? null : round((fellAt - slowFromMs) / 1000, 1),
    recoverySeconds: recoveredAt === null ? null : round((recoveredAt - slowUntilMs) / 1000, 1),
  };
}

async function auditOf(service: LocalService) {
  // An auditor's own address: the audit routes are limited per address like any public read.
  const headers = { "CF-Connecting-IP": "192.0.2.250" };
  const audit = (await (await fetch(`${service.url}/api/v1/cohorts/${COHORT}/audit`, { headers })).json()) as {
    windows: Array<{ seed: string | null; firstPosition: number | null }>;
  };
  const admissions: Array<{ position: number; admittedAt: number }> = [];
  for (let from: number | null = 1; from !== null; ) {
    const page = (await (
      await fetch(`${service.url}/api/v1/cohorts/${COHORT}/audit/admissions?fromPosition=${from}&limit=1000`, { headers })
    ).json()) as {
      admissions: Array<{ position: number; admittedAt: number }>;
      next: number | null;
    };
    admissions.push(...page.admissions);
    from = page.next;
  }
  return { seed: audit.windows[0]?.seed ?? null, firstPosition: audit.windows[0]?.firstPosition ?? null, admissions };
}

async function bookingChecks(service: LocalService) {
  const db = await service.bookingsDb();
  const overbooked = await db
    .prepare(
      `SELECT s.id, s.capacity, count(b.id) AS booked FROM slots s LEFT JOIN bookings b ON b.slot_id = s.id AND b.status = 'active'
       WHERE s.id LIKE 'rehearsal-slot-%' GROUP BY s.id HAVING count(b.id) > s.capacity`,
    )
    .all();
  const doubled = await db
    .prepare(
      `SELECT identity_key, count(*) AS n FROM bookings WHERE cohort_id = '${COHORT}' AND status = 'active' GROUP BY identity_key HAVING count(*) > 1`,
    )
    .all();
  const total = await db
    .prepare(`SELECT count(*) AS n FROM bookings WHERE cohort_id = '${COHORT}' AND status = 'active'`)
    .all<{ n: number }>();
  return { overbookedSlots: overbooked.results.length, peopleBookedTwice: doubled.results.length, bookings: total.results[0]?.n ?? 0 };
}

function bypassReport(people: readonly PersonLog[]) {
  const tried = people.filter((p) => p.bypassOutcome);
  const unexpected = tried.filter((p) => p.bypassOutcome!.got !== p.bypassOutcome!.expected);
  const byKind: Record<string, number> = {};
  for (const p of tried) byKind[p.plan.bypass!] = (byKind[p.plan.bypass!] ?? 0) + 1;
  return {
    attempts: tried.length,
    byKind,
    refusedAsExpected: tried.length - unexpected.length,
    unexpected: unexpected.slice(0, 5).map((p) => ({ kind: p.plan.bypass, ...p.bypassOutcome })),
    expected: BYPASSES,
  };
}

async function main() {
  const startedMs = Date.now();
  log(
    `${PEOPLE} people, pre-queue ${PREQUEUE_SECONDS} s, admission ${RATE_PER_MINUTE}/min, booking-step cap ${CAP}, ${ISOLATES} edge isolates, ${SHARDS} intake shards`,
  );
  const bundle = buildWorker("rehearsal-results/build");
  const service = await startService({
    bundle,
    persistDir: "rehearsal-results/state",
    fresh: true,
    vars: { LOCAL_FAULTS: "on" },
    edgeIsolates: ISOLATES,
  });
  try {
    const openingMs = Math.ceil((Date.now() + PREQUEUE_SECONDS * 1000) / 1000) * 1000;
    await putCohort(service, COHORT, {
      ...cohortConfig(openingMs, {
        ratePerMinute: RATE_PER_MINUTE,
        maxInBookingStep: CAP,
        prequeueLeadMinutes: 5,
        grantLifetimeSeconds: 30,
      }),
      adaptive: { enabled: true, floorPerMinute: null, commitP95TargetMs: COMMIT_P95_TARGET_MS },
      intake: { shards: SHARDS, flushMs: 400 },
    });
    await putSupply(service, supplyLoad("rehearsal", SLOTS, Math.ceil((PEOPLE * 1.1) / SLOTS)));
    const slots = Array.from({ length: SLOTS }, (_, i) => `rehearsal-slot-${i}`);
    const plans = planCrowd(PEOPLE, Date.now(), openingMs, random(2021));
    const meter = new RequestMeter();
    const sampler = startSampler(service, meter);
    const deadlineMs = openingMs + MAX_SECONDS_AFTER_OPENING * 1000;
    log(`opening at ${new Date(openingMs).toISOString()}; stops by ${new Date(deadlineMs).toISOString()} at the latest`);
    const progress = setInterval(() => {
      const last = sampler.samples.at(-1);
      if (last)
        log(
          `t${Math.round((last.atMs - openingMs) / 1000) >= 0 ? "+" : ""}${Math.round((last.atMs - openingMs) / 1000)}s pre-queue ${last.prequeue}, waiting ${last.waiting}, in booking step ${last.inBookingStep}, admitted ${last.admittedTotal}, booked ${last.bookedTotal}`,
        );
    }, 15_000);
    const slowFromMs = openingMs + SLOW_AT_SECONDS * 1000;
    const slowUntilMs = slowFromMs + SLOW_FOR_SECONDS * 1000;
    const slowdown = slowBackend(service, slowFromMs, slowUntilMs);
    const people = await Promise.all(plans.map((plan) => livePerson(service, COHORT, plan, slots, meter, deadlineMs)));
    await slowdown.done;
    // Admission climbs back after the crowd has gone: keep sampling until it is back at its rate (bounded).
    for (let waited = 0; waited < 120 && (sampler.samples.at(-1)?.admittingPerMinute ?? RATE_PER_MINUTE) < RATE_PER_MINUTE; waited++)
      await pause(1000);
    clearInterval(progress);
    await pause(1500);
    await sampler.stop();

    const [audit, bookings, stats, load] = await Promise.all([
      auditOf(service),
      bookingChecks(service),
      cohortStats(service, COHORT),
      objectLoad(service, COHORT),
    ]);
    const joined = people.filter((p) => p.identity !== null);
    const samples = sampler.samples;
    const crowdRequests = [...meter.bySecond.values()].reduce((sum, row) => sum + Object.values(row).reduce((a, b) => a + b, 0), 0);
    const crowdByKind: Record<string, number> = {};
    for (const row of meter.bySecond.values())
      for (const [kind, n] of Object.entries(row)) crowdByKind[kind] = (crowdByKind[kind] ?? 0) + n;
    const objectCalls = load.totalCalls - (load.calls.stats ?? 0);
    const admittedAt = new Map(audit.admissions.map((a) => [a.position, a.admittedAt]));
    const errors: Record<string, number> = {};
    for (const p of people) for (const e of p.errors) errors[e] = (errors[e] ?? 0) + 1;

    const report = {
      rehearsal: "opening",
      at: new Date(startedMs).toISOString(),
      settings: {
        people: PEOPLE,
        prequeueSeconds: PREQUEUE_SECONDS,
        admissionRatePerMinute: RATE_PER_MINUTE,
        maxInBookingStep: CAP,
        grantLifetimeSeconds: 30,
        slots: SLOTS,
      },
      crowd: {
        joined: joined.length,
        inPrequeue: joined.filter((p) => p.joinedInPrequeue).length,
        withSeveralTabs: plans.filter((p) => p.tabs > 1).length,
        reloading: plans.filter((p) => p.reloads).length,
        abandoningTheirFirstGrant: plans.filter((p) => p.abandonsFirstGrant).length,
        admitted: people.filter((p) => p.admittedSeenAtMs !== null).length,
        booked: people.filter((p) => p.booked).length,
        slotFullRetries: people.reduce((sum, p) => sum + p.slotFullRetries, 0),
      },
      order: { ...orderReport(people, audit.seed, audit.firstPosition, SHARDS), admissions: admissionsInPositionOrder(audit.admissions) },
      bookingStep: { mostSeen: Math.max(0, ...samples.map((s) => s.inBookingStep)), cap: CAP },
      placesLost: Math.abs((stats.totals.joined as number) - joined.length) + people.reduce((sum, p) => sum + p.placeChanges, 0),
      aheadEverRose: people.reduce((sum, p) => sum + p.aheadRises, 0),
      overbookings: bookings.overbookedSlots,
      peopleBookedTwice: bookings.peopleBookedTwice,
      bookingsStored: bookings.bookings,
      waits: { ...waitReport(people, admittedAt), probes: (stats.waits as unknown[]).slice(0, 5) },
      load: {
        crowdRequests,
        crowdByKind,
        objectCalls,
        objectCallsByMethod: load.calls,
        objectCallsPer1000CrowdRequests: round((objectCalls / Math.max(crowdRequests, 1)) * 1000, 1),
        peakCrowdRequestsPerSecond: Math.max(0, ...samples.map((s) => s.crowdRequests)),
        peakObjectCallsPerSecond: Math.max(0, ...samples.map((s) => s.objectCalls)),
        peopleCarriedByBatches: load.items,
      },
      adaptive: {
        ...adaptiveReport(samples, slowFromMs, slowUntilMs, RATE_PER_MINUTE),
        bookingStepMax: Math.max(0, ...samples.map((s) => s.inBookingStep)),
        cap: CAP,
        placesLost: Math.abs((stats.totals.joined as number) - joined.length) + people.reduce((sum, p) => sum + p.placeChanges, 0),
        overbookings: bookings.overbookedSlots,
      },
      bypasses: bypassReport(people),
      clientErrors: errors,
      someWhoDidNotBook: people
        .filter((p) => !p.booked)
        .slice(0, 10)
        .map((p) => ({ plan: p.plan, position: p.position, admittedSeenAtMs: p.admittedSeenAtMs, errors: p.errors, trail: p.trail })),
      seconds: Math.round((Date.now() - startedMs) / 1000),
    };
    mkdirSync("rehearsal-results", { recursive: true });
    const stamp = new Date(startedMs).toISOString().replace(/[:.]/g, "-");
    writeFileSync(`rehearsal-results/rehearsal-${stamp}.json`, `${JSON.stringify({ ...report, samples }, null, 2)}\n`);
    const chart = `rehearsal-results/rehearsal-${stamp}.svg`;
    const notes = [
      `Places lost ${report.placesLost} · overbookings ${report.overbookings} · most in the booking step ${report.bookingStep.mostSeen} (cap ${CAP}) · bypass attempts refused ${report.bypasses.refusedAsExpected} of ${report.bypasses.attempts}`,
      `Pre-queue of ${report.order.prequeue.people} drawn exactly as the revealed seed says (${report.order.prequeue.drawMismatchesAgainstRevealedSeed} mismatches); after the opening ${Math.round(report.order.afterOpening.arrivalOrderPairsKept * 10000) / 100}% of arrival pairs kept their order`,
      `Backend slowed ${SLOW_DELAY_MS} ms a commit for ${SLOW_FOR_SECONDS} s from t+${SLOW_AT_SECONDS} s: admission fell after ${report.adaptive.reactionSeconds} s (to ${report.adaptive.lowestPerMinute}/min) and was back at ${RATE_PER_MINUTE}/min ${report.adaptive.recoverySeconds} s after it recovered`,
      `Estimated vs actual wait: median ${report.waits.medianEstimateSeconds} s vs ${report.waits.medianActualSeconds} s (median error ${report.waits.medianAbsoluteErrorSeconds} s) · queue object: ${objectCalls.toLocaleString("en")} calls for ${crowdRequests.toLocaleString("en")} crowd requests`,
    ];
    writeFileSync(
      chart,
      rehearsalChart(
        samples,
        openingMs,
        CAP,
        `Rehearsed opening: ${PEOPLE.toLocaleString("en")} people, admission ${RATE_PER_MINUTE}/min, cap ${CAP}`,
        notes,
      ),
    );
    log(`chart: ${chart}`);
    log(
      `places lost ${report.placesLost}, overbookings ${report.overbookings}, most in booking step ${report.bookingStep.mostSeen} (cap ${CAP}), ` +
        `pre-queue draw mismatches ${report.order.prequeue.drawMismatchesAgainstRevealedSeed}, arrival pairs kept ${report.order.afterOpening.arrivalOrderPairsKept}, ` +
        `object calls ${objectCalls} for ${crowdRequests} crowd requests, bypasses refused ${report.bypasses.refusedAsExpected}/${report.bypasses.attempts}`,
    );
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await service.dispose();
  }
}

(process.argv.includes("--find-rate") ? findRate(process.argv.slice(2)) : main()).catch((error: unknown) => {
  process.stderr.write(`rehearse failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
