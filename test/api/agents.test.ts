// Call-centre agents book for citizens (often a family member booking for a parent): they skip the
// waiting room but never eligibility, capacity or one booking per person, and every action is audited.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ADMIN, api, book, cohortConfig, createCohort, joinAndAdmit, nationalIdFor, send, setServerTime } from "../helpers";
import {
  AFTER_OPENING,
  blockId,
  clinic,
  DOSE1_DAY,
  loadSupply,
  OPENING,
  seatsOf,
  supplyDay,
  uniqueVaccineId,
  vaccine,
} from "../supply-helpers";

afterEach(() => vi.useRealTimers());

/** The test agents configured in vitest.config.ts, with their bearer headers. */
const [SEOUL_AGENT, BUSAN_AGENT] = env.AGENT_TOKENS.split(" ").map((pair) => {
  const [id, token] = pair.split(":") as [string, string];
  return { id, headers: { Authorization: `Bearer ${token}` } as Record<string, string> };
}) as [Agent, Agent];

type Agent = { id: string; headers: Record<string, string> };

/** A cohort of a fresh single-dose vaccine with `doses` seats in one slot. */
async function agentSetting(label: string, doses = 5, now = AFTER_OPENING) {
  setServerTime(now);
  const vaccineId = uniqueVaccineId(label);
  const clinicId = `${vaccineId}-c`;
  await loadSupply({
    vaccines: [vaccine(vaccineId, 1)],
    clinics: [clinic(clinicId, [vaccineId])],
    supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, doses), supplyDay(clinicId, vaccineId, "2021-07-27", doses)],
  });
  const cohortId = await createCohort(label, cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
  return { cohortId, slotId: blockId(clinicId, vaccineId, DOSE1_DAY), nextDay: blockId(clinicId, vaccineId, "2021-07-27") };
}

function agentBook(agent: { headers: Record<string, string> }, cohortId: string, body: Record<string, unknown>) {
  return send("POST", `/agent/v1/cohorts/${cohortId}/bookings`, { requestId: crypto.randomUUID(), name: "Parent", ...body }, agent.headers);
}

async function auditRows(agentId: string) {
  const { results } = await env.DB.prepare("SELECT * FROM agent_actions WHERE agent_id = ? ORDER BY rowid")
    .bind(agentId)
    .all<Record<string, any>>();
  return results;
}

describe("call-centre agents", () => {
  it("book for a citizen without the waiting room, and the booking is audited with the agent's id and no national ID", async () => {
    const { cohortId, slotId } = await agentSetting("agent-book");
    const parent = nationalIdFor("1967-11-11", 1);
    const response = await agentBook(SEOUL_AGENT, cohortId, { nationalId: parent, slotId });
    expect(response.status).toBe(201);
    const body = (await response.json()) as any;
    expect(body.booking).toMatchObject({ status: "active", channel: "agent", slot: { id: slotId } });
    expect(body.receipt).toBeTruthy();

    const audit = (await auditRows(SEOUL_AGENT.id)).filter((r) => r.cohort_id === cohortId);
    expect(audit).toEqual([
      expect.objectContaining({ action: "book", outcome: "ok", booking_id: body.booking.id, identity_key: expect.any(String) }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(parent.replace("-", "").slice(0, 7));
    const listed = (await (await api(`/admin/v1/agent-actions?agentId=${SEOUL_AGENT.id}`, { headers: ADMIN })).json()) as any;
    expect(listed.actions.map((a: any) => a.id)).toContain(audit[0]!.id);
  });

  it("are held to eligibility on the server clock and the cohort's own config, and a refusal is audited too", async () => {
    const { cohortId, slotId } = await agentSetting("agent-eligibility");
    const tooYoung = await agentBook(BUSAN_AGENT, cohortId, { nationalId: nationalIdFor("1980-01-01", 1), slotId });
    expect(tooYoung.status).toBe(403);
    expect(((await tooYoung.json()) as any).error.code).toBe("not_eligible");

    setServerTime("2021-07-19T10:59:59Z"); // a second before the 20:00 Seoul opening
    const early = await agentBook(BUSAN_AGENT, cohortId, { nationalId: nationalIdFor("1967-11-12", 1), slotId });
    expect(early.status).toBe(403);
    expect(((await early.json()) as any).error.code).toBe("not_open");

    const outcomes = (await auditRows(BUSAN_AGENT.id)).filter((r) => r.cohort_id === cohortId).map((r) => r.outcome);
    expect(outcomes).toEqual(["not_eligible", "not_open"]);
    expect(await seatsOf(slotId)).toMatchObject({ held: 0 });
  });

  it("are held to capacity and to one live booking per person, across channels", async () => {
    const { cohortId, slotId } = await agentSetting("agent-rules", 1);
    const webPerson = nationalIdFor("1968-02-14", 1);
    const { grant } = await joinAndAdmit(cohortId, webPerson);
    expect((await book(cohortId, grant, { nationalId: webPerson, name: "Web", slotId })).response.status).toBe(201);

    const again = await agentBook(SEOUL_AGENT, cohortId, { nationalId: webPerson, slotId });
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error.code).toBe("already_booked");
    const full = await agentBook(SEOUL_AGENT, cohortId, { nationalId: nationalIdFor("1968-02-14", 2), slotId });
    expect(full.status).toBe(409);
    expect(["slot_full", "sold_out"]).toContain(((await full.json()) as any).error.code);
    expect(await seatsOf(slotId)).toMatchObject({ capacity: 1, held: 1 });
  });

  it("retrying with the same request id returns the same booking", async () => {
    const { cohortId, slotId } = await agentSetting("agent-retry");
    const body = { nationalId: nationalIdFor("1967-12-12", 1), slotId, requestId: crypto.randomUUID() };
    const [a, b] = await Promise.all([agentBook(SEOUL_AGENT, cohortId, body), agentBook(SEOUL_AGENT, cohortId, body)]);
    const ids = await Promise.all([a, b].map(async (r) => ((await r.json()) as any).booking?.id));
    expect(new Set(ids)).toEqual(new Set([ids[0]]));
    expect(await seatsOf(slotId)).toMatchObject({ held: 1 });
  });

  it("look up, reschedule and cancel a booking with the person's national ID, each audited", async () => {
    const { cohortId, slotId, nextDay } = await agentSetting("agent-life", 4);
    const parent = nationalIdFor("1967-10-10", 1);
    const booked = (await (await agentBook(SEOUL_AGENT, cohortId, { nationalId: parent, slotId })).json()) as any;
    const lookup = await send("POST", `/agent/v1/cohorts/${cohortId}/bookings/lookup`, { nationalId: parent }, SEOUL_AGENT.headers);
    expect(((await lookup.json()) as any).booking.id).toBe(booked.booking.id);
    const moved = await send(
      "POST",
      `/agent/v1/bookings/${booked.booking.id}/reschedule`,
      { nationalId: parent, slotId: nextDay },
      SEOUL_AGENT.headers,
    );
    expect(((await moved.json()) as any).booking.slot.id).toBe(nextDay);
    expect(await seatsOf(slotId)).toMatchObject({ held: 0 });
    expect(await seatsOf(nextDay)).toMatchObject({ held: 1 });
    const wrong = await send(
      "POST",
      `/agent/v1/bookings/${booked.booking.id}/cancel`,
      { nationalId: nationalIdFor("1967-10-10", 2) },
      SEOUL_AGENT.headers,
    );
    expect(wrong.status).toBe(403);
    const cancelled = await send("POST", `/agent/v1/bookings/${booked.booking.id}/cancel`, { nationalId: parent }, SEOUL_AGENT.headers);
    expect(((await cancelled.json()) as any).booking.status).toBe("cancelled");
    expect(await seatsOf(nextDay)).toMatchObject({ held: 0 });
    const actions = (await auditRows(SEOUL_AGENT.id))
      .filter((r) => r.booking_id === booked.booking.id)
      .map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(["book:ok", "lookup:ok", "reschedule:ok", "cancel:identity_mismatch", "cancel:ok"]);
  });

  it("use their own tokens: the admin token opens no agent route and an agent token opens no admin route", async () => {
    const { cohortId, slotId } = await agentSetting("agent-roles");
    const body = { nationalId: nationalIdFor("1967-09-09", 1), slotId };
    for (const headers of [ADMIN, {}, { Authorization: "Bearer not-an-agent-token-at-all-000" }]) {
      expect((await agentBook({ headers }, cohortId, body)).status).toBe(401);
    }
    expect((await api(`/admin/v1/agent-actions`, { headers: SEOUL_AGENT.headers })).status).toBe(401);
    expect((await send("PUT", "/admin/v1/supply", {}, SEOUL_AGENT.headers)).status).toBe(401);
    expect(await seatsOf(slotId)).toMatchObject({ held: 0 });
  });
});
