// The fields of a booking as the receipt shows them. Shared by the server-rendered confirmation
// and the browser script.
import { formatSlotTime } from "../copy/format";
import type { Lang } from "../copy/lang";

/** A booking as the bookings API answers it (the fields the pages show). */
export interface BookingAnswer {
  id: string;
  /** The short code read over the phone, e.g. `K7QM-2XRP` (null only for a booking saved by an older page). */
  code?: string | null;
  status: "active" | "cancelled" | "needs_reschedule" | (string & {});
  /** Absent when read with the receipt alone (the status view): only the holder's ID number shows it. */
  name?: string;
  vaccine?: { name: { ko: string; en: string }; doses: number } | null;
  slot: { startsAt: string; endsAt: string };
  dose2Slot?: { startsAt: string; endsAt: string } | null;
  /** Region and address in both languages; a booking saved by an older page has one string for both. */
  clinic: { name: { ko: string; en: string }; region: Bilingual; address: Bilingual };
}

/** A text in both page languages, or one for both (older saved bookings). */
type Bilingual = { ko: string; en: string } | string;

const inLang = (text: Bilingual, lang: Lang) => (typeof text === "string" ? text : text[lang]);

/** Where a booking stands, as a page says it: usable, cancelled, or waiting for its holder to pick a new time. */
export type BookingStanding = "active" | "cancelled" | "needs_reschedule";

/** A booking's standing from its status; anything unknown is shown as not usable. */
export function standingOf(status: string): BookingStanding {
  return status === "active" || status === "needs_reschedule" ? status : "cancelled";
}

/** The sentences that say where a booking stands. */
export type StandingText = Record<
  "statusActive" | "statusCancelled" | "statusNeedsReschedule" | "doneHeading" | "headingCancelled" | "headingNeedsReschedule",
  string
>;

/** The status word and main heading for a booking's standing. */
export function standingWords(standing: BookingStanding, text: StandingText): { status: string; heading: string } {
  if (standing === "active") return { status: text.statusActive, heading: text.doneHeading };
  if (standing === "needs_reschedule") return { status: text.statusNeedsReschedule, heading: text.headingNeedsReschedule };
  return { status: text.statusCancelled, heading: text.headingCancelled };
}

/** The text of each `[data-v]` slot of a receipt; `name`, `dose2` and `vaccine` only when the booking has them. */
export function bookingValues(booking: BookingAnswer, lang: Lang, timeZone: string, text: StandingText): Record<string, string> {
  return {
    ...(booking.name ? { name: booking.name } : {}),
    clinic: `${booking.clinic.name[lang]} (${inLang(booking.clinic.region, lang)})`,
    address: inLang(booking.clinic.address, lang),
    when: formatSlotTime(booking.slot.startsAt, lang, timeZone),
    ...(booking.dose2Slot ? { dose2: formatSlotTime(booking.dose2Slot.startsAt, lang, timeZone) } : {}),
    ...(booking.vaccine ? { vaccine: booking.vaccine.name[lang] } : {}),
    bookingCode: booking.code ?? "",
    bookingId: booking.id,
    status: standingWords(standingOf(booking.status), text).status,
  };
}
