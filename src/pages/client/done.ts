// The confirmation and booking pages: the booking saved on this device, refreshed from the API.
import { bookingValues } from "../booking-values";
import type { ClientData } from "../client-data";
import { call } from "./api";
import { byId, fillSlots } from "./dom";
import { loadSaved, save } from "./store";

/** Runs the confirmation (or the booking view) page. */
export function donePage(data: ClientData<"done" | "manage">): void {
  const { cohort, lang, text } = data;
  const { receipt, booking } = loadSaved(cohort.id);
  if (!receipt || !booking) {
    byId("no-receipt").hidden = false;
    return;
  }
  // Set before the QR script (loaded after this one) draws every [data-qr].
  byId("qr").dataset.qr = receipt;
  const show = (current: typeof booking) => {
    fillSlots(document, bookingValues(current, lang, cohort.timeZone, text));
    const status = document.getElementById("booking-status");
    if (status) status.dataset.status = current.status === "active" ? "open" : "closed";
    byId("receipt").hidden = false;
  };
  show(booking);
  void call("GET", `/api/v1/bookings/${booking.id}`, { bearer: receipt }).then((answer) => {
    if (answer.status !== 200 || !answer.body?.booking) return;
    save(cohort.id, { booking: answer.body.booking });
    show(answer.body.booking);
  });
}
