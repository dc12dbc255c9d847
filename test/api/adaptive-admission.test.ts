// Admission follows the booking backend: slow or failing commits lower it (never below the floor),
// recovery raises it back (never above the operator's rate), every change is audited, and an
// operator can switch it off live. The backend is slowed with the test-only fault switch.
import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { ADAPT_EVERY_MS, HEALTH_SPAN_MS } from "../../src/domain/adaptive-admission";
import { setBookingFaults } from "../../src/platform/faults";
import {
  ADMIN,
  admissionTick,
  advanceServerTime,
  api,
  book,
  cohortConfig,
  createCohort,
  join,
  nationalIdFor,
  poll,
  queueStub,
  send,
  setServerTime,
} from "../helpers";
import { AFTER_OPENING, blockId, clinic, DOSE1_DAY, loadSupply, OPENING, supplyDay, uniqueVaccineId, vaccine } from "../supply-helpers";

afterEach(() => {
  setBookingFaults({});
  vi.useRealTimers();
});

let serial = 700;

async function stats(cohortId: string) {
  return (await (await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: ADMIN })).json()) as Record<string, any>;
}

async function controlLog(cohortId: string) {
  const body = (await (await api(`/admin/v1/cohorts/${cohortId}/controls`, { headers: ADMIN })).json()) as Record<string, any>;
  return body.log as Array<{ operator: string; action: string; reason: string }>;
}

/** An open cohort admitting `rate` a minute (floor a tenth of it, p95 target 100 ms) with plenty of one-dose seats. */
async function adaptiveCohort(label: string, rate = 600) {
  setServerTime(AFTER_OPENING);
  const vaccineId = uniqueVaccineId(label);
  const clinicId = `${vaccineId}-c`;
  await loadSupply({
    vaccines: [vaccine(vaccineId, 1)],
    clinics: [clinic(clinicId, [vaccineId])],
    supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 200)],
  });
  const cohortId = await createCohort(
    label,
    cohortConfig(OPENING, {
      vaccines: [vaccineId],
      admissionRatePerMinute: rate,
      maxInBookingStep: 500,
      adaptive: { enabled: true, floorPerMinute: rate / 10, commitP95TargetMs: 100 },
    }),
  );
  return { cohortId, slotId: blockId(clinicId, vaccineId, DOSE1_DAY) };
}

/**
 * Joins `count` people, admits them and has each book at once (their commits land within one
 * health span); each booking must answer `status`.
 */
async function bookBatch(cohortId: string, slotId: string, count: number, status = 201) {
  const people: Array<{ nationalId: string; ticket: string; grant?: string }> = [];
  for (let i = 0; i < count; i++) {
    serial += 1;
    const nationalId = nationalIdFor("1968-04-04", serial);
    people.push({ nationalId, ticket: (await join(cohortId, nationalId)).body.ticket as string });
  }
  for (let tick = 0; tick < 20 && people.some((p) => !p.grant); tick++) {
    await admissionTick(cohortId);
    for (const person of people) person.grant ??= (await poll(cohortId, person.ticket)).body.grant as string | undefined;
  }
  for (const { nationalId, grant } of people) {
    expect((await book(cohortId, grant ?? null, { nationalId, name: "Kim", slotId })).response.status).toBe(status);
  }
}

/** Someone joins, so the admission loop keeps ticking (it sleeps when nobody waits). */
async function someoneArrives(cohortId: string) {
  serial += 1;
  await join(cohortId, nationalIdFor("1967-06-06", serial));
}

/** Lets the next adaptive evaluation happen (one span of reconsideration later) and returns the rate admitted at. */
async function nextEvaluation(cohortId: string): Promise<number> {
  await someoneArrives(cohortId);
  advanceServerTime(ADAPT_EVERY_MS - 1000);
  await admissionTick(cohortId);
  return (await stats(cohortId)).admissionRatePerMinute.admitting as number;
}

/** Runs admission ticks until the rate admission runs at is `predicate`-true; returns it (bounded). */
async function tickUntil(cohortId: string, predicate: (admitting: number) => boolean, maxTicks = 60): Promise<number> {
  for (let tick = 0; tick < maxTicks; tick++) {
    const admitting = (await stats(cohortId)).admissionRatePerMinute.admitting as number;
    if (predicate(admitting)) return admitting;
    await someoneArrives(cohortId);
    await admissionTick(cohortId);
  }
  return (await stats(cohortId)).admissionRatePerMinute.admitting as number;
}

describe("the booking fault switch", () => {
  it("exists only where the test runner or the rehearsal turned it on, and only for operators", async () => {
    const body = JSON.stringify({ delayMs: 10 });
    const headers = { ...ADMIN, "Content-Type": "application/json" };
    expect((await app.request("/admin/v1/test-faults", { method: "PUT", headers, body }, { ...env, LOCAL_FAULTS: undefined })).status).toBe(
      404,
    );
    expect((await send("PUT", "/admin/v1/test-faults", { delayMs: 10 }, {})).status).toBe(401);
    const on = await send("PUT", "/admin/v1/test-faults", { delayMs: 10 }, ADMIN);
    expect(on.status).toBe(200);
    expect(await on.json()).toEqual({ faults: { delayMs: 10, failing: false } });
    expect((await send("PUT", "/admin/v1/test-faults", {}, ADMIN)).status).toBe(200);
  });
});

describe("admission that follows the booking backend", () => {
  it("falls when bookings commit slowly, is audited with its reason, and recovers to the operator's rate, never above it", async () => {
    const { cohortId, slotId } = await adaptiveCohort("adaptive-slow");
    expect((await stats(cohortId)).admissionRatePerMinute.admitting).toBe(600);

    setBookingFaults({ delayMs: 150 });
    await bookBatch(cohortId, slotId, 12);
    const lowered = await tickUntil(cohortId, (rate) => rate < 600, 15);
    expect(lowered).toBe(300);
    const change = (await controlLog(cohortId)).find((entry) => entry.action === "adapt_rate");
    expect(change?.operator).toBe("adaptive");
    expect(change?.reason).toMatch(
      /commit slowly, lowering admission 600 -> 300 a minute; \d+ bookings in 10 s, 0 failed, p95 commit \d+ ms \(target 100 ms\)/,
    );
    const seen = (await stats(cohortId)).adaptive;
    expect(seen.on).toBe(true);
    expect(seen.floorPerMinute).toBe(60);
    // The dashboard shows it beside the target.
    const panel = await (await api(`/admin/v1/cohorts/${cohortId}/stats/panel?lang=en`, { headers: ADMIN })).text();
    expect(panel).toContain("admitting at / min");
    expect(panel).toMatch(/lowered for the backend · p95 commit \d+ ms \(target 100\)/);
    const panelKo = await (await api(`/admin/v1/cohorts/${cohortId}/stats/panel`, { headers: ADMIN })).text();
    expect(panelKo).toMatch(/백엔드 부하로 낮춤 · 커밋 p95 \d+ ms \(목표 100\)/);

    // Healthy again: once the slow commits are older than the span, it climbs a tenth of 600 a step.
    setBookingFaults({});
    const rates: number[] = [];
    for (let step = 0; step < 25; step++) rates.push(await nextEvaluation(cohortId));
    expect(rates.at(-1)).toBe(600);
    expect(Math.max(...rates)).toBe(600);
    expect(rates.some((rate) => rate > 300 && rate < 600)).toBe(true); // it climbed in steps, not at once
  });

  it("falls step by step while commits fail, and holds at the floor, never below it", async () => {
    // Fast enough that each batch of failing bookings is admitted within one health span.
    const { cohortId, slotId } = await adaptiveCohort("adaptive-fail", 6000);
    setBookingFaults({ failing: true });
    const seen: number[] = [];
    for (let span = 0; span < 8 && seen.at(-1) !== 600; span++) {
      await bookBatch(cohortId, slotId, 12, 500);
      seen.push(await nextEvaluation(cohortId));
    }
    expect(seen).toEqual([3000, 1500, 750, 600]); // halved each span while failing, then held at the floor
    for (let span = 0; span < 3; span++) {
      await bookBatch(cohortId, slotId, 12, 500);
      expect(await nextEvaluation(cohortId)).toBe(600);
    }
    const reasons = (await controlLog(cohortId)).filter((entry) => entry.action === "adapt_rate").map((entry) => entry.reason);
    expect(reasons).toHaveLength(4);
    expect(reasons.every((reason) => reason.includes("bookings fail, lowering"))).toBe(true);
  });

  it("an operator switches it off live: admission runs at the operator's rate at once, audited", async () => {
    const { cohortId, slotId } = await adaptiveCohort("adaptive-off");
    setBookingFaults({ delayMs: 150 });
    await bookBatch(cohortId, slotId, 12);
    expect(await tickUntil(cohortId, (rate) => rate < 600, 15)).toBe(300);
    const off = await send(
      "POST",
      `/admin/v1/cohorts/${cohortId}/controls`,
      { action: "adaptive_off", reason: "backend fine, dashboard lag" },
      ADMIN,
    );
    expect(off.status).toBe(200);
    const after = await stats(cohortId);
    expect(after.adaptive.on).toBe(false);
    expect(after.admissionRatePerMinute.admitting).toBe(600);
    expect((await controlLog(cohortId))[0]).toMatchObject({ action: "adaptive_off", reason: "backend fine, dashboard lag" });
  });
});

describe("the commit samples the adaptive rate reads", () => {
  it("are pruned at every tick even with adaptation off, so a long opening does not keep one row per booking", async () => {
    const { cohortId, slotId } = await adaptiveCohort("adaptive-prune");
    expect((await send("POST", `/admin/v1/cohorts/${cohortId}/controls`, { action: "adaptive_off", reason: "test" }, ADMIN)).status).toBe(
      200,
    );
    await bookBatch(cohortId, slotId, 3);
    const samples = () =>
      runInDurableObject(
        queueStub(cohortId),
        (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM booking_health").one().n,
      );
    expect(await samples()).toBe(3);
    advanceServerTime(HEALTH_SPAN_MS);
    await someoneArrives(cohortId);
    await admissionTick(cohortId);
    expect(await samples()).toBe(0);
  });
});
