// The confirmation and booking pages: the booking saved on this device, refreshed from the API.
import type { ClientData } from "../client-data";
import { call } from "./api";
import { byId } from "./dom";
import { manageActions } from "./manage";
import { keepHolderInLinks, showPlaces } from "./places";
import { showBooking } from "./receipt";
import { currentHolder, loadSaved, save } from "./store";

/** Runs the confirmation (or the booking view) page. */
export function donePage(data: ClientData<"done" | "manage">): void {
  const { cohort, links } = data;
  const holder = currentHolder(cohort.id);
  keepHolderInLinks([links.manage], holder);
  showPlaces(cohort.id, holder, data.page === "done" ? links.done : links.manage, data);
  const { receipt, booking } = loadSaved(cohort.id, holder);
  if (!receipt || !booking || !holder) {
    byId("no-receipt").hidden = false;
    return;
  }
  // Shown at once from this device, before the QR script (loaded after this one) draws it.
  showBooking(data, booking, receipt, "checking");
  // The receipt alone reads the status, not the name: keep the name saved at booking.
  void call("GET", `/api/v1/bookings/${booking.id}`, { bearer: receipt }).then((answer) => {
    if (answer.status !== 200 || !answer.body?.booking) return showBooking(data, booking, receipt, "unchecked");
    const current = { ...booking, ...answer.body.booking };
    save(cohort.id, holder, { booking: current });
    showBooking(data, current, receipt);
    if (data.page === "manage") manageActions(data as ClientData<"manage">, holder, current, receipt);
  });
}
