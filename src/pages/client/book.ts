// The booking page: the grant from the queue, its countdown, clinics by region, slots, booking.

import { formatCountdown } from "../../copy/format";
import { apiErrorText } from "../api-errors";
import type { ClientData } from "../client-data";
import { type Answer, call } from "./api";
import { serverNow, syncClock } from "./clock";
import { byId, setFieldMessage } from "./dom";
import { checkId } from "./id-check";
import { slotPicker } from "./slot-picker";
import { keepHolderInLinks } from "./places";
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
  keepHolderInLinks([links.wait], holder);
  byId("book-checking").hidden = true;
  if (place.status !== 200 || place.body.state !== "admitted" || !place.body.grant) return showWhyNot(data, place);
  byId("book-open-note").hidden = false;
  byId("book-form").hidden = false;
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

/**
 * Says why this person cannot book now, under a heading that says it: no place in the line (a
 * direct link), not their turn yet, their time ran out, or the line's own refusal. Only the
 * server's grant opens the form; nothing here moves the person anywhere by itself.
 */
function showWhyNot(data: ClientData<"book">, place: Answer): void {
  const { text } = data;
  const heading = byId("book-heading");
  const show = (id: string, title: string) => {
    byId(id).hidden = false;
    heading.textContent = title;
    heading.focus();
  };
  const state = place.status === 200 ? place.body?.state : undefined;
  if (place.status === 401) show("book-no-place", text.bookNoPlaceHeading);
  else if (state === "waiting" || state === "prequeue") show("book-not-yet", text.bookNotYetHeading);
  else if (state === "expired") show("book-expired", text.expiredHeading);
  else {
    byId("book-refusal").textContent =
      state === "sold_out" || state === "closed"
        ? String(place.body?.message ?? "")
        : apiErrorText(place.body, data.lang, data.errors.unavailable);
    show("book-refused", state === "sold_out" ? text.soldOutHeading : state === "closed" ? text.closedHeading : text.bookTitle);
  }
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
