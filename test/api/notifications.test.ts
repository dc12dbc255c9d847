// Nobody has to keep the page open (issue 16): a person in line leaves a mobile number and is texted
// when their turn is near, when it comes, and their booking; sold-out waiters when seats return.
// Messages go through the queue to the fake provider (D1 fake_outbox); the number is sealed and goes
// after the booking or when the cohort's last window closes.
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { DEAD_LETTER_QUEUE, retryDelaySeconds } from "../../src/notify/consumer";
import type { NotifyMessage } from "../../src/notify/messages";
import { encryptPhone } from "../../src/notify/phone-cipher";
import { webhookSignature } from "../../src/notify/providers";
import wranglerToml from "../../wrangler.toml?raw";
import {
  admissionTick,
  api,
  awayFromWindowEnd,
  book,
  cohortConfig,
  createCohort,
  freshAddress,
  join,
  nationalIdFor,
  poll,
  send,
  setServerTime,
} from "../helpers";
import { AFTER_OPENING, blockId, clinic, DOSE1_DAY, loadSupply, OPENING, supplyDay, uniqueVaccineId, vaccine } from "../supply-helpers";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const NOTIFICATIONS = { enabled: true, grantLifetimeSeconds: 1800, nearPlaces: 2, nearMinutes: 1 };

/** An open cohort offering text messages, booking its own fresh vaccine with `doses` seats. */
async function textingCohort(label: string, doses: number, overrides: Record<string, unknown> = {}) {
  setServerTime(AFTER_OPENING);
  const vaccineId = uniqueVaccineId(label);
  const clinicId = `${vaccineId}-c`;
  await loadSupply({
    vaccines: [vaccine(vaccineId, 1)],
    clinics: [clinic(clinicId, [vaccineId])],
    supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, doses)],
  });
  const cohortId = await createCohort(
    label,
    cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 60, notifications: NOTIFICATIONS, ...overrides }),
  );
  return { cohortId, vaccineId, clinicId, slotId: blockId(clinicId, vaccineId, DOSE1_DAY) };
}

/** People born in 1967 joining one by one; their tickets, in line order. */
async function joinPeople(cohortId: string, day: string, count: number) {
  const people = Array.from({ length: count }, (_, i) => nationalIdFor(day, i + 1));
  const tickets: string[] = [];
  for (const person of people) tickets.push((await join(cohortId, person)).body.ticket as string);
  return { people, tickets };
}

function phoneOf(i: number): string {
  return `010-5555-${String(1000 + i)}`;
}

/** Leaves a number with a ticket. */
async function leaveNumber(cohortId: string, ticket: string, body: Record<string, unknown>, address = freshAddress()) {
  const response = await send("PUT", `/api/v1/cohorts/${cohortId}/queue/notify`, body, {
    Authorization: `Bearer ${ticket}`,
    "CF-Connecting-IP": address,
  });
  return { response, body: (await response.json()) as Record<string, any> };
}

async function subscriptions(cohortId: string) {
  const { results } = await env.DB.prepare(
    "SELECT position, phone, identity_key FROM notify_subscriptions WHERE cohort_id = ? ORDER BY position",
  )
    .bind(cohortId)
    .all<{ position: number; phone: string; identity_key: string }>();
  return results;
}

async function outbox(cohortId: string) {
  const { results } = await env.DB.prepare("SELECT position, event, to_masked, text FROM fake_outbox WHERE cohort_id = ? ORDER BY seq")
    .bind(cohortId)
    .all<{ position: number; event: string; to_masked: string; text: string }>();
  return results;
}

/** Waits until the queue's consumer has recorded `count` messages for the cohort (delivery is asynchronous). */
async function delivered(cohortId: string, count: number) {
  return vi.waitFor(
    async () => {
      const rows = await outbox(cohortId);
      expect(rows.length).toBeGreaterThanOrEqual(count);
      return rows;
    },
    { timeout: 20_000, interval: 250 },
  );
}

describe("leaving a number", () => {
  it("is accepted from a waiting place, sealed in D1, shown back masked, and removable", async () => {
    const { cohortId } = await textingCohort("leave", 10);
    const { tickets } = await joinPeople(cohortId, "1967-02-02", 1);
    const left = await leaveNumber(cohortId, tickets[0]!, { phone: "010-1234-5678" });
    expect(left.response.status).toBe(200);
    expect(left.body).toMatchObject({ subscribed: true, phone: "010-****-5678" });

    const [row] = await subscriptions(cohortId);
    expect(row!.position).toBe(1);
    expect(row!.phone).not.toContain("5678");
    expect(row!.phone).not.toContain("01012345678");

    const shown = await api(`/api/v1/cohorts/${cohortId}/queue/notify`, { headers: { Authorization: `Bearer ${tickets[0]}` } });
    expect(await shown.json()).toMatchObject({ available: true, subscribed: true, phone: "010-****-5678" });

    const removed = await api(`/api/v1/cohorts/${cohortId}/queue/notify`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${tickets[0]}` },
    });
    expect(removed.status).toBe(200);
    expect(await subscriptions(cohortId)).toEqual([]);
  });

  it("refuses bad numbers and unknown fields with typed errors, and stores nothing", async () => {
    const { cohortId } = await textingCohort("bad-number", 10);
    const { tickets } = await joinPeople(cohortId, "1967-03-03", 1);
    for (const body of [{ phone: "02-1234-5678" }, { phone: "010-12" }, { phone: 1012345678 }, { phone: "010-1234-5678", extra: 1 }, {}]) {
      const answer = await leaveNumber(cohortId, tickets[0]!, body);
      expect(answer.response.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe("invalid_input");
    }
    const typo = await leaveNumber(cohortId, tickets[0]!, { phone: "011-1234-5678" });
    expect(typo.body.error.messageKo).toContain("010");
    expect(await subscriptions(cohortId)).toEqual([]);
  });

  it("is throttled per address, right or wrong", async () => {
    const { cohortId } = await textingCohort("throttle", 10);
    const { tickets } = await joinPeople(cohortId, "1967-04-04", 1);
    const address = freshAddress();
    await awayFromWindowEnd();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await leaveNumber(cohortId, tickets[0]!, { phone: "0101" }, address)).response.status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("needs a number in line: before the draw it is refused, and the page is told it opens at the opening", async () => {
    setServerTime("2021-07-19T10:30:00Z"); // half an hour before a 20:00 Seoul opening: pre-queue
    const cohortId = await createCohort("prequeue-notify", cohortConfig(OPENING, { notifications: NOTIFICATIONS }));
    const joined = await join(cohortId, nationalIdFor("1967-05-05", 1));
    expect(joined.body.state).toBe("prequeue");
    const status = await api(`/api/v1/cohorts/${cohortId}/queue/notify`, { headers: { Authorization: `Bearer ${joined.body.ticket}` } });
    expect(await status.json()).toMatchObject({ available: false, reason: "at_opening" });
    const left = await leaveNumber(cohortId, joined.body.ticket, { phone: "010-1234-5678" });
    expect(left.response.status).toBe(409);
    expect(left.body.error.code).toBe("notify_unavailable");
    expect(await subscriptions(cohortId)).toEqual([]);
  });

  it("is refused where the cohort offers no text messages", async () => {
    setServerTime(AFTER_OPENING);
    const cohortId = await createCohort("no-notify", cohortConfig(OPENING));
    const joined = await join(cohortId, nationalIdFor("1967-06-06", 1));
    const left = await leaveNumber(cohortId, joined.body.ticket, { phone: "010-1234-5678" });
    expect(left.body.error.code).toBe("notify_unavailable");
    expect(await subscriptions(cohortId)).toEqual([]);
  });

  it("cannot be done or undone with a forged ticket, another cohort's ticket, or another person's", async () => {
    const { cohortId } = await textingCohort("forged", 10);
    const other = await textingCohort("forged-other", 10);
    const { tickets } = await joinPeople(cohortId, "1967-07-07", 2);
    const elsewhere = (await join(other.cohortId, nationalIdFor("1967-07-07", 9))).body.ticket as string;
    expect((await leaveNumber(cohortId, tickets[0]!, { phone: "010-1111-2222" })).response.status).toBe(200);

    const forged = `${tickets[1]!.slice(0, -3)}${tickets[1]!.slice(-3) === "AAA" ? "BBB" : "AAA"}`;
    expect((await leaveNumber(cohortId, forged, { phone: "010-3333-4444" })).response.status).toBe(401);
    expect((await leaveNumber(cohortId, elsewhere, { phone: "010-3333-4444" })).response.status).toBe(401);
    const removedByForgery = await api(`/api/v1/cohorts/${cohortId}/queue/notify`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${forged}` },
    });
    expect(removedByForgery.status).toBe(401);
    // The second person's own ticket removes only their own (absent) number, never the first person's.
    await api(`/api/v1/cohorts/${cohortId}/queue/notify`, { method: "DELETE", headers: { Authorization: `Bearer ${tickets[1]}` } });
    expect((await subscriptions(cohortId)).map((s) => s.position)).toEqual([1]);
  });
});

describe("messages", () => {
  it("go through the queue to the provider in line order: near, then each turn, each once", async () => {
    const { cohortId } = await textingCohort("in-order", 10);
    const { tickets } = await joinPeople(cohortId, "1967-08-08", 5);
    for (const [i, ticket] of tickets.entries())
      expect((await leaveNumber(cohortId, ticket, { phone: phoneOf(i) })).response.status).toBe(200);
    for (let tick = 0; tick < 5; tick++) await admissionTick(cohortId);
    const rows = await delivered(cohortId, 9);
    const turns = rows.filter((r) => r.event === "turn");
    expect(turns.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(turns.map((r) => r.to_masked)).toEqual([0, 1, 2, 3, 4].map((i) => `010-****-${1000 + i}`));
    // Everyone not admitted at the first tick was near by then (60 a minute: a minute is the whole line).
    expect(rows.filter((r) => r.event === "near").map((r) => r.position)).toEqual([2, 3, 4, 5]);
    expect(new Set(rows.map((r) => `${r.position}:${r.event}`)).size).toBe(rows.length);
    expect(turns[0]!.text).toContain("예약 차례가 되었습니다");
    expect(rows.every((r) => !r.text.includes("5555"))).toBe(true);
  });

  it("give a person who left a number the longer grant, so the message can reach them", async () => {
    // Three intake shards: each number reaches the shard that holds that person's place.
    const { cohortId } = await textingCohort("long-grant", 10, { intake: { shards: 3, flushMs: 0 } });
    const { tickets } = await joinPeople(cohortId, "1967-09-09", 6);
    const texted = [0, 2, 3];
    for (const i of texted) await leaveNumber(cohortId, tickets[i]!, { phone: phoneOf(i) });
    for (let tick = 0; tick < 6; tick++) await admissionTick(cohortId);
    const answers = await Promise.all(tickets.map(async (ticket) => (await poll(cohortId, ticket)).body));
    expect(answers.map((a) => a.state)).toEqual(tickets.map(() => "admitted"));
    const lifetime = (answer: Record<string, any>) => Date.parse(answer.grantExpiresAt) - Date.now();
    for (const [i, answer] of answers.entries()) {
      if (texted.includes(i)) expect(lifetime(answer)).toBeGreaterThan(20 * 60_000);
      else expect(lifetime(answer)).toBeLessThanOrEqual(10 * 60_000);
    }
  });

  it("after booking, text the booking's code and time, and the number is deleted", async () => {
    const { cohortId, slotId } = await textingCohort("booked", 10);
    const { people, tickets } = await joinPeople(cohortId, "1967-10-10", 1);
    await leaveNumber(cohortId, tickets[0]!, { phone: "010-4444-5555", lang: "en" });
    await admissionTick(cohortId);
    const { grant } = (await poll(cohortId, tickets[0]!)).body;
    const booked = await book(cohortId, grant, { nationalId: people[0]!, name: "Kim", slotId });
    expect(booked.response.status).toBe(201);
    expect(await subscriptions(cohortId)).toEqual([]);
    const rows = await delivered(cohortId, 2);
    const message = rows.find((r) => r.event === "booked")!;
    expect(message.text).toContain(booked.body.booking.code);
    expect(message.text).toMatch(/You are booked/);
  });

  it("tell sold-out waiters who asked, in line order, when supply returns, and each turn as admission resumes", async () => {
    const { cohortId, vaccineId, clinicId, slotId } = await textingCohort("seats-back", 2, { admissionRatePerMinute: 60_000 });
    const { people, tickets } = await joinPeople(cohortId, "1967-11-11", 5);
    await admissionTick(cohortId);
    for (const i of [0, 1]) {
      const { grant } = (await poll(cohortId, tickets[i]!)).body;
      expect((await book(cohortId, grant, { nationalId: people[i]!, name: `P${i}`, slotId })).response.status).toBe(201);
    }
    await admissionTick(cohortId);
    expect((await poll(cohortId, tickets[2]!)).body.state).toBe("sold_out");
    for (const i of [2, 3, 4]) await leaveNumber(cohortId, tickets[i]!, { phone: phoneOf(i), seatsBack: true });

    await loadSupply({ supply: [supplyDay(clinicId, vaccineId, "2021-07-27", 2)] });
    await admissionTick(cohortId);
    const rows = await delivered(cohortId, 3);
    // Positions 3 and 4 are admitted at once (their turn); 5 is told seats are back.
    expect(rows.filter((r) => r.event === "turn").map((r) => r.position)).toEqual([3, 4]);
    expect(rows.filter((r) => r.event === "seats_back").map((r) => r.position)).toEqual([5]);
  });
});

/** A queue message for a subscribed-looking person, sealed under the test key. */
async function message(cohortId: string, position: number, event: NotifyMessage["event"]): Promise<NotifyMessage> {
  const identity = `identity-${cohortId}-${position}`;
  return {
    v: 1,
    cohortId,
    position,
    identity,
    event,
    phone: await encryptPhone(env.PHONE_KEY, { cohortId, identity }, "01098765432"),
    lang: "ko",
    timeZone: "Asia/Seoul",
    expiresAt: Date.now() + 24 * 3600_000,
    facts: { grantUntilMs: Date.now() + 1800_000 },
  };
}

function batchOf(queue: string, bodies: NotifyMessage[], attempts = 1) {
  return createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `m-${body.cohortId}-${body.position}-${body.event}-${i}`, timestamp: new Date(), attempts, body })),
  );
}

describe("the consumer", () => {
  it("sends a message delivered twice only once", async () => {
    const cohortId = `dedupe-${Math.random().toString(36).slice(2, 8)}`;
    const body = await message(cohortId, 7, "turn");
    for (let delivery = 0; delivery < 2; delivery++) {
      const ctx = createExecutionContext();
      const batch = batchOf("vaccine-notify", [body]);
      await worker.queue(batch, env, ctx);
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual([batch.messages[0]!.id]);
    }
    expect((await outbox(cohortId)).map((r) => [r.position, r.event])).toEqual([[7, "turn"]]);
  });

  it("signs each webhook call over its timestamp and body", async () => {
    const cohortId = `webhook-${Math.random().toString(36).slice(2, 8)}`;
    const calls: Request[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      calls.push(new Request(input as RequestInfo, init));
      return new Response("ok");
    });
    const webhookEnv = { ...env, NOTIFY_PROVIDER: "webhook", NOTIFY_WEBHOOK_URL: "https://sms.test/send" };
    const ctx = createExecutionContext();
    await worker.queue(batchOf("vaccine-notify", [await message(cohortId, 1, "near")]), webhookEnv, ctx);
    expect(calls).toHaveLength(1);
    const body = await calls[0]!.text();
    expect(JSON.parse(body)).toMatchObject({ to: "01098765432", event: "near", idempotencyKey: `${cohortId}:1:near` });
    const signature = calls[0]!.headers.get("X-Signature")!;
    const timestamp = Number(/t=(\d+)/.exec(signature)![1]);
    expect(signature).toBe(await webhookSignature(env.NOTIFY_WEBHOOK_SECRET, timestamp, body));
  });

  it("retries a failing provider with growing delays, and records what reaches the dead-letter queue", async () => {
    const cohortId = `failing-${Math.random().toString(36).slice(2, 8)}`;
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("gateway down", { status: 502 }));
    const webhookEnv = { ...env, NOTIFY_PROVIDER: "webhook", NOTIFY_WEBHOOK_URL: "https://sms.test/send" };
    const body = await message(cohortId, 3, "turn");
    const delays: number[] = [];
    for (let attempts = 1; attempts <= 3; attempts++) {
      const ctx = createExecutionContext();
      const batch = batchOf("vaccine-notify", [body], attempts);
      // The test harness records that a message was retried but not its delay: read the delay from the call.
      const retry = vi.spyOn(batch.messages[0]!, "retry");
      await worker.queue(batch, webhookEnv, ctx);
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryMessages.map((m) => m.msgId)).toEqual([batch.messages[0]!.id]);
      delays.push(retry.mock.calls[0]![0]!.delaySeconds!);
    }
    expect(delays).toEqual([retryDelaySeconds(1), retryDelaySeconds(2), retryDelaySeconds(3)]);
    expect(delays[0]).toBeLessThan(delays[1]!);
    // Nothing was marked sent: a later attempt may still send it.
    const sent = await env.DB.prepare("SELECT count(*) AS n FROM notify_sent WHERE cohort_id = ?").bind(cohortId).first<{ n: number }>();
    expect(sent!.n).toBe(0);

    // After max_retries the queue moves it to the dead-letter queue, whose consumer records it (no number).
    expect(wranglerToml).toMatch(/max_retries = 5\ndead_letter_queue = "vaccine-notify-dlq"/);
    const ctx = createExecutionContext();
    const dead = batchOf(DEAD_LETTER_QUEUE, [body], 6);
    await worker.queue(dead, env, ctx);
    expect((await getQueueResult(dead, ctx)).ackAll).toBe(true);
    const { results } = await env.DB.prepare("SELECT position, event FROM notify_dead WHERE cohort_id = ?").bind(cohortId).all();
    expect(results).toEqual([{ position: 3, event: "turn" }]);
    expect(await outbox(cohortId)).toEqual([]);
  });
});

describe("numbers are kept only while needed", () => {
  it("are deleted once the cohort's last window has closed", async () => {
    const { cohortId } = await textingCohort("window-closed", 10);
    const { tickets } = await joinPeople(cohortId, "1967-12-12", 2);
    for (const [i, ticket] of tickets.entries()) await leaveNumber(cohortId, ticket, { phone: phoneOf(i) });
    expect(await subscriptions(cohortId)).toHaveLength(2);
    await worker.scheduled(createScheduledController(), env, createExecutionContext());
    expect(await subscriptions(cohortId)).toHaveLength(2); // still open
    setServerTime(Date.parse(OPENING) + 5 * 24 * 3600_000); // past the last window (four days)
    await worker.scheduled(createScheduledController(), env, createExecutionContext());
    expect(await subscriptions(cohortId)).toEqual([]);
  });
});
