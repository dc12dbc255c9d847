// A booking and its receipt on the confirmation and booking pages.
import type { BookingAnswer } from "../booking-values";
import { bookingValues, standingOf, standingWords } from "../booking-values";
import type { ClientData } from "../client-data";
import { byId, fillSlots } from "./dom";

/**
 * Where a booking's status comes from: the bookings API just now, this device's copy while the API
 * is being asked, or this device's copy because the API could not be reached.
 */
export type StatusSource = "api" | "checking" | "unchecked";

/**
 * Shows a booking, where it stands in words, and its receipt (the QR script draws `data-qr`) only
 * while it can be used. Only a status the API just gave is said as a heading; a saved one is
 * labelled as such, so the page never claims a booking stands when it may not.
 */
export function showBooking(
  data: ClientData<"done" | "manage">,
  booking: BookingAnswer,
  receipt: string,
  source: StatusSource = "api",
): void {
  const values = bookingValues(booking, data.lang, data.cohort.timeZone, data.text);
  if (source === "checking") values.status = data.text.statusChecking;
  if (source === "unchecked") values.status = data.text.statusUnchecked;
  fillSlots(document, values);
  for (const row of Array.from(document.querySelectorAll<HTMLElement>("[data-row]"))) row.hidden = !(row.dataset.row! in values);
  const standing = standingOf(booking.status);
  byId("receipt-heading").textContent = source === "api" ? standingWords(standing, data.text).heading : data.text.manageTitle;
  byId("receipt").dataset.standing = source === "api" ? standing : "";
  byId("booking-status").dataset.standing = source === "api" ? standing : "";
  for (const note of Array.from(document.querySelectorAll<HTMLElement>("[data-standing-note]")))
    note.hidden = source !== "api" || note.dataset.standingNote !== standing;
  const qr = byId("qr");
  if (qr.dataset.qr !== receipt) {
    qr.dataset.qr = receipt;
    document.dispatchEvent(new Event("receipt-changed"));
  }
  // A code for a booking that no longer stands would only confuse a clinic.
  qr.parentElement!.hidden = standing !== "active";
  byId("receipt").hidden = false;
}
