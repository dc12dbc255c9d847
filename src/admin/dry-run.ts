import type { CohortConfig } from "../domain/cohort-config";
import { refusalFor } from "../queue/object/refusals";
import { cohortPhase, prequeueOpensAtMs } from "../domain/cohort-phase";
import { wallClockInZone } from "../domain/dates";
import { capSustainedRatePerMinute, drainMinutes, expectedQueueSize, rotationDays } from "../domain/opening-plan";
import { publicCohort } from "../domain/public-cohort";

/** An instant as citizens read it (local wall clock) and as systems log it (UTC). */
export interface ShownInstant {
  local: string;
  utc: string;
}

/** Both languages of one sentence. */
interface Sentence {
  en: string;
  ko: string;
}

const shown = (ms: number, timeZone: string): ShownInstant => ({ local: wallClockInZone(ms, timeZone), utc: new Date(ms).toISOString() });
const count = (n: number) => n.toLocaleString("en-US");

function duration(minutes: number): Sentence {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? { en: `${h} h ${m} min`, ko: `${h}시간 ${m}분` } : { en: `${m} min`, ko: `${m}분` };
}

/** The days of a month whose number ends in a digit: 9 → 9, 19, 29. */
function daysEndingIn(digit: number): number[] {
  return Array.from({ length: 31 }, (_, i) => i + 1).filter((day) => day % 10 === digit);
}

function digitRule(digits: readonly number[]): Sentence {
  const days = [...digits].sort().flatMap(daysEndingIn).sort((a, b) => a - b);
  return {
    en: `whose day of birth ends in ${digits.join(" or ")} (born on the ${days.join(", ")} of a month)`,
    ko: `생일 끝자리가 ${digits.join(", ")}인 분 (${days.map((d) => `${d}일`).join(", ")} 출생)`,
  };
}

/**
 * What citizens will be shown for a config, as an operator checks it before saving: the public
 * cohort answer, each opening in local time and UTC, who may book when, the birth-day rotation,
 * and, from a population figure, the expected queue and how long it takes to drain at the
 * admission rate. Every sentence a citizen reads is built by the same code that answers them.
 */
export function dryRunReport(config: CohortConfig, options: { population: number | null; nowMs: number }) {
  const { population, nowMs } = options;
  const zone = config.timeZone;
  const rate = config.admissionRatePerMinute;
  const capRate = capSustainedRatePerMinute(config.maxInBookingStep, config.grantLifetimeSeconds);
  const warnings: string[] = [];
  const text: { en: string[]; ko: string[] } = {
    en: [`${config.name.en}: for people born ${config.birthDates.from} to ${config.birthDates.to}.`],
    ko: [`${config.name.ko}: ${config.birthDates.from}부터 ${config.birthDates.to}까지 출생자 대상.`],
  };

  const windows = config.windows.map((window, index) => {
    const opens = Date.parse(window.opensAt);
    const closes = Date.parse(window.closesAt);
    const rule = window.birthDayLastDigits ? digitRule(window.birthDayLastDigits) : null;
    const queue = population === null ? null : expectedQueueSize(population, config, window);
    const minutes = queue === null ? null : drainMinutes(queue, rate);
    const drainedBy = minutes === null ? null : opens + minutes * 60_000;
    const o = shown(opens, zone);
    const c = shown(closes, zone);
    const room = shown(prequeueOpensAtMs(config, index), zone);
    text.en.push(`Window ${index + 1}: opens ${o.local} ${zone} (${o.utc}), closes ${c.local} ${zone} (${c.utc}); the waiting room opens ${room.local}.${rule ? ` Only for people ${rule.en}.` : ""}`);
    text.ko.push(`${index + 1}회차: ${o.local} (${zone}) 시작 (UTC ${o.utc}), ${c.local} 마감; 대기실은 ${room.local}부터 열립니다.${rule ? ` ${rule.ko}만 예약할 수 있습니다.` : ""}`);
    if (queue !== null && minutes !== null && drainedBy !== null) {
      const d = duration(minutes);
      const by = shown(drainedBy, zone);
      text.en.push(`  Expected queue: ${count(queue)} people; at ${count(rate)} a minute it drains in ${d.en}, by ${by.local}.`);
      text.ko.push(`  예상 대기 인원 ${count(queue)}명; 분당 ${count(rate)}명 입장 시 ${d.ko} 후 (${by.local}) 대기열이 해소됩니다.`);
      if (drainedBy > closes) {
        const left = Math.round(queue - ((closes - opens) / 60_000) * rate);
        warnings.push(`windows.${index}: the expected queue needs ${d.en} but the window lasts ${duration(Math.round((closes - opens) / 60_000)).en}; about ${count(left)} people would still be waiting at closing.`);
      }
    }
    return {
      index,
      opensAt: o,
      closesAt: c,
      waitingRoomOpensAt: room,
      birthDates: { from: config.birthDates.from, to: config.birthDates.to, birthDayLastDigits: window.birthDayLastDigits ?? null, rule },
      expectedQueue: queue,
      drainMinutes: minutes,
      drainedBy: drainedBy === null ? null : shown(drainedBy, zone),
      drainsBeforeClosing: drainedBy === null ? null : drainedBy <= closes,
      citizensSee: {
        beforeOpening: sentenceOf(refusalFor(config, "not_open_yet", window.opensAt)),
        onAnotherDay: rule ? sentenceOf(refusalFor(config, "not_your_day", window.opensAt)) : null,
      },
    };
  });

  const rotation = rotationDays(config);
  if (rotation.length > 0) {
    text.en.push(`Rotation by last digit of the day of birth: ${rotation.map((r) => `${r.digit} on ${r.days.join(", ")}`).join("; ")}.`);
    text.ko.push(`생일 끝자리별 예약일: ${rotation.map((r) => `${r.digit} → ${r.days.join(", ")}`).join("; ")}.`);
  }
  if (rate > capRate) {
    warnings.push(
      `admissionRatePerMinute ${count(rate)} is more than maxInBookingStep ${count(config.maxInBookingStep)} sustains if people use their whole ${config.grantLifetimeSeconds} s grant: about ${count(capRate)} a minute.`,
    );
  }
  if (population === null) warnings.push("No population given (config field population or ?population=): the expected queue and its drain time are unknown.");

  return {
    publicCohort: publicCohort(config, cohortPhase(config, nowMs, { paused: false, closedEarly: false }), nowMs),
    notEligible: sentenceOf(refusalFor(config, "too_old")),
    windows,
    rotation,
    admission: { ratePerMinute: rate, maxInBookingStep: config.maxInBookingStep, grantLifetimeSeconds: config.grantLifetimeSeconds, capSustainedRatePerMinute: capRate },
    population,
    text,
    warnings,
  };
}

/** The report a dry run returns. */
export type DryRunReport = ReturnType<typeof dryRunReport>;

function sentenceOf(refusal: { detail: string; detailKo: string }): Sentence {
  return { en: refusal.detail, ko: refusal.detailKo };
}
