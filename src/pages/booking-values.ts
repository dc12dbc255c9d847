// The fields of a booking as the receipt shows them. Shared by the server-rendered confirmation
// and the browser script.
import { formatSlotTime } from "../copy/format";
import type { Lang } from "../copy/lang";

/** A booking as the bookings API answers it (the fields the pages show). */
export interface BookingAnswer {
  id: string;
  status: "active" | "cancelled" | (string & {});
  name: string;
  vaccine?: { name: { ko: string; en: string }; doses: number } | null;
  slot: { startsAt: string; endsAt: string };
  dose2Slot?: { startsAt: string; endsAt: string } | null;
  clinic: { name: { ko: string; en: string }; region: string; address: string };
}

/** The text of each `[data-v]` slot of a receipt; `dose2` and `vaccine` only when the booking has them. */
export function bookingValues(
  booking: BookingAnswer,
  lang: Lang,
  timeZone: string,
  text: { statusActive: string; statusCancelled: string },
): Record<string, string> {
  return {
    name: booking.name,
    clinic: `${booking.clinic.name[lang]} (${booking.clinic.region})`,
    address: booking.clinic.address,
    when: formatSlotTime(booking.slot.startsAt, lang, timeZone),
    ...(booking.dose2Slot ? { dose2: formatSlotTime(booking.dose2Slot.startsAt, lang, timeZone) } : {}),
    ...(booking.vaccine ? { vaccine: booking.vaccine.name[lang] } : {}),
    bookingId: booking.id,
    status: booking.status === "active" ? text.statusActive : text.statusCancelled,
  };
}
