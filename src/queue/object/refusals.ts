// The refusals the cohort's queue object answers with: a stable code and the sentences from src/copy/.
import { BOOKING_CLOSED, BOOKING_ON_HOLD, bornOutside, GRANT_NOT_VALID, notOpenYet, notYourDay, type Said } from "../../copy/refusals";
import type { CohortConfig } from "../../domain/cohort-config";
import type { IneligibleReason } from "../../domain/eligibility";
import type { QueueRefusal } from "./types";

/** A refusal with a code and a sentence. */
export function refusal(code: QueueRefusal["code"], said: Said, opensAt?: string): QueueRefusal {
  return { ok: false, code, detail: said.en, detailKo: said.ko, ...(opensAt ? { opensAt } : {}) };
}

/** A grant that is not the one issued to this person, or no longer live. */
export const GRANT_INVALID: QueueRefusal = refusal("grant_invalid", GRANT_NOT_VALID);

/** Booking during an emergency hold: the pass is genuine and kept, but nobody books until release. */
export const ON_HOLD: QueueRefusal = refusal("on_hold", BOOKING_ON_HOLD);

/** Turns an eligibility reason into the refusal a citizen sees, with dates from the stored config. */
export function refusalFor(config: CohortConfig, reason: IneligibleReason, opensAt?: string): QueueRefusal {
  const when = opensAt ? { at: opensAt, timeZone: config.timeZone } : null;
  switch (reason) {
    case "too_old":
    case "too_young":
      return refusal("not_eligible", bornOutside(config.birthDates.from, config.birthDates.to));
    case "not_your_day":
      return refusal("not_eligible", notYourDay(when), opensAt);
    case "not_open_yet":
      return refusal("not_open", notOpenYet(when), opensAt);
    case "closed":
      return refusal("not_open", BOOKING_CLOSED);
  }
}
