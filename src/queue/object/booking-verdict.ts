// The one rule for whether a booking may go ahead now, shared by every channel that books.
import type { CohortConfig } from "../../domain/cohort-config";
import { checkEligibility } from "../../domain/eligibility";
import { refusalFor } from "./refusals";
import type { BookingAuthorization } from "./types";

/**
 * Whether someone born on `birthDate` may book now, on the server clock and the cohort's own
 * config: the window open for them, the cohort not closed early. On yes, the cohort's vaccines
 * (absent: every vaccine) scope the slots they may book. The same rule for every channel.
 */
export function bookingVerdict(config: CohortConfig, closedEarly: boolean, birthDate: string, nowMs: number): BookingAuthorization {
  if (closedEarly) return refusalFor(config, "closed");
  const verdict = checkEligibility(config, birthDate, nowMs);
  if (!verdict.eligible) return refusalFor(config, verdict.reason, verdict.opensAt);
  return vaccineScope(config);
}

/** A yes, with the cohort's vaccines (absent: every vaccine) scoping the slots a booking may take. */
export function vaccineScope(config: CohortConfig): BookingAuthorization {
  return { ok: true, ...(config.vaccines ? { vaccines: config.vaccines } : {}) };
}
