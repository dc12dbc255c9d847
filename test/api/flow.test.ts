import { afterEach, describe, expect, it, vi } from "vitest";
import { admissionTick, api, cohortConfig, createCohort, join, loadClinic, nationalIdFor, poll, send, setServerTime } from "../helpers";

afterEach(() => {
  vi.useRealTimers();
});

describe("one cohort from opening to booking", () => {
  it("a citizen joins, waits, is admitted, books a slot and reads the booking with the receipt", async () => {
    setServerTime("2021-07-19T11:00:00Z"); // 20:00 in Seoul
    const cohortId = await createCohort("flow", cohortConfig("2021-07-19T20:00:00+09:00"));
    await loadClinic("flow-clinic", [{ id: "flow-slot-1", capacity: 5 }], "2021-07-26T09:00:00+09:00");

    const nationalId = nationalIdFor("1968-03-15", 1);
    const joined = await join(cohortId, nationalId);
    expect(joined.response.status).toBe(200);
    expect(joined.body).toMatchObject({ state: "waiting", position: 1, ahead: 0 });
    expect(joined.response.headers.get("Set-Cookie")).toMatch(/HttpOnly; Secure; SameSite=Strict/);

    expect(await admissionTick(cohortId)).toBe(true);
    const polled = await poll(cohortId, joined.body.ticket);
    expect(polled.body).toMatchObject({ state: "admitted", position: 1 });
    expect(typeof polled.body.grant).toBe("string");

    const booked = await send(
      "POST",
      `/api/v1/cohorts/${cohortId}/bookings`,
      { nationalId, name: "Hong Gildong", slotId: "flow-slot-1" },
      { Authorization: `Bearer ${polled.body.grant}` },
    );
    expect(booked.status).toBe(201);
    const { booking, receipt } = (await booked.json()) as any;
    expect(booking).toMatchObject({ cohortId, status: "active", name: "Hong Gildong", slot: { id: "flow-slot-1" } });
    expect(JSON.stringify(booking)).not.toContain(nationalId.replace("-", ""));

    const read = await api(`/api/v1/bookings/${booking.id}`, { headers: { Authorization: `Bearer ${receipt}` } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as any).booking.id).toBe(booking.id);

    const after = await poll(cohortId, joined.body.ticket);
    expect(after.body.state).toBe("booked");
  });
});
