// What the dry run says of a cohort config, in English and Korean: the lines an operator reads
// before saving. The sentences citizens will be shown come from src/copy/refusals.ts.
import type { Said } from "./refusals";

/** An instant as citizens read it (local wall clock) and as systems log it (UTC). */
interface Shown {
  local: string;
  utc: string;
}

/** A number of minutes as hours and minutes. */
export function duration(minutes: number): Said {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? { en: `${h} h ${m} min`, ko: `${h}시간 ${m}분` } : { en: `${m} min`, ko: `${m}분` };
}

/** The days of a month whose number ends in a digit: 9 → 9, 19, 29. */
function daysEndingIn(digit: number): number[] {
  return Array.from({ length: 31 }, (_, i) => i + 1).filter((day) => day % 10 === digit);
}

/** Who a window with a birth-day rotation is for. */
export function digitRule(digits: readonly number[]): Said {
  const days = [...digits]
    .sort()
    .flatMap(daysEndingIn)
    .sort((a, b) => a - b);
  return {
    en: `whose day of birth ends in ${digits.join(" or ")} (born on the ${days.join(", ")} of a month)`,
    ko: `생일 끝자리가 ${digits.join(", ")}인 분 (${days.map((d) => `${d}일`).join(", ")} 출생)`,
  };
}

/** The cohort and its birth dates. */
export function cohortLine(name: Said, birthDates: { from: string; to: string }): Said {
  return {
    en: `${name.en}: for people born ${birthDates.from} to ${birthDates.to}.`,
    ko: `${name.ko}: ${birthDates.from}부터 ${birthDates.to}까지 출생자 대상.`,
  };
}

/** One window: its opening, closing and waiting room, and whom it admits. */
export function windowLine(index: number, zone: string, o: Shown, c: Shown, room: Shown, rule: Said | null): Said {
  return {
    en: `Window ${index + 1}: opens ${o.local} ${zone} (${o.utc}), closes ${c.local} ${zone} (${c.utc}); the waiting room opens ${room.local}.${rule ? ` Only for people ${rule.en}.` : ""}`,
    ko: `${index + 1}회차: ${o.local} (${zone}) 시작 (UTC ${o.utc}), ${c.local} 마감; 대기실은 ${room.local}부터 열립니다.${rule ? ` ${rule.ko}만 예약할 수 있습니다.` : ""}`,
  };
}

/** The expected queue and when it drains (numbers already written out). */
export function drainLine(queue: string, rate: string, d: Said, byLocal: string): Said {
  return {
    en: `  Expected queue: ${queue} people; at ${rate} a minute it drains in ${d.en}, by ${byLocal}.`,
    ko: `  예상 대기 인원 ${queue}명; 분당 ${rate}명 입장 시 ${d.ko} 후 (${byLocal}) 대기열이 해소됩니다.`,
  };
}

/** The day of each birth-day digit. */
export function rotationLine(rotation: ReadonlyArray<{ digit: number; days: readonly string[] }>): Said {
  return {
    en: `Rotation by last digit of the day of birth: ${rotation.map((r) => `${r.digit} on ${r.days.join(", ")}`).join("; ")}.`,
    ko: `생일 끝자리별 예약일: ${rotation.map((r) => `${r.digit} → ${r.days.join(", ")}`).join("; ")}.`,
  };
}

/** The capacity a rehearsal measured for the booking path, with when and how (numbers already written out). */
export function capacityLine(perMinute: string, measuredAtLocal: string, source: string): Said {
  return {
    en: `Measured capacity of the booking path: ${perMinute} a minute (measured ${measuredAtLocal}, ${source}).`,
    ko: `측정된 예약 처리 용량: 분당 ${perMinute}명 (${measuredAtLocal} 측정, ${source}).`,
  };
}

/** An admission rate above the measured capacity. */
export function overCapacity(rate: string, perMinute: string, measuredAtLocal: string): Said {
  return {
    en: `admissionRatePerMinute ${rate} is more than the booking path's measured capacity of ${perMinute} a minute (measured ${measuredAtLocal}): bookings would slow down or fail; lower the rate or measure again.`,
    ko: `입장 속도 분당 ${rate}명이 측정된 예약 처리 용량(분당 ${perMinute}명, ${measuredAtLocal} 측정)보다 큽니다: 예약이 느려지거나 실패할 수 있습니다. 속도를 낮추거나 다시 측정하십시오.`,
  };
}
