// A receipt is a QR code shown at a desk, photographed, shared: it proves a booking, and must not
// be enough to learn who holds it. The holder's name needs the receipt and their national ID.
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, book, joinAndAdmit, nationalIdFor } from "../helpers";
import { oneDoseCohort, withReceipt } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

describe("a receipt alone", () => {
  it("shows a booking's status and seats but not its holder's name, which needs their national ID too", async () => {
    const { cohortId, slotId } = await oneDoseCohort("receipt-name");
    const me = nationalIdFor("1968-07-07", 1);
    const { grant } = await joinAndAdmit(cohortId, me);
    const { booking, receipt } = (await book(cohortId, grant, { nationalId: me, name: "Hong Gildong", slotId })).body;

    const read = await api(`/api/v1/bookings/${booking.id}`, { headers: { Authorization: `Bearer ${receipt}` } });
    expect(read.status).toBe(200);
    const status = ((await read.json()) as any).booking;
    expect(status).toMatchObject({ id: booking.id, status: "active", seatsHeld: true, slot: { id: slotId } });
    expect(status.name).toBeUndefined();
    expect(JSON.stringify(status)).not.toContain("Hong Gildong");

    const viewed = await withReceipt(booking.id, "view", receipt, { nationalId: me });
    expect(viewed.body.booking.name).toBe("Hong Gildong");
  });
});
