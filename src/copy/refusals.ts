// What the cohort's queue object tells a person it refuses, with the dates from the stored config.
// The object builds each refusal from these; the codes and their general sentences are errors.ts.
import { ERROR_TEXT } from "./errors";

/** English and Korean of one sentence. */
export interface Said {
  en: string;
  ko: string;
}

/** A pass that is not the one issued to this person, or no longer live. */
export const GRANT_NOT_VALID: Said = { en: "This admission pass is not valid.", ko: "입장권이 유효하지 않습니다." };

/** Booking during an emergency hold: the same sentence the API's `on_hold` answer carries. */
export const BOOKING_ON_HOLD: Said = ERROR_TEXT.on_hold;

/** Joining without the human check: the same sentence the API's `turnstile_required` answer carries. */
export const HUMAN_CHECK_NEEDED: Said = ERROR_TEXT.turnstile_required;

/** Born outside the cohort's range. */
export function bornOutside(from: string, to: string): Said {
  return { en: `This cohort is for people born from ${from} to ${to}.`, ko: `이 대상군은 ${from}부터 ${to}까지 출생자가 대상입니다.` };
}

/** Another birth-day digit's day; `when` is the person's own opening, written out, if known. */
export function notYourDay(when: string | null): Said {
  return when
    ? { en: `Today is not your booking day. Yours opens ${when}.`, ko: `오늘은 예약일이 아닙니다. 예약은 ${when}에 열립니다.` }
    : { en: "Today is not your booking day.", ko: "오늘은 예약일이 아닙니다." };
}

/** Before the opening; `when` is the opening, written out, if known. */
export function notOpenYet(when: string | null): Said {
  return when
    ? { en: `Booking opens ${when}.`, ko: `예약은 ${when}에 시작됩니다.` }
    : { en: "Booking is not open yet.", ko: "아직 예약 기간이 아닙니다." };
}

/** After the last window closed. */
export const BOOKING_CLOSED: Said = { en: "Booking for this cohort has closed.", ko: "이 대상군의 예약이 마감되었습니다." };

/** What a waiting person is told while their cohort is sold out. */
export const SOLD_OUT_WHILE_WAITING: Said = {
  en: "Every vaccination slot for this cohort is booked for now. You keep your place: if more supply is added, admission resumes in the same order.",
  ko: "현재 이 대상군의 예약 가능한 접종 시간이 모두 찼습니다. 대기 순번은 유지되며, 백신 물량이 추가되면 같은 순서로 입장이 재개됩니다.",
};
