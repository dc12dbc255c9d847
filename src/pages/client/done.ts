// The confirmation and booking pages: the booking saved on this device, refreshed from the API.
import { bookingValues } from "../booking-values";
import type { ClientData } from "../client-data";
import { call } from "./api";
import { byId, fillSlots } from "./dom";
import { keepHolderInLinks, showPlaces } from "./places";
import { currentHolder, loadSaved, save } from "./store";

/** Runs the confirmation (or the booking view) page. */
export function donePage(data: ClientData<"done" | "manage">): void {
  const { cohort, lang, text, links } = data;
  const holder = currentHolder(cohort.id);
  keepHolderInLinks([links.manage], holder);
  showPlaces(cohort.id, holder, data.page === "done" ? links.done : links.manage, text.personN);
  const { receipt, booking } = loadSaved(cohort.id, holder);
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
    if (holder) save(cohort.id, holder, { booking: answer.body.booking });
    show(answer.body.booking);
  });
}
