// Issue 14, item 1: a receipt is shown at desks and photographed, and the number it guards is a
// small space once the birth date is known. Wrong numbers are throttled per booking (a lock the
// right number cannot open either) and per client address, counted, and shown to operators.
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ID_CHECK_LOOKBACK_MS, ID_CHECK_TIERS } from "../../src/domain/id-check-lock";
import worker from "../../src/index";
import {
  ADMIN,
  advanceServerTime,
  api,
  book,
  cohortConfig,
  createCohort,
  freshAddress,
  joinAndAdmit,
  nationalIdFor,
  send,
  setServerTime,
} from "../helpers";
import { AFTER_OPENING, bookingRow, OPENING, twoDoseClinic, withReceipt } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

const HOURLY_CAP = ID_CHECK_TIERS[0]!.attempts;

// One live booking per person in the whole campaign: each booking is a new person's.
let lastSerial = 0;

/** A fresh cohort with one booking; its receipt, the holder's number, and a wrong number of the same birth date. */
async function bookedReceipt(label: string) {
  const { vaccineId, dose1Slot } = await twoDoseClinic(label, 4, 4);
  setServerTime(AFTER_OPENING);
  const cohortId = await createCohort(label, cohortConfig(OPENING, { vaccines: [vaccineId] }));
  const serial = ++lastSerial;
  const person = nationalIdFor("1967-03-03", serial);
  const { grant } = await joinAndAdmit(cohortId, person);
  const { body } = await book(cohortId, grant, { nationalId: person, name: "Holder", slotId: dose1Slot });
  return {
    cohortId,
    bookingId: body.booking.id as string,
    receipt: body.receipt as string,
    person,
    wrong: (i: number) => nationalIdFor("1967-03-03", 900_000 + serial * 100 + i),
  };
}

describe("a receipt is no oracle for its holder's national ID", () => {
  it("a receipt is no oracle: wrong national IDs are throttled per booking, and the lock holds for the right one too", async () => {
    const { bookingId, receipt, person, wrong } = await bookedReceipt("id-oracle");

    // Honest use stays smooth: a typo, then the right number.
    expect((await withReceipt(bookingId, "view", receipt, { nationalId: wrong(0) })).response.status).toBe(403);
    expect((await withReceipt(bookingId, "view", receipt, { nationalId: person })).response.status).toBe(200);

    // Every wrong number gets the same answer, from any address and on any of the three routes.
    const answers = [];
    for (let i = 1; i < HOURLY_CAP; i++) {
      const action = (["view", "cancel", "reschedule"] as const)[i % 3]!;
      const body = action === "reschedule" ? { nationalId: wrong(i), slotId: "x.y.2021-07-26T0900" } : { nationalId: wrong(i) };
      const { response, body: answer } = await withReceipt(bookingId, action, receipt, body);
      answers.push({ status: response.status, answer });
    }
    expect(answers.every((a) => a.status === 403)).toBe(true);
    expect(new Set(answers.map((a) => JSON.stringify(a.answer))).size).toBe(1);
    expect(answers[0]!.answer.error.code).toBe("identity_mismatch");

    // Locked now: the right number reads nothing and cancels nothing, and is told when to come back.
    for (const action of ["view", "cancel"] as const) {
      const { response, body } = await withReceipt(bookingId, action, receipt, { nationalId: person });
      expect(response.status, action).toBe(429);
      expect(body.error.code).toBe("id_check_locked");
      expect(body.error.message).toMatch(/call centre/);
      expect(body.error.messageKo).toMatch(/콜센터/);
      expect(Date.parse(body.error.details.retryAt)).toBeGreaterThan(Date.now());
      expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(JSON.stringify(body)).not.toContain("Holder");
    }
    expect((await bookingRow(bookingId))!.status).toBe("active");

    // After the lock period, the right number works again.
    advanceServerTime(3600_000);
    const after = await withReceipt(bookingId, "view", receipt, { nationalId: person });
    expect(after.response.status).toBe(200);
    expect(after.body.booking.name).toBe("Holder");
  });

  it("a burst of wrong numbers sent at once is counted whole, not let through before the first is recorded", async () => {
    const { bookingId, receipt, person, wrong } = await bookedReceipt("id-burst");
    const burst = await Promise.all(
      Array.from({ length: HOURLY_CAP * 2 }, (_, i) => withReceipt(bookingId, "view", receipt, { nationalId: wrong(i) })),
    );
    const statuses = burst.map((b) => b.response.status);
    expect(statuses.filter((s) => s === 403).length).toBeLessThanOrEqual(HOURLY_CAP);
    expect(statuses.every((s) => s === 403 || s === 429)).toBe(true);
    expect((await withReceipt(bookingId, "view", receipt, { nationalId: person })).response.status).toBe(429);
  });

  it("one client address gets ten ID checks a minute, whichever bookings they are for", async () => {
    const first = await bookedReceipt("id-address-a");
    const second = await bookedReceipt("id-address-b");
    const address = freshAddress();
    for (let i = 0; i < 5; i++) {
      expect((await withReceipt(first.bookingId, "view", first.receipt, { nationalId: first.person }, address)).response.status).toBe(200);
      expect((await withReceipt(second.bookingId, "view", second.receipt, { nationalId: second.person }, address)).response.status).toBe(
        200,
      );
    }
    const refused = await withReceipt(first.bookingId, "view", first.receipt, { nationalId: first.person }, address);
    expect(refused.response.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    // Another address is not affected.
    expect((await withReceipt(first.bookingId, "view", first.receipt, { nationalId: first.person })).response.status).toBe(200);
  });

  it("operators see wrong ID numbers in the last hour and bookings locked now, per cohort; the call centre can still help", async () => {
    const { cohortId, bookingId, receipt, person, wrong } = await bookedReceipt("id-stats");
    for (let i = 0; i < HOURLY_CAP; i++) await withReceipt(bookingId, "view", receipt, { nationalId: wrong(i) });
    const stats = await api(`/admin/v1/cohorts/${cohortId}/stats`, { headers: ADMIN });
    expect(((await stats.json()) as any).idChecks).toEqual({ wrongLastHour: HOURLY_CAP, lockedBookings: 1 });
    const panel = await (await api(`/admin/v1/cohorts/${cohortId}/stats/panel?lang=en`, { headers: ADMIN })).text();
    expect(panel).toContain("wrong ID numbers / hour");
    expect(panel).toContain("1 booking locked now");
    const panelKo = await (await api(`/admin/v1/cohorts/${cohortId}/stats/panel`, { headers: ADMIN })).text();
    expect(panelKo).toContain("시간당 틀린 주민등록번호");
    expect(panelKo).toContain("지금 잠긴 예약 1건");

    // The holder is locked out of the web, but an agent can cancel for them.
    expect((await withReceipt(bookingId, "view", receipt, { nationalId: person })).response.status).toBe(429);
    const token = env.AGENT_TOKENS.split(" ")[0]!.split(":")[1]!;
    const cancelled = await send(
      "POST",
      `/agent/v1/bookings/${bookingId}/cancel`,
      { nationalId: person },
      { Authorization: `Bearer ${token}` },
    );
    expect(cancelled.status).toBe(200);
    expect((await bookingRow(bookingId))!.status).toBe("cancelled");
  });

  it("the cron deletes checks too old to count (a booking guessed at once and never again, a check never settled), and keeps the rest", async () => {
    const other = await bookedReceipt("id-prune-recent");
    const { bookingId, receipt, wrong } = await bookedReceipt("id-prune");
    for (let i = 0; i < 2; i++) await withReceipt(bookingId, "view", receipt, { nationalId: wrong(i) });
    const rowsOf = async () =>
      (await env.DB.prepare("SELECT outcome FROM id_checks WHERE booking_id = ? ORDER BY seq").bind(bookingId).all<{ outcome: string }>())
        .results;
    // A check whose Worker stopped before settling it, as old as the two wrong ones.
    await env.DB.prepare("INSERT INTO id_checks (booking_id, cohort_id, at, outcome) VALUES (?, 'id-prune', ?, 'pending')")
      .bind(bookingId, new Date(Date.now()).toISOString())
      .run();
    const cron = () => worker.scheduled!(createScheduledController(), env, createExecutionContext());
    await cron();
    expect((await rowsOf()).map((r) => r.outcome)).toEqual(["wrong", "wrong", "pending"]); // they still count
    advanceServerTime(ID_CHECK_LOOKBACK_MS - 60_000);
    await cron();
    expect(await rowsOf()).toHaveLength(3); // the longest tier still counts them
    await withReceipt(other.bookingId, "view", other.receipt, { nationalId: other.wrong(0) });
    advanceServerTime(2 * 60_000);
    await cron();
    expect(await rowsOf()).toEqual([]);
    const recent = await env.DB.prepare("SELECT count(*) AS n FROM id_checks WHERE booking_id = ?")
      .bind(other.bookingId)
      .first<{ n: number }>();
    expect(recent!.n).toBe(1);
  });
});
