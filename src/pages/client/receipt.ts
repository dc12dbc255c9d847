// A booking and its receipt on the confirmation and booking pages.
import type { BookingAnswer } from "../booking-values";
import { bookingValues } from "../booking-values";
import type { ClientData } from "../client-data";
import { byId, fillSlots } from "./dom";

/** Shows a booking and its receipt (the QR script draws `data-qr`). */
export function showBooking(data: ClientData<"done" | "manage">, booking: BookingAnswer, receipt: string): void {
  const values = bookingValues(booking, data.lang, data.cohort.timeZone, data.text);
  fillSlots(document, values);
  for (const row of Array.from(document.querySelectorAll<HTMLElement>("[data-row]"))) row.hidden = !(row.dataset.row! in values);
  const status = document.getElementById("booking-status");
  if (status) status.dataset.status = booking.status === "active" ? "open" : "closed";
  const qr = byId("qr");
  if (qr.dataset.qr !== receipt) {
    qr.dataset.qr = receipt;
    document.dispatchEvent(new Event("receipt-changed"));
  }
  // A cancelled booking's code would only confuse a clinic: the page shows its status instead.
  qr.parentElement!.hidden = booking.status !== "active";
  byId("receipt").hidden = false;
}
