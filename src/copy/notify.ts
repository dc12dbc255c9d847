// Every sentence of text-message notifications: the messages themselves and what the waiting page
// says about them, in Korean and English.
import type { Lang } from "./lang";

/** The text messages, by event. `{operator}` names who sends them, as every message must. */
export const MESSAGE_TEXT = {
  near: {
    ko: "[{operator}] 예방접종 예약 차례가 가까워졌습니다. 앞에 {ahead}명 남았습니다. 대기 화면을 열어 두세요.",
    en: "[{operator}] Your turn to book a vaccination is near: {ahead} people ahead. Open the waiting page now.",
  },
  turn: {
    ko: "[{operator}] 예방접종 예약 차례가 되었습니다. {grantUntil}까지 대기 화면에서 예약해 주세요.",
    en: "[{operator}] It is your turn to book a vaccination. Book on the waiting page before {grantUntil}.",
  },
  booked: {
    ko: "[{operator}] 예약되었습니다. 예약번호 {code}, {startsAt}, {clinic}. 예약번호로 예약을 확인할 수 있습니다.",
    en: "[{operator}] You are booked: code {code}, {startsAt}, {clinic}. Use the code to find your booking.",
  },
  seats_back: {
    ko: "[{operator}] 예약 가능한 시간이 다시 생겼습니다. 순번대로 차례가 돌아가며, 내 순번은 그대로입니다.",
    en: "[{operator}] Times to book are available again. Turns resume in line order; your place is kept.",
  },
} as const;

/** Why a number left for text messages was refused. */
export const PHONE_PROBLEM = {
  en: "Enter a mobile number starting with 010, such as 010-1234-5678.",
  ko: "010으로 시작하는 휴대전화 번호를 입력해 주세요. 예: 010-1234-5678",
} as const;

const PAGE_TEXT = {
  notifyHeading: { ko: "문자로 알림 받기", en: "Get a text message" },
  notifyIntro: {
    ko: "휴대전화 번호를 남기면 차례가 가까워질 때와 차례가 되었을 때, 그리고 예약한 뒤 예약번호와 일시를 문자로 보내 드립니다. 이 화면을 열어 두지 않아도 됩니다.",
    en: "Leave a mobile number and we will text you when your turn is near, when it comes, and your booking code and time after you book. You do not need to keep this page open.",
  },
  notifyPhoneLabel: { ko: "휴대전화 번호", en: "Mobile number" },
  notifyPhoneHint: { ko: "예: 010-1234-5678", en: "For example 010-1234-5678" },
  notifySeatsBack: {
    ko: "예약 가능한 시간이 모두 찼다가 다시 생기면 알려 주세요",
    en: "If all times are taken, tell me when more become available",
  },
  notifySubmit: { ko: "문자 알림 신청", en: "Text me" },
  notifyLeft: {
    ko: "이 화면을 닫아도 됩니다. {phone} 번호로 문자를 보내 드립니다.",
    en: "You can close this page; we will text you at {phone}.",
  },
  notifyRemove: { ko: "번호 지우기", en: "Remove my number" },
  notifyAtOpening: {
    ko: "문자 알림은 예약이 시작되어 내 순번이 정해지면 신청할 수 있습니다.",
    en: "Text messages become available at the opening, once you have a number in line.",
  },
  notifyPrivacy: {
    ko: "번호는 암호화해 보관하며, 예약하면 예약 안내 문자를 보낸 뒤, 예약하지 않으면 예약 기간이 끝날 때 지웁니다.",
    en: "We keep the number encrypted and delete it after texting your booking, or when booking closes if you do not book.",
  },
  comeBack: {
    ko: "{comeBack}쯤 차례가 올 것으로 예상됩니다. 순번은 그대로이니 화면을 닫고 그때 다시 오셔도 됩니다.",
    en: "Your turn is expected around {comeBack}; your place is kept. You can close this page and come back by then.",
  },
} as const;

/** A sentence key of the notification parts of the waiting page. */
export type NotifyTextKey = keyof typeof PAGE_TEXT;

/** The notification sentences of the waiting page in one language. */
export function notifyStrings(lang: Lang): Record<NotifyTextKey, string> {
  return Object.fromEntries(Object.entries(PAGE_TEXT).map(([key, text]) => [key, text[lang]])) as Record<NotifyTextKey, string>;
}
