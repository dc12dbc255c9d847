// Immediate checks of a national ID number as it is typed, with the server's own rules
// (src/rules): the same reading and birth-date range the API applies. The server still decides.

import { formatCalendarDate } from "../../copy/format";
import { fill } from "../../copy/lang";
import type { Strings } from "../../copy/pages";
import type { CohortConfig } from "../../domain/cohort-config";
import { checkEligibility } from "../../domain/eligibility";
import { readNationalId } from "../../domain/national-id";
import type { ClientData } from "../client-data";

/** What the check needs from a page's data. */
export type IdCheckData = Pick<ClientData, "cohort" | "lang" | "idProblems"> & {
  text: Pick<Strings, "idLooksRight" | "idNotInCohort" | "idNotYourDay">;
};

/** What to tell the person about the number so far. `ok` means it may be sent. */
export interface IdCheck {
  ok: boolean;
  message: string;
  /** The birth date read from the number (`YYYY-MM-DD`), when it could be read. */
  birthDate?: string;
}

const PARTIAL = /^\d{0,6}(-?\d{0,7})?$/;

/**
 * Checks a number. While it is still being typed (`final` false) an incomplete number says
 * nothing; a character that can never be right, or a finished number that is wrong, says why.
 * `nowMs` is the server's clock when known, for the birth-day rotation of a cohort's windows.
 */
export function checkId(value: string, data: IdCheckData, final: boolean, nowMs: number | null): IdCheck {
  const input = value.trim();
  const digits = input.replace("-", "").length;
  if (input === "") return { ok: false, message: final ? data.idProblems.format : "" };
  if (!PARTIAL.test(input)) return { ok: false, message: data.idProblems.format };
  if (digits < 13) return { ok: false, message: final ? data.idProblems.format : "" };

  const reading = readNationalId(input);
  if (!reading.ok) return { ok: false, message: data.idProblems[reading.problem] };
  const { cohort, lang, text } = data;
  const values = {
    birth: formatCalendarDate(reading.birthDate, lang),
    from: formatCalendarDate(cohort.birthDates.from, lang),
    to: formatCalendarDate(cohort.birthDates.to, lang),
    digit: reading.birthDate.slice(-1),
  };
  const config = {
    birthDates: cohort.birthDates,
    windows: cohort.windows.map((w) => ({
      opensAt: w.opensAt,
      closesAt: w.closesAt,
      ...(w.birthDayLastDigits ? { birthDayLastDigits: w.birthDayLastDigits } : {}),
    })),
  } as CohortConfig;
  // Without the server's time yet, judge the birth-date range only (time cannot matter for it).
  const verdict = checkEligibility(config, reading.birthDate, nowMs ?? Number.NEGATIVE_INFINITY);
  if (!verdict.eligible && (verdict.reason === "too_old" || verdict.reason === "too_young")) {
    return { ok: false, message: fill(text.idNotInCohort, values) };
  }
  if (!verdict.eligible && verdict.reason === "not_your_day") return { ok: false, message: fill(text.idNotYourDay, values) };
  return { ok: true, message: fill(text.idLooksRight, values), birthDate: reading.birthDate };
}
