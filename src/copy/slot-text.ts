// What a slot offers, as the booking pages say it: seats left, whether it can be booked (a
// two-dose vaccine needs a seat on the dose-2 day too), the vaccine and the dose-2 day. Shared by
// the no-JavaScript form (rendered on the server) and the browser script.
import { formatCalendarDate } from "./format";
import { fill, type Lang } from "./lang";
import type { Strings } from "./pages";

/** A slot as the slots API lists it (dose fields absent for a single-dose vaccine or older data). */
export interface SlotChoice {
  id: string;
  startsAt: string;
  endsAt: string;
  remaining: number;
  vaccineId?: string;
  dose2Date?: string | null;
  dose2Available?: boolean | null;
}

/** A clinic and its slots, as the slots API lists them. */
export interface ClinicChoice {
  id: string;
  nameKo: string;
  nameEn: string;
  regionKo: string;
  regionEn: string;
  addressKo: string;
  addressEn: string;
  vaccines?: string[];
  slots: SlotChoice[];
}

/** A clinic's name, region and address in the page's language. */
export function clinicIn(clinic: ClinicChoice, lang: Lang): { name: string; region: string; address: string } {
  return lang === "ko"
    ? { name: clinic.nameKo, region: clinic.regionKo, address: clinic.addressKo }
    : { name: clinic.nameEn, region: clinic.regionEn, address: clinic.addressEn };
}

/** A vaccine and its dose schedule, as the slots API lists them. */
export interface VaccineChoice {
  id: string;
  nameKo: string;
  nameEn: string;
  doses: number;
  dose2IntervalDays: number | null;
}

/** The sentences these need. */
export type SlotText = Pick<Strings, "seatsLeft" | "slotFull" | "noDose2Seat" | "oneDose" | "twoDoses" | "dose2Note">;

/** Whether a slot can be booked now, and the short note saying so (seats left, or why not). */
export function slotState(slot: SlotChoice, text: SlotText): { bookable: boolean; note: string } {
  if (slot.remaining <= 0) return { bookable: false, note: text.slotFull };
  if (slot.dose2Available === false) return { bookable: false, note: text.noDose2Seat };
  return { bookable: true, note: fill(text.seatsLeft, { n: slot.remaining }) };
}

/** A vaccine with its doses: `화이자 · 2회 접종 (21일 간격)`, `Janssen · one dose`. */
export function vaccineLabel(vaccine: VaccineChoice, lang: Lang, text: SlotText): string {
  const name = lang === "ko" ? vaccine.nameKo : vaccine.nameEn;
  return vaccine.doses > 1 ? fill(text.twoDoses, { name, days: vaccine.dose2IntervalDays ?? "" }) : fill(text.oneDose, { name });
}

/** The names of the vaccines a clinic gives, e.g. `화이자 · 2회 접종 (21일 간격)`. */
export function clinicVaccines(clinic: ClinicChoice, vaccines: VaccineChoice[], lang: Lang, text: SlotText): string {
  return (clinic.vaccines ?? [])
    .map((id) => vaccines.find((v) => v.id === id))
    .flatMap((v) => (v ? [vaccineLabel(v, lang, text)] : []))
    .join(", ");
}

/** The dose-2 sentence for a chosen slot; empty for a single-dose vaccine. */
export function dose2Sentence(slot: SlotChoice, lang: Lang, text: SlotText): string {
  return slot.dose2Date ? fill(text.dose2Note, { date: formatCalendarDate(slot.dose2Date, lang) }) : "";
}
