import type { BookingWindow, CohortConfig } from "./cohort-config";
import type { IsoDate } from "./dates";

/** Why a person may not book right now. */
export type IneligibleReason = "too_old" | "too_young" | "not_open_yet" | "closed" | "not_your_day";

/** Whether a person may book at an instant, and if not, why. */
export type Eligibility =
  | { eligible: true; windowIndex: number; window: BookingWindow }
  | { eligible: false; reason: IneligibleReason; opensAt?: string };

/** True when a window admits this birth date (its rotation digits, if any, include the day's last digit). */
export function windowAdmitsBirthDate(window: BookingWindow, birthDate: IsoDate): boolean {
  if (!window.birthDayLastDigits) return true;
  const lastDigit = Number(birthDate.slice(-1));
  return window.birthDayLastDigits.includes(lastDigit);
}

/** Index and window of every window that admits this birth date, in configured order. */
function windowsFor(config: CohortConfig, birthDate: IsoDate): Array<{ index: number; window: BookingWindow }> {
  return config.windows.map((window, index) => ({ index, window })).filter(({ window }) => windowAdmitsBirthDate(window, birthDate));
}

/**
 * Decides whether a person born on `birthDate` may book in `config` at the server instant `nowMs`.
 *
 * Windows are half-open: a window opening at 20:00 admits at exactly 20:00:00.000 and refuses at
 * its closing instant. `nowMs` must come from the server clock; nothing from a client feeds it.
 */
export function checkEligibility(config: CohortConfig, birthDate: IsoDate, nowMs: number): Eligibility {
  if (birthDate < config.birthDates.from) return { eligible: false, reason: "too_old" };
  if (birthDate > config.birthDates.to) return { eligible: false, reason: "too_young" };

  const own = windowsFor(config, birthDate);
  const openNow = own.find(({ window }) => Date.parse(window.opensAt) <= nowMs && nowMs < Date.parse(window.closesAt));
  if (openNow) return { eligible: true, windowIndex: openNow.index, window: openNow.window };

  const next = own
    .filter(({ window }) => Date.parse(window.opensAt) > nowMs)
    .sort((a, b) => Date.parse(a.window.opensAt) - Date.parse(b.window.opensAt))[0];
  const someoneElsesWindowIsOpen = config.windows.some((w) => Date.parse(w.opensAt) <= nowMs && nowMs < Date.parse(w.closesAt));
  if (someoneElsesWindowIsOpen) {
    return { eligible: false, reason: "not_your_day", ...(next ? { opensAt: next.window.opensAt } : {}) };
  }
  if (next) return { eligible: false, reason: "not_open_yet", opensAt: next.window.opensAt };
  return { eligible: false, reason: "closed" };
}
