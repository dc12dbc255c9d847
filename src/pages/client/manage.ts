// Moving or cancelling a booking from the device that made it: the saved receipt proves the
// booking, the holder's national ID number proves the person; the bookings API checks both.
import { apiErrorText } from "../api-errors";
import { type BookingAnswer, standingOf } from "../booking-values";
import type { ClientData } from "../client-data";
import { call } from "./api";
import { byId, clearProblem, showProblems } from "./dom";
import { idField } from "./id-field";
import { showBooking } from "./receipt";
import { slotPicker } from "./slot-picker";
import { save } from "./store";

/** Runs the change and cancel forms of a booking that still stands (booked, or waiting for a new time after a supply cut). */
export function manageActions(data: ClientData<"manage">, holder: string, booking: BookingAnswer, receipt: string): void {
  const { cohort, text, lang } = data;
  const actions = byId("actions");
  const done = byId("manage-done");
  if (standingOf(booking.status) === "cancelled") return;
  actions.hidden = false;

  const id = idField(data);
  const checkNationalId = () => {
    const check = id.check(true);
    if (!check.ok) id.focus();
    return check.ok;
  };

  // Every change answers with the booking and a fresh receipt: keep both, show them.
  const changedTo = (answer: { booking: BookingAnswer; receipt?: string }, sentence: string) => {
    const current = answer.receipt ?? receipt;
    save(cohort.id, holder, { booking: answer.booking, receipt: current });
    showBooking(data, answer.booking, current);
    showProblems("change-summary", []);
    done.textContent = sentence;
    done.focus();
    if (standingOf(answer.booking.status) === "cancelled") actions.hidden = true;
    receipt = current;
  };

  const picker = slotPicker(data);
  void picker.load();
  const changeForm = byId<HTMLFormElement>("change-form");
  const changeError = byId("change-error");
  const changeButton = byId<HTMLButtonElement>("change-button");
  changeForm.addEventListener("change", (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (name === "slotId") clearProblem("slots");
    if (name === "clinic") clearProblem("clinics");
  });
  changeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const slotId = picker.chosenSlot();
    const check = id.check(true);
    changeError.textContent = slotId ? "" : text.chooseSlot;
    showProblems("change-summary", [
      ...(slotId ? [] : [{ field: changeForm.querySelector("#clinics input:checked") ? "slots" : "clinics", text: text.chooseSlot }]),
      ...(check.ok ? [] : [{ field: "national-id", text: check.message }]),
    ]);
    if (!slotId || !check.ok) return;
    changeButton.disabled = true;
    changeButton.textContent = text.changing;
    const answer = await call("POST", `/api/v1/bookings/${booking.id}/reschedule`, {
      json: { nationalId: id.value(), slotId },
      bearer: receipt,
    });
    changeButton.disabled = false;
    changeButton.textContent = text.changeButton;
    if (answer.status === 200 && answer.body?.booking) return changedTo(answer.body, text.changed);
    changeError.textContent = apiErrorText(answer.body, lang, data.errors.unavailable);
    const code = answer.body?.error?.code;
    showProblems("change-summary", [{ field: code === "identity_mismatch" ? "national-id" : null, text: changeError.textContent }]);
    await picker.load();
  });

  const cancelButton = byId<HTMLButtonElement>("cancel-button");
  const confirm = byId<HTMLButtonElement>("cancel-confirm");
  const cancelError = byId("cancel-error");
  cancelButton.addEventListener("click", () => {
    confirm.hidden = false;
    confirm.focus();
  });
  confirm.addEventListener("click", async () => {
    if (!checkNationalId()) return;
    confirm.disabled = true;
    const answer = await call("POST", `/api/v1/bookings/${booking.id}/cancel`, {
      json: { nationalId: id.value() },
      bearer: receipt,
    });
    confirm.disabled = false;
    if (answer.status === 200 && answer.body?.booking) return changedTo(answer.body, text.cancelled);
    cancelError.textContent = apiErrorText(answer.body, lang, data.errors.unavailable);
  });
}
