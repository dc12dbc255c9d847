// What a person is told for every API error code, in English and Korean. The API's error envelope
// and the pages both read this table, so a refusal says the same thing wherever it is seen.

/** The sentence for each stable error code. */
export const ERROR_TEXT = {
  invalid_input: {
    en: "The request is not valid.",
    ko: "요청 내용이 올바르지 않습니다.",
  },
  unauthorized: {
    en: "We could not tell that this request is yours. If you were waiting in line, join again with the same ID number: your place is kept.",
    ko: "본인의 요청인지 확인하지 못했습니다. 대기 중이었다면 같은 주민등록번호로 다시 들어오세요. 순번은 그대로입니다.",
  },
  grant_required: {
    en: "You can book once your turn comes in the waiting room.",
    ko: "예약은 대기실에서 차례가 된 뒤에 할 수 있습니다.",
  },
  grant_invalid: {
    en: "It is not this person's turn to book in this group, or their time to book has run out.",
    ko: "이 분이 이 대상군에서 예약할 차례가 아니거나, 예약 시간이 지났습니다.",
  },
  not_eligible: {
    en: "You are not eligible to book in this group.",
    ko: "이 대상군의 예약 대상이 아닙니다.",
  },
  turnstile_required: {
    en: "Please complete the short human check, then join again.",
    ko: "간단한 사람 확인을 완료한 뒤 다시 시도해 주세요.",
  },
  not_open: {
    en: "Booking is not open right now.",
    ko: "지금은 예약 기간이 아닙니다.",
  },
  cohort_not_found: {
    en: "No such booking group.",
    ko: "해당 대상군이 없습니다.",
  },
  booking_not_found: {
    en: "No such booking.",
    ko: "해당 예약이 없습니다.",
  },
  slot_not_found: {
    en: "No such slot.",
    ko: "해당 예약 시간이 없습니다.",
  },
  not_found: {
    en: "Not found.",
    ko: "찾을 수 없습니다.",
  },
  already_booked: {
    en: "This person already has a booking in this group.",
    ko: "이미 이 대상군에 예약이 있습니다.",
  },
  slot_full: {
    en: "That slot has just filled up. Please choose another.",
    ko: "선택한 시간이 방금 마감되었습니다. 다른 시간을 선택해 주세요.",
  },
  rate_limited: {
    en: "Too many tries from this connection in the last minute, so this one was not carried out: no place was taken and nothing was booked or changed. Please wait one minute, then try again. A place or booking you already have is kept.",
    ko: "최근 1분 동안 이 연결에서 요청이 너무 많아 이번 요청은 처리하지 않았습니다. 순번을 새로 받거나 예약·변경된 것은 없습니다. 1분 뒤에 다시 시도해 주세요. 이미 받은 순번과 예약은 그대로입니다.",
  },
  sold_out: {
    en: "Every vaccination time for this group is booked for now. If more supply is added, booking resumes.",
    ko: "현재 이 대상군의 예약 가능한 접종 시간이 모두 찼습니다. 백신 물량이 추가되면 예약이 재개됩니다.",
  },
  dose2_unavailable: {
    en: "The second dose could not be reserved at this clinic on the day it is due, so nothing was booked. Please choose one of the offered slots.",
    ko: "2차 접종일에 이 접종기관의 2차 접종 시간을 확보할 수 없어 예약되지 않았습니다. 안내된 다른 시간 중에서 선택해 주세요.",
  },
  booking_not_active: {
    en: "This booking has been cancelled and cannot be changed.",
    ko: "취소된 예약이라 변경할 수 없습니다.",
  },
  identity_mismatch: {
    en: "The ID number does not match this booking.",
    ko: "주민등록번호가 이 예약과 일치하지 않습니다.",
  },
  booking_code_mismatch: {
    en: "No booking has this booking code with this ID number. Check both and try again.",
    ko: "이 예약 번호와 주민등록번호가 함께 맞는 예약이 없습니다. 두 가지를 다시 확인해 주세요.",
  },
  id_check_locked: {
    en: "Too many wrong ID numbers were entered for this booking, so it cannot be viewed or changed online for a while, even with the right number. Please try again later, or call the vaccination call centre: an agent can view, change or cancel it for you.",
    ko: "이 예약에 잘못된 주민등록번호가 여러 번 입력되어, 한동안은 올바른 번호로도 온라인 조회와 변경을 할 수 없습니다. 나중에 다시 시도하시거나 예방접종 콜센터에 전화해 주세요. 상담원이 조회, 변경, 취소를 도와드립니다.",
  },
  internal: {
    en: "Something went wrong on our side. Your place is kept.",
    ko: "서버 오류가 발생했습니다. 대기 순번은 유지됩니다.",
  },
  unavailable: {
    en: "The service is busy. Your place is kept; please retry shortly.",
    ko: "서비스가 혼잡합니다. 순번은 유지되니 잠시 후 다시 시도해 주세요.",
  },
  config_conflict: {
    en: "This change is refused by a guard rail. Fix it, or repeat it with ?force=1 and a reason.",
    ko: "안전 규칙에 따라 이 변경이 거부되었습니다. 수정하거나 ?force=1과 사유를 붙여 다시 요청하세요.",
  },
  on_hold: {
    en: "Booking is on hold for a moment. Your place and your time to book are kept; please try again shortly.",
    ko: "예약이 잠시 중단되었습니다. 대기 순번과 예약 차례는 그대로이니 잠시 후 다시 시도해 주세요.",
  },
  notify_unavailable: {
    en: "Text messages are not available for this place: they open once you have a number in line, while you wait.",
    ko: "지금은 문자 알림을 신청할 수 없습니다. 예약이 시작되어 순번이 정해진 뒤, 기다리는 동안 신청할 수 있습니다.",
  },
} as const satisfies Record<string, { en: string; ko: string }>;

/** Why a page of a pre-queue's identity keys is not answered while a shard is out (a partial page would misstate the draw). */
export const AUDIT_INCOMPLETE = {
  en: "Part of this pre-queue's list is out of reach for a moment, and a partial list would not match the draw. Please retry shortly.",
  ko: "이 사전 대기열 목록의 일부를 잠시 불러올 수 없습니다. 일부만으로는 추첨 결과와 맞지 않으니 잠시 후 다시 시도해 주세요.",
} as const;
