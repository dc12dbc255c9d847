// The booking page: the grant from the queue, its countdown, clinics by region, slots, booking.
import { apiErrorText } from "../api-errors";
import type { ClientData } from "../client-data";
import { formatClock, formatCountdown, formatDay } from "../format";
import { fill } from "../lang";
import type { ClinicChoice } from "../views/book";
import { call } from "./api";
import { serverNow, syncClock } from "./clock";
import { byId, h, setFieldMessage } from "./dom";
import { checkId } from "./id-check";
import { currentHolder, forHolder, holderOf, loadSaved, rememberNationalId, save, sessionNationalId } from "./store";

/** Runs the booking page. */
export async function bookPage(data: ClientData<"book">): Promise<void> {
  const { cohort, text, lang, links } = data;
  const problem = byId("book-error");
  const found = currentHolder(cohort.id);
  const query = found ? `?holder=${found}` : "";
  const [place] = await Promise.all([call("GET", `/api/v1/cohorts/${cohort.id}/queue${query}`, { bearer: loadSaved(cohort.id, found).ticket }), syncClock(cohort.id)]);
  const holder = found ?? (place.body?.grant ? holderOf(place.body.grant) : undefined);
  if (place.body?.state === "booked") return location.replace(forHolder(links.done, holder));
  if (place.status !== 200 || place.body.state !== "admitted" || !place.body.grant) {
    // Only the server's grant opens this page; a direct link waits in the queue like everyone.
    // No place at all (401): what is missing is the admission pass only the waiting room gives.
    problem.textContent = place.status === 200 ? text.notYourTurn : place.status === 401 ? data.errors.grant_required : apiErrorText(place.body, lang, data.errors.unavailable);
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
  nationalId.value = sessionNationalId(cohort.id, holder);
  const checkNationalId = (final: boolean) => {
    const check = checkId(nationalId.value, data, final, serverNow());
    setFieldMessage(nationalId, idMessage, check.message, check.ok);
    return check.ok;
  };
  if (nationalId.value) checkNationalId(true);
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
      rememberNationalId(cohort.id, owner, null);
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

/** Region filter, clinic search, clinic choice and slot choice, from the slots API. */
function slotPicker(data: ClientData<"book">) {
  const { cohort, text, lang } = data;
  const region = byId<HTMLSelectElement>("region");
  const search = byId<HTMLInputElement>("clinic-search");
  const clinicList = byId("clinics");
  const slotBox = byId("slots");
  let clinics: ClinicChoice[] = [];
  let chosenClinic = "";

  // A radio choice: a main line and a second line (an address, or the seats left).
  const choice = (name: string, value: string, checked: boolean, disabled: boolean, main: string, sub: string, subClass = "sub") =>
    h(
      "li",
      {},
      h(
        "label",
        { class: "choice", "aria-disabled": String(disabled) },
        h("input", { type: "radio", name, value, checked, disabled }),
        h("span", {}, h("span", { class: "name" }, main), h("span", { class: subClass }, sub)),
      ),
    );

  const renderClinics = () => {
    const query = search.value.trim().toLowerCase();
    const shown = clinics.filter(
      (c) => (!region.value || c.region === region.value) && (!query || `${c.nameKo} ${c.nameEn} ${c.address}`.toLowerCase().includes(query)),
    );
    clinicList.replaceChildren(
      ...(shown.length === 0 ? [h("li", { class: "muted" }, text.noSlots)] : []),
      ...shown.map((c) => choice("clinic", c.id, c.id === chosenClinic, false, lang === "ko" ? c.nameKo : c.nameEn, `${c.region} · ${c.address}`)),
    );
  };

  const renderSlots = () => {
    const clinic = clinics.find((c) => c.id === chosenClinic);
    if (!clinic) return slotBox.replaceChildren(h("p", { class: "muted" }, text.chooseClinicFirst));
    const days = new Map<string, HTMLElement[]>();
    for (const slot of clinic.slots) {
      const day = formatDay(slot.startsAt, lang, cohort.timeZone);
      const seats = slot.remaining > 0 ? fill(text.seatsLeft, { n: slot.remaining }) : text.slotFull;
      const item = choice("slotId", slot.id, false, slot.remaining === 0, formatClock(slot.startsAt, lang, cohort.timeZone, false), seats, "seats");
      days.set(day, [...(days.get(day) ?? []), item]);
    }
    slotBox.replaceChildren(
      ...(days.size === 0 ? [h("p", { class: "muted" }, text.noSlots)] : []),
      ...[...days].flatMap(([day, items]) => [h("p", { class: "day" }, day), h("ul", { class: "choices times" }, ...items)]),
    );
  };

  region.addEventListener("change", renderClinics);
  search.addEventListener("input", renderClinics);
  clinicList.addEventListener("change", (event) => {
    chosenClinic = (event.target as HTMLInputElement).value;
    renderSlots();
  });

  return {
    async load() {
      const answer = await call("GET", `/api/v1/cohorts/${cohort.id}/slots`);
      clinics = (answer.body?.clinics as ClinicChoice[] | undefined) ?? [];
      const regions = [...new Set(clinics.map((c) => c.region))].sort();
      region.replaceChildren(region.options[0]!, ...regions.map((r) => h("option", { value: r }, r)));
      renderClinics();
      renderSlots();
    },
    chosenSlot: () => slotBox.querySelector<HTMLInputElement>("input:checked")?.value ?? "",
  };
}
