// The booking page: the grant from the queue, its countdown, clinics by region, slots, booking.

import { formatCountdown } from "../../copy/format";
import { apiErrorText } from "../api-errors";
import type { ClientData } from "../client-data";
import { type Answer, call } from "./api";
import { serverNow, syncClock } from "./clock";
import { byId, clearProblem, type Problem, showProblems } from "./dom";
import { idField } from "./id-field";
import { keepHolderInLinks } from "./places";
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
  keepHolderInLinks([links.wait], holder);
  byId("book-checking").hidden = true;
  if (place.status !== 200 || place.body.state !== "admitted" || !place.body.grant) return showWhyNot(data, place);
  // Until the booking handler below is attached, a submit must not post the no-JavaScript form.
  byId<HTMLFormElement>("book-form").addEventListener("submit", (event) => event.preventDefault());
  byId("book-open-note").hidden = false;
  byId("book-form").hidden = false;
  const grant: string = place.body.grant;
  grantTimer(Date.parse(place.body.grantExpiresAt), data, forHolder(links.wait, holder));
  const picker = slotPicker(data);
  await picker.load();

  const form = byId<HTMLFormElement>("book-form");
  const name = byId<HTMLInputElement>("name");
  const id = idField(data);
  const button = byId<HTMLButtonElement>("book-button");
  const queuedBirth = loadSaved(cohort.id, holder).birthDate;
  const expiresAtMs = Date.parse(place.body.grantExpiresAt);
  name.addEventListener("input", () => name.value.trim() && clearProblem("name"));
  form.addEventListener("change", (event) => {
    if ((event.target as HTMLInputElement).name === "slotId") clearProblem("slots");
    if ((event.target as HTMLInputElement).name === "clinic") clearProblem("clinics");
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const slotId = picker.chosenSlot();
    const check = id.check(true);
    const problems: Problem[] = [];
    if (!slotId) problems.push({ field: form.querySelector("#clinics input:checked") ? "slots" : "clinics", text: text.chooseSlot });
    if (!name.value.trim()) problems.push({ field: "name", text: text.enterName });
    if (!check.ok) problems.push({ field: "national-id", text: check.message });
    // The place was given to the number that queued; its birth date (all this device kept) tells a wrong one early.
    else if (queuedBirth && check.birthDate !== queuedBirth) problems.push({ field: "national-id", text: text.idNotQueued });
    problem.textContent = problems[0]?.text ?? "";
    showProblems("book-summary", problems);
    if (problems.length > 0) return;
    button.disabled = true;
    button.textContent = text.booking;
    const body = { nationalId: id.value(), name: name.value.trim(), slotId };
    const answer = await call("POST", `/api/v1/cohorts/${cohort.id}/bookings`, { json: body, bearer: grant });
    if (answer.status === 200 || answer.status === 201) {
      const owner = holder ?? holderOf(grant);
      save(cohort.id, owner, { receipt: answer.body.receipt, booking: answer.body.booking });
      return location.assign(forHolder(links.done, owner));
    }
    const code = answer.body?.error?.code;
    // A grant still running that is refused belongs to another number: the one that queued.
    const notQueued = code === "grant_invalid" && (serverNow() ?? 0) < expiresAtMs;
    problem.textContent = notQueued ? text.idNotQueued : apiErrorText(answer.body, lang, data.errors.unavailable);
    const field =
      notQueued || code === "identity_mismatch" || code === "not_eligible" ? "national-id" : code === "slot_full" ? "slots" : null;
    showProblems("book-summary", [{ field, text: problem.textContent }]);
    button.disabled = false;
    button.textContent = text.bookButton;
    if (code === "slot_full") await picker.load();
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
