// What the cohort's queue object tells a person it refuses, with the dates from the stored config.
// The object builds each refusal from these; the codes and their general sentences are errors.ts.
import { ERROR_TEXT } from "./errors";
import { formatCalendarDate, formatInstant, timeZoneName } from "./format";
import type { Lang } from "./lang";

/** English and Korean of one sentence. */
export interface Said {
  en: string;
  ko: string;
}

/** A pass that is not the one issued to this person, or no longer live. */
export const GRANT_NOT_VALID: Said = {
  en: "It is not your turn to book, or your time to book has run out.",
  ko: "지금은 예약할 차례가 아니거나 예약 시간이 지났습니다.",
};

/** Booking during an emergency hold: the same sentence the API's `on_hold` answer carries. */
export const BOOKING_ON_HOLD: Said = ERROR_TEXT.on_hold;

/** Joining without the human check: the same sentence the API's `turnstile_required` answer carries. */
export const HUMAN_CHECK_NEEDED: Said = ERROR_TEXT.turnstile_required;

/** Born outside the cohort's range (ISO dates, written out in each language). */
export function bornOutside(from: string, to: string): Said {
  const [fromEn, toEn, fromKo, toKo] = [
    formatCalendarDate(from, "en"),
    formatCalendarDate(to, "en"),
    formatCalendarDate(from, "ko"),
    formatCalendarDate(to, "ko"),
  ];
  return {
    en: `This group is for people born from ${fromEn} to ${toEn}.`,
    ko: `이 대상군은 ${fromKo}부터 ${toKo}까지 출생자가 대상입니다.`,
  };
}

/** An opening instant as a person reads it, with the name of its time zone (never an IANA id). */
function openingIn(lang: Lang, opening: { at: string; timeZone: string }): string {
  return `${formatInstant(opening.at, lang, opening.timeZone)} (${timeZoneName(opening.timeZone, lang, Date.parse(opening.at))})`;
}

/** Another birth-day digit's day; `opening` is the person's own, if known. */
export function notYourDay(opening: { at: string; timeZone: string } | null): Said {
  return opening
    ? {
        en: `Today is not your booking day. Yours opens ${openingIn("en", opening)}.`,
        ko: `오늘은 예약일이 아닙니다. 예약은 ${openingIn("ko", opening)}에 열립니다.`,
      }
    : { en: "Today is not your booking day.", ko: "오늘은 예약일이 아닙니다." };
}

/** Before the opening; `opening` is the opening instant, if known. */
export function notOpenYet(opening: { at: string; timeZone: string } | null): Said {
  return opening
    ? { en: `Booking opens ${openingIn("en", opening)}.`, ko: `예약은 ${openingIn("ko", opening)}에 시작됩니다.` }
    : { en: "Booking is not open yet.", ko: "아직 예약 기간이 아닙니다." };
}

/** After the last window closed. */
export const BOOKING_CLOSED: Said = { en: "Booking for this group has closed.", ko: "이 대상군의 예약이 마감되었습니다." };

/** What a waiting person is told while their cohort is sold out. */
export const SOLD_OUT_WHILE_WAITING: Said = {
  en: "Every vaccination time for this group is booked for now. You keep your place: if more supply is added, admission resumes in the same order.",
  ko: "현재 이 대상군의 예약 가능한 접종 시간이 모두 찼습니다. 대기 순번은 유지되며, 백신 물량이 추가되면 같은 순서로 입장이 재개됩니다.",
};
