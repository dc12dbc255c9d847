// The booking page: the grant from the queue, its countdown, clinics by region, slots, booking.

import { formatCountdown } from "../../copy/format";
import { apiErrorText } from "../api-errors";
import type { ClientData } from "../client-data";
import { call } from "./api";
import { serverNow, syncClock } from "./clock";
import { byId, setFieldMessage } from "./dom";
import { checkId } from "./id-check";
import { slotPicker } from "./slot-picker";
import { currentHolder, forHolder, holderOf, loadSaved, save } from "./store";

/** Runs the booking page. */
export async function bookPage(data: ClientData<"book">): Promise<void> {
  const { cohort, text, lang, links } = data;
  const problem = byId("book-error");
  const found = currentHolder(cohort.id);
  const query = found ? `?holder=${found}` : "";
  const [place] = await Promise.all([
    call("GET", `/api/v1/cohorts/${cohort.id}/queue${query}`, { bearer: loadSaved(cohort.id, found).ticket }),
    syncClock(cohort.id),
  ]);
  const holder = found ?? (place.body?.grant ? holderOf(place.body.grant) : undefined);
  if (place.body?.state === "booked") return location.replace(forHolder(links.done, holder));
  if (place.status !== 200 || place.body.state !== "admitted" || !place.body.grant) {
    // Only the server's grant opens this page; a direct link waits in the queue like everyone.
    // No place at all (401): what is missing is the admission pass only the waiting room gives.
    problem.textContent =
      place.status === 200
        ? text.notYourTurn
        : place.status === 401
          ? data.errors.grant_required
          : apiErrorText(place.body, lang, data.errors.unavailable);
    setTimeout(() => location.replace(forHolder(links.wait, holder)), 2500);
    return;
  }
  const grant: string = place.body.grant;
  grantTimer(Date.parse(place.body.grantExpiresAt), data, forHolder(links.wait, holder));
  const picker = slotPicker(data);
  await picker.load();

  const form = byId<HTMLFormElement>("book-form");
  const name = byId<HTMLInputElement>("name");
  const nationalId = byId<HTMLInputElement>("national-id");
  const idMessage = byId("national-id-message");
  const button = byId<HTMLButtonElement>("book-button");
  const checkNationalId = (final: boolean) => {
    const check = checkId(nationalId.value, data, final, serverNow());
    setFieldMessage(nationalId, idMessage, check.message, check.ok);
    return check.ok;
  };
  nationalId.addEventListener("input", () => checkNationalId(false));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const slotId = picker.chosenSlot();
    problem.textContent = !slotId ? text.chooseSlot : !name.value.trim() ? text.enterName : "";
    if (problem.textContent || !checkNationalId(true)) return;
    button.disabled = true;
    button.textContent = text.booking;
    const body = { nationalId: nationalId.value.trim(), name: name.value.trim(), slotId };
    const answer = await call("POST", `/api/v1/cohorts/${cohort.id}/bookings`, { json: body, bearer: grant });
    if (answer.status === 200 || answer.status === 201) {
      const owner = holder ?? holderOf(grant);
      save(cohort.id, owner, { receipt: answer.body.receipt, booking: answer.body.booking });
      return location.assign(forHolder(links.done, owner));
    }
    problem.textContent = apiErrorText(answer.body, lang, data.errors.unavailable);
    button.disabled = false;
    button.textContent = text.bookButton;
    if (answer.body?.error?.code === "slot_full") await picker.load();
  });
}

/** Counts down the grant on the server's clock; at zero the queue page explains what is next. */
function grantTimer(expiresAtMs: number, data: ClientData<"book">, waitPage: string): void {
  const box = byId("grant-timer");
  const left = byId("grant-left");
  const tick = () => {
    const now = serverNow();
    if (now === null) return;
    box.hidden = false;
    left.textContent = formatCountdown(expiresAtMs - now, data.lang);
    if (expiresAtMs - now <= 0) location.replace(waitPage);
  };
  tick();
  setInterval(tick, 1000);
}
