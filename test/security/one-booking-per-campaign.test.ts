// Issue 14, item 2: one live booking per person was kept per cohort, so two cohorts whose birth
// dates overlap (a catch-up window after the first, as in the 2021 schedule) let one person hold a
// booking in each. One live booking per person in the campaign, enforced by the database.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { book, cohortConfig, createCohort, joinAndAdmit, nationalIdFor } from "../helpers";
import { bookingRow, OPENING, oneDoseCohort, withReceipt } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

describe("one live booking per person across cohorts", () => {
  it("refuses a second booking in an overlapping cohort, says why, and books there once the first is cancelled", async () => {
    const { cohortId: first, slotId, nextDay } = await oneDoseCohort("campaign-a");
    const vaccineId = slotId.split(".")[1]!;
    const catchUp = await createCohort("campaign-b", cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
    const me = nationalIdFor("1967-09-09", 7);

    const firstGrant = (await joinAndAdmit(first, me)).grant;
    const booked = await book(first, firstGrant, { nationalId: me, name: "Kim", slotId });
    expect(booked.response.status).toBe(201);

    const secondGrant = (await joinAndAdmit(catchUp, me)).grant;
    const second = await book(catchUp, secondGrant, { nationalId: me, name: "Kim", slotId: nextDay });
    expect(second.response.status).toBe(409);
    expect(second.body.error.code).toBe("already_booked");
    expect(second.body.error.message).toContain("another group");
    expect(second.body.error.messageKo).toContain("다른 대상군");
    expect((await bookingRow(booked.body.booking.id))!.status).toBe("active");
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM bookings WHERE cohort_id = ?").bind(catchUp).first<{ n: number }>();
    expect(rows?.n).toBe(0);

    const cancelled = await withReceipt(booked.body.booking.id, "cancel", booked.body.receipt, { nationalId: me });
    expect(cancelled.response.status).toBe(200);
    const again = await book(catchUp, secondGrant, { nationalId: me, name: "Kim", slotId: nextDay });
    expect(again.response.status).toBe(201);
  });

  it("is the database's rule: a second live row for one identity is refused whatever the cohort or channel", async () => {
    const { slotId } = await oneDoseCohort("campaign-db");
    const insert = (id: string, cohortId: string, channel: string) =>
      env.DB.prepare(
        "INSERT INTO bookings (id, cohort_id, identity_key, name, slot_id, grant_id, status, channel, created_at, held_since, updated_at) VALUES (?, ?, 'same-identity', 'N', ?, 'g', 'active', ?, '2021-07-19T11:00:00Z', '2021-07-19T11:00:00Z', '2021-07-19T11:00:00Z')",
      )
        .bind(id, cohortId, slotId, channel)
        .run();
    await insert("campaign-db-1", "cohort-one", "web");
    await expect(insert("campaign-db-2", "cohort-two", "agent")).rejects.toThrow(/UNIQUE/);
  });
});
