// What a person is told about a booking and its receipt, beyond the general error sentences.
import { formatInstant } from "./format";
import type { Said } from "./refusals";

/** Why a receipt is refused, in words a check-in desk can read out. */
export const RECEIPT_REFUSALS = {
  malformed: { en: "This is not a receipt.", ko: "예약 확인증 형식이 아닙니다." },
  bad_signature: {
    en: "This receipt was not issued by this service, or it was altered.",
    ko: "이 서비스가 발급하지 않았거나 변조된 확인증입니다.",
  },
  wrong_use: { en: "This is not a receipt.", ko: "예약 확인증 형식이 아닙니다." },
  expired: { en: "This receipt has expired.", ko: "유효 기간이 지난 확인증입니다." },
  not_yet_valid: { en: "This receipt is not valid yet.", ko: "아직 유효하지 않은 확인증입니다." },
} as const;

/** Why a genuine receipt no longer stands, in words a check-in desk can read out. */
export const RECEIPT_NO_LONGER_STANDS = {
  cancelled: { en: "This booking has been cancelled.", ko: "취소된 예약입니다." },
  superseded: {
    en: "This booking was moved to another time or clinic; this receipt is out of date. Ask for the newest receipt.",
    ko: "다른 시간 또는 접종기관으로 변경된 예약이라 이 확인증은 지난 것입니다. 최신 확인증을 확인해 주세요.",
  },
  needs_reschedule: {
    en: "This appointment was cancelled by a supply cut and must be rebooked; it does not stand as shown.",
    ko: "백신 물량 조정으로 이 접종 시간이 취소되어 다시 예약해야 합니다. 표시된 예약은 유효하지 않습니다.",
  },
  unknown_booking: {
    en: "This receipt's booking is not on record.",
    ko: "이 확인증의 예약 기록이 없습니다.",
  },
} as const;

/** Dose 2 could not be reserved on its day at this clinic. */
export function dose2DayFull(dose2Date: string): Said {
  return {
    en: `Dose 2 is due on ${dose2Date} at this clinic, and that day has no free slot, so nothing was booked. Choose one of the offered slots.`,
    ko: `2차 접종일(${dose2Date})에 이 접종기관의 빈 시간이 없어 예약되지 않았습니다. 안내된 다른 시간 중에서 선택해 주세요.`,
  };
}

/** Booking while holding a live booking in another cohort: one booking per person in the campaign. */
export const BOOKED_ELSEWHERE: Said = {
  en: "This person already has a vaccination booking in another group. One booking per person: change or cancel that one instead.",
  ko: "이미 다른 대상군에서 접종 예약이 있습니다. 한 사람당 한 건만 예약할 수 있으니, 그 예약을 변경하거나 취소해 주세요.",
};

/** A booking's web self-service paused after too many wrong ID numbers, until an instant (Korea time). */
export function idCheckLockedUntil(retryAt: string): Said {
  const en = formatInstant(retryAt, "en", "Asia/Seoul");
  const ko = formatInstant(retryAt, "ko", "Asia/Seoul");
  return {
    en: `Too many wrong ID numbers were entered for this booking, so it cannot be viewed or changed online until ${en} (Korea time), even with the right number. Nothing about the booking has changed. The vaccination call centre can view, change or cancel it for you now.`,
    ko: `이 예약에 잘못된 주민등록번호가 여러 번 입력되어 ${ko}(한국 시간)까지는 올바른 번호로도 온라인 조회와 변경을 할 수 없습니다. 예약 내용은 바뀌지 않았습니다. 지금 바로 필요하시면 예방접종 콜센터에서 조회, 변경, 취소를 도와드립니다.`,
  };
}
