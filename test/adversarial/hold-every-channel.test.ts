// The emergency hold is "nobody books": it must stop every channel that takes a seat, not only
// the web page, or a call centre (or a reschedule) keeps writing to a booking database in trouble.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ADMIN, book, joinAndAdmit, nationalIdFor, send } from "../helpers";
import { bookingRow, oneDoseCohort, seatsOf, withReceipt } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

const AGENT = { Authorization: `Bearer ${env.AGENT_TOKENS.split(" ")[0]!.split(":")[1]!}` };

const control = (cohortId: string, action: "hold" | "release") =>
  send(
    "POST",
    `/admin/v1/cohorts/${cohortId}/controls`,
    { action, ...(action === "hold" ? { reason: "booking database errors" } : {}) },
    ADMIN,
  );

async function liveBookings(cohortId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM bookings WHERE cohort_id = ? AND status = 'active'")
    .bind(cohortId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("an emergency hold", () => {
  it("stops call-centre bookings too: on_hold, nothing booked, and the same request books once released", async () => {
    const { cohortId, slotId } = await oneDoseCohort("hold-agent");
    expect((await control(cohortId, "hold")).status).toBe(200);
    const request = { requestId: crypto.randomUUID(), name: "Parent", nationalId: nationalIdFor("1967-03-03", 1), slotId };

    const refused = await send("POST", `/agent/v1/cohorts/${cohortId}/bookings`, request, AGENT);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as any).error.code).toBe("on_hold");
    expect(await liveBookings(cohortId)).toBe(0);
    expect((await seatsOf(slotId)).held).toBe(0);

    expect((await control(cohortId, "release")).status).toBe(200);
    expect((await send("POST", `/agent/v1/cohorts/${cohortId}/bookings`, request, AGENT)).status).toBe(201);
  });

  it("stops a booking moving to new seats, by the citizen or an agent, and leaves it where it was", async () => {
    const { cohortId, slotId, nextDay } = await oneDoseCohort("hold-reschedule");
    const me = nationalIdFor("1968-06-06", 1);
    const { grant } = await joinAndAdmit(cohortId, me);
    const { booking, receipt } = (await book(cohortId, grant, { nationalId: me, name: "Hong", slotId })).body;
    expect((await control(cohortId, "hold")).status).toBe(200);

    const byCitizen = await withReceipt(booking.id, "reschedule", receipt, { nationalId: me, slotId: nextDay });
    expect(byCitizen.response.status).toBe(503);
    expect(byCitizen.body.error.code).toBe("on_hold");
    const byAgent = await send("POST", `/agent/v1/bookings/${booking.id}/reschedule`, { nationalId: me, slotId: nextDay }, AGENT);
    expect(byAgent.status).toBe(503);
    expect(((await byAgent.json()) as any).error.code).toBe("on_hold");

    expect((await bookingRow(booking.id))!.slot_id).toBe(slotId);
    expect((await seatsOf(nextDay)).held).toBe(0);

    expect((await control(cohortId, "release")).status).toBe(200);
    expect((await withReceipt(booking.id, "reschedule", receipt, { nationalId: me, slotId: nextDay })).response.status).toBe(200);
  });
});
