// A receipt is a QR code shown at a desk, photographed, shared: it proves a booking, and must not
// be enough to learn who holds it. The holder's name needs the receipt and their national ID.
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, book, cohortConfig, createCohort, joinAndAdmit, nationalIdFor, setServerTime } from "../helpers";
import { AFTER_OPENING, blockId, clinic, DOSE1_DAY, loadSupply, OPENING, supplyDay, uniqueVaccineId, vaccine, withReceipt } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

describe("a receipt alone", () => {
  it("shows a booking's status and seats but not its holder's name, which needs their national ID too", async () => {
    setServerTime(AFTER_OPENING);
    const vaccineId = uniqueVaccineId("receipt-name");
    const clinicId = `${vaccineId}-c`;
    await loadSupply({ vaccines: [vaccine(vaccineId, 1)], clinics: [clinic(clinicId, [vaccineId])], supply: [supplyDay(clinicId, vaccineId, DOSE1_DAY, 5)] });
    const cohortId = await createCohort("receipt-name", cohortConfig(OPENING, { vaccines: [vaccineId], admissionRatePerMinute: 6000 }));
    const slotId = blockId(clinicId, vaccineId, DOSE1_DAY);
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
