// What a person is told about a booking and its receipt, beyond the general error sentences.
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

/** Dose 2 could not be reserved on its day at this clinic. */
export function dose2DayFull(dose2Date: string): Said {
  return {
    en: `Dose 2 is due on ${dose2Date} at this clinic, and that day has no free slot, so nothing was booked. Choose one of the offered slots.`,
    ko: `2차 접종일(${dose2Date})에 이 접종기관의 빈 시간이 없어 예약되지 않았습니다. 안내된 다른 시간 중에서 선택해 주세요.`,
  };
}
