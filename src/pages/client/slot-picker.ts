// Choosing a seat: region filter, clinic search, clinic choice and time choice, from the slots API.
// Used by the booking page and by the booking page's "change the date or time".

import { formatClock, formatDay } from "../../copy/format";
import type { Lang } from "../../copy/lang";
import {
  type ClinicChoice,
  clinicIn,
  clinicVaccines,
  dose2Sentence,
  type SlotText,
  slotState,
  type VaccineChoice,
} from "../../copy/slot-text";
import { call } from "./api";
import { byId, h } from "./dom";

/** What the picker needs from its page's data. */
export interface PickerData {
  lang: Lang;
  cohort: { id: string; timeZone: string };
  text: SlotText & { noSlots: string; chooseClinicFirst: string };
}

/** Runs the picker in the page's `#region`, `#clinic-search`, `#clinics`, `#slots` and `#dose2-note`. */
export function slotPicker(data: PickerData) {
  const { cohort, text, lang } = data;
  const region = byId<HTMLSelectElement>("region");
  const search = byId<HTMLInputElement>("clinic-search");
  const clinicList = byId("clinics");
  const slotBox = byId("slots");
  const dose2Note = byId("dose2-note");
  let clinics: ClinicChoice[] = [];
  let vaccines: VaccineChoice[] = [];
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
    // The search finds a clinic by its name or address in either language: people type what they know.
    const shown = clinics.filter(
      (c) =>
        (!region.value || clinicIn(c, lang).region === region.value) &&
        (!query || `${c.nameKo} ${c.nameEn} ${c.addressKo} ${c.addressEn}`.toLowerCase().includes(query)),
    );
    clinicList.replaceChildren(
      ...(shown.length === 0 ? [h("li", { class: "muted" }, text.noSlots)] : []),
      ...shown.map((c) => {
        const place = clinicIn(c, lang);
        // A Korean address starts with its region (the city or province): say it once.
        const where = place.address.startsWith(place.region) ? place.address : `${place.region} · ${place.address}`;
        const sub = [where, clinicVaccines(c, vaccines, lang, text)].filter(Boolean).join(" · ");
        return choice("clinic", c.id, c.id === chosenClinic, false, place.name, sub);
      }),
    );
  };

  const renderSlots = () => {
    dose2Note.hidden = true;
    const clinic = clinics.find((c) => c.id === chosenClinic);
    if (!clinic) return slotBox.replaceChildren(h("p", { class: "muted" }, text.chooseClinicFirst));
    const days = new Map<string, { items: HTMLElement[]; open: boolean }>();
    for (const slot of clinic.slots) {
      const day = formatDay(slot.startsAt, lang, cohort.timeZone);
      const { bookable, note } = slotState(slot, text);
      const item = choice("slotId", slot.id, false, !bookable, formatClock(slot.startsAt, lang, cohort.timeZone, false), note, "seats");
      const entry = days.get(day) ?? { items: [], open: false };
      days.set(day, { items: [...entry.items, item], open: entry.open || bookable });
    }
    // A day with nothing bookable (full, or its dose-2 day is) is left out rather than listed greyed.
    const open = [...days].filter(([, day]) => day.open);
    slotBox.replaceChildren(
      ...(open.length === 0 ? [h("p", { class: "muted" }, text.noSlots)] : []),
      ...open.flatMap(([day, { items }]) => [h("p", { class: "day" }, day), h("ul", { class: "choices times" }, ...items)]),
    );
  };

  region.addEventListener("change", renderClinics);
  search.addEventListener("input", renderClinics);
  clinicList.addEventListener("change", (event) => {
    chosenClinic = (event.target as HTMLInputElement).value;
    renderSlots();
  });
  slotBox.addEventListener("change", (event) => {
    const slotId = (event.target as HTMLInputElement).value;
    const slot = clinics.find((c) => c.id === chosenClinic)?.slots.find((s) => s.id === slotId);
    const sentence = slot ? dose2Sentence(slot, lang, text) : "";
    dose2Note.textContent = sentence;
    dose2Note.hidden = sentence === "";
  });

  return {
    /** (Re)loads clinics and seats: at start, and after a slot filled up under the person. */
    async load() {
      const answer = await call("GET", `/api/v1/cohorts/${cohort.id}/slots`);
      clinics = (answer.body?.clinics as ClinicChoice[] | undefined) ?? [];
      vaccines = (answer.body?.vaccines as VaccineChoice[] | undefined) ?? [];
      const regions = [...new Set(clinics.map((c) => clinicIn(c, lang).region))].sort((a, b) => a.localeCompare(b, lang));
      region.replaceChildren(region.options[0]!, ...regions.map((r) => h("option", { value: r, selected: r === region.value }, r)));
      renderClinics();
      renderSlots();
    },
    chosenSlot: () => slotBox.querySelector<HTMLInputElement>("input:checked")?.value ?? "",
  };
}
