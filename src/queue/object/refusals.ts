import type { CohortConfig } from "../../domain/cohort-config";
import type { IneligibleReason } from "../../domain/eligibility";
import { wallClockInZone } from "../../domain/dates";
import type { QueueRefusal } from "./types";

/** A grant that is not the one issued to this person, or no longer live. */
export const GRANT_INVALID: QueueRefusal = { ok: false, code: "grant_invalid", detail: "This admission pass is not valid.", detailKo: "입장권이 유효하지 않습니다." };

/** Booking during an emergency hold: the pass is genuine and kept, but nobody books until release. */
export const ON_HOLD: QueueRefusal = {
  ok: false,
  code: "on_hold",
  detail: "Booking is on hold for a moment. Your place and your pass are kept; please try again shortly.",
  detailKo: "예약이 잠시 중단되었습니다. 대기 순번과 입장권은 유지되니 잠시 후 다시 시도해 주세요.",
};

/** Turns an eligibility reason into the refusal a citizen sees, with dates from the stored config. */
export function refusalFor(config: CohortConfig, reason: IneligibleReason, opensAt?: string): QueueRefusal {
  const when = opensAt ? `${wallClockInZone(Date.parse(opensAt), config.timeZone)} (${config.timeZone})` : null;
  const { from, to } = config.birthDates;
  switch (reason) {
    case "too_old":
    case "too_young":
      return {
        ok: false,
        code: "not_eligible",
        detail: `This cohort is for people born from ${from} to ${to}.`,
        detailKo: `이 대상군은 ${from}부터 ${to}까지 출생자가 대상입니다.`,
      };
    case "not_your_day":
      return {
        ok: false,
        code: "not_eligible",
        detail: when ? `Today is not your booking day. Yours opens ${when}.` : "Today is not your booking day.",
        detailKo: when ? `오늘은 예약일이 아닙니다. 예약은 ${when}에 열립니다.` : "오늘은 예약일이 아닙니다.",
        ...(opensAt ? { opensAt } : {}),
      };
    case "not_open_yet":
      return {
        ok: false,
        code: "not_open",
        detail: when ? `Booking opens ${when}.` : "Booking is not open yet.",
        detailKo: when ? `예약은 ${when}에 시작됩니다.` : "아직 예약 기간이 아닙니다.",
        ...(opensAt ? { opensAt } : {}),
      };
    case "closed":
      return { ok: false, code: "not_open", detail: "Booking for this cohort has closed.", detailKo: "이 대상군의 예약이 마감되었습니다." };
  }
}
