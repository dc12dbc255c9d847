// Admission follows the booking backend: slow or failing commits lower it (never below the floor),
// recovery raises it back (never above the operator's rate), every change is audited, and an
// operator can switch it off live. The backend is slowed with the test-only fault switch.
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { setBookingFaults } from "../../src/platform/faults";
import {
  ADMIN,
  admissionTick,
  advanceServerTime,
  api,
  book,
  cohortConfig,
  createCohort,
  joinAndAdmit,
  nationalIdFor,
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

/** An open cohort admitting 600 a minute (floor 60, p95 target 100 ms) with plenty of one-dose seats. */
async function adaptiveCohort(label: string) {
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
      admissionRatePerMinute: 600,
      maxInBookingStep: 500,
      adaptive: { enabled: true, floorPerMinute: 60, commitP95TargetMs: 100 },
    }),
  );
  return { cohortId, slotId: blockId(clinicId, vaccineId, DOSE1_DAY) };
}

async function bookSomeone(cohortId: string, slotId: string) {
  serial += 1;
  const nationalId = nationalIdFor("1968-04-04", serial);
  const { grant } = await joinAndAdmit(cohortId, nationalId);
  const booked = await book(cohortId, grant, { nationalId, name: "Kim", slotId });
  expect(booked.response.status).toBe(201);
}

/** Runs admission ticks until the rate admission runs at is `predicate`-true; returns it (bounded). */
async function tickUntil(cohortId: string, predicate: (admitting: number) => boolean, maxTicks = 60): Promise<number> {
  for (let tick = 0; tick < maxTicks; tick++) {
    const admitting = (await stats(cohortId)).admissionRatePerMinute.admitting as number;
    if (predicate(admitting)) return admitting;
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
    for (let i = 0; i < 12; i++) await bookSomeone(cohortId, slotId);
    const lowered = await tickUntil(cohortId, (rate) => rate < 600, 15);
    expect(lowered).toBe(300);
    const change = (await controlLog(cohortId)).find((entry) => entry.action === "adapt_rate");
    expect(change?.operator).toBe("adaptive");
    expect(change?.reason).toMatch(
      /commit slowly, lowering admission 600 -> 300 a minute; \d+ bookings in 30 s, 0 failed, p95 commit \d+ ms \(target 100 ms\)/,
    );
    const seen = (await stats(cohortId)).adaptive;
    expect(seen.on).toBe(true);
    expect(seen.floorPerMinute).toBe(60);
    // The dashboard shows it beside the target.
    const panel = await (await api(`/admin/v1/cohorts/${cohortId}/stats/panel`, { headers: ADMIN })).text();
    expect(panel).toContain("admitting at / min");
    expect(panel).toMatch(/lowered for the backend · p95 commit \d+ ms \(target 100\)/);

    // Healthy again: once the slow commits are older than the span, it climbs a tenth of 600 a step.
    setBookingFaults({});
    const rates: number[] = [];
    for (let step = 0; step < 20; step++) {
      advanceServerTime(9_000);
      await admissionTick(cohortId);
      rates.push((await stats(cohortId)).admissionRatePerMinute.admitting as number);
    }
    expect(rates.at(-1)).toBe(600);
    expect(Math.max(...rates)).toBe(600);
    expect(rates.some((rate) => rate > 300 && rate < 600)).toBe(true); // it climbed in steps, not at once
  });

  it("falls step by step while commits fail, and holds at the floor, never below it", async () => {
    const { cohortId, slotId } = await adaptiveCohort("adaptive-fail");
    setBookingFaults({ failing: true });
    const seen: number[] = [];
    for (let attempt = 0; attempt < 80 && seen.at(-1) !== 60; attempt++) {
      serial += 1;
      const nationalId = nationalIdFor("1968-05-05", serial);
      const { grant } = await joinAndAdmit(cohortId, nationalId);
      expect((await book(cohortId, grant, { nationalId, name: "Lee", slotId })).response.status).toBe(500);
      const admitting = (await stats(cohortId)).admissionRatePerMinute.admitting as number;
      if (admitting !== (seen.at(-1) ?? 600)) seen.push(admitting);
    }
    expect(seen).toEqual([300, 150, 75, 60]); // halved each span while failing, then held at the floor
    for (let i = 0; i < 15; i++) {
      serial += 1;
      const nationalId = nationalIdFor("1968-05-05", serial);
      const { grant } = await joinAndAdmit(cohortId, nationalId);
      await book(cohortId, grant, { nationalId, name: "Lee", slotId });
      expect((await stats(cohortId)).admissionRatePerMinute.admitting).toBe(60);
    }
    const reasons = (await controlLog(cohortId)).filter((entry) => entry.action === "adapt_rate").map((entry) => entry.reason);
    expect(reasons).toHaveLength(4);
    expect(reasons.every((reason) => reason.includes("bookings fail, lowering"))).toBe(true);
  });

  it("an operator switches it off live: admission runs at the operator's rate at once, audited", async () => {
    const { cohortId, slotId } = await adaptiveCohort("adaptive-off");
    setBookingFaults({ delayMs: 150 });
    for (let i = 0; i < 12; i++) await bookSomeone(cohortId, slotId);
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
