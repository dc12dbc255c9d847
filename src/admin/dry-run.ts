import { capacityLine, cohortLine, digitRule, drainLine, duration, overCapacity, rotationLine, windowLine } from "../copy/dry-run";
import type { CohortConfig } from "../domain/cohort-config";
import { cohortPhase, prequeueOpensAtMs } from "../domain/cohort-phase";
import { wallClockInZone } from "../domain/dates";
import { PLANNED_ARRIVAL_SECONDS, PLANNED_JOINS_PER_SHARD_SECOND, recommendedShards } from "../domain/intake";
import { capSustainedRatePerMinute, drainMinutes, expectedQueueSize, rotationDays } from "../domain/opening-plan";
import { publicCohort } from "../domain/public-cohort";
import { refusalFor } from "../queue/object/refusals";

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

/**
 * What citizens will be shown for a config, as an operator checks it before saving: the public
 * cohort answer, each opening in local time and UTC, who may book when, the birth-day rotation,
 * and, from a population figure, the expected queue and how long it takes to drain at the
 * admission rate; with a measured capacity, whether the rate stays within it. Every sentence a citizen reads is built by the same code that answers them.
 */
export function dryRunReport(config: CohortConfig, options: { population: number | null; nowMs: number }) {
  const { population, nowMs } = options;
  const zone = config.timeZone;
  const rate = config.admissionRatePerMinute;
  const capRate = capSustainedRatePerMinute(config.maxInBookingStep, config.grantLifetimeSeconds);
  const warnings: string[] = [];
  const text: { en: string[]; ko: string[] } = {
    en: [cohortLine(config.name, config.birthDates).en],
    ko: [cohortLine(config.name, config.birthDates).ko],
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
    const line = windowLine(index, zone, o, c, room, rule);
    text.en.push(line.en);
    text.ko.push(line.ko);
    if (queue !== null && minutes !== null && drainedBy !== null) {
      const d = duration(minutes);
      const by = shown(drainedBy, zone);
      const drain = drainLine(count(queue), count(rate), d, by.local);
      text.en.push(drain.en);
      text.ko.push(drain.ko);
      if (drainedBy > closes) {
        const left = Math.round(queue - ((closes - opens) / 60_000) * rate);
        warnings.push(
          `windows.${index}: the expected queue needs ${d.en} but the window lasts ${duration(Math.round((closes - opens) / 60_000)).en}; about ${count(left)} people would still be waiting at closing.`,
        );
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
    const line = rotationLine(rotation);
    text.en.push(line.en);
    text.ko.push(line.ko);
  }
  const measured = config.measuredCapacity ?? null;
  if (measured) {
    const at = shown(Date.parse(measured.measuredAt), zone).local;
    const line = capacityLine(count(measured.perMinute), at, measured.source);
    text.en.push(line.en);
    text.ko.push(line.ko);
    if (rate > measured.perMinute) warnings.push(overCapacity(count(rate), count(measured.perMinute), at).en);
  }
  if (rate > capRate) {
    warnings.push(
      `admissionRatePerMinute ${count(rate)} is more than maxInBookingStep ${count(config.maxInBookingStep)} sustains if people use their whole ${config.grantLifetimeSeconds} s grant: about ${count(capRate)} a minute.`,
    );
  }
  if (population === null)
    warnings.push("No population given (config field population or ?population=): the expected queue and its drain time are unknown.");
  const shards = recommendedShards(population ?? 0);
  if (population !== null && config.intake.shards < shards) {
    warnings.push(
      `intake.shards ${config.intake.shards} is fewer than the ${shards} recommended for ${count(population)} people arriving within ${PLANNED_ARRIVAL_SECONDS} s of the opening (${count(PLANNED_JOINS_PER_SHARD_SECOND)} joins a second per shard); it cannot change once the pre-queue opens.`,
    );
  }

  return {
    publicCohort: publicCohort(config, cohortPhase(config, nowMs, { paused: false, closedEarly: false }), nowMs),
    notEligible: sentenceOf(refusalFor(config, "too_old")),
    windows,
    rotation,
    admission: {
      ratePerMinute: rate,
      maxInBookingStep: config.maxInBookingStep,
      grantLifetimeSeconds: config.grantLifetimeSeconds,
      capSustainedRatePerMinute: capRate,
      measuredCapacity: measured,
      aboveMeasuredCapacity: measured === null ? null : rate > measured.perMinute,
    },
    population,
    intake: { shards: config.intake.shards, recommendedShards: population === null ? null : shards, flushMs: config.intake.flushMs },
    text,
    warnings,
  };
}

/** The report a dry run returns. */
export type DryRunReport = ReturnType<typeof dryRunReport>;

function sentenceOf(refusal: { detail: string; detailKo: string }): Sentence {
  return { en: refusal.detail, ko: refusal.detailKo };
}
