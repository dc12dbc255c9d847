// Public facts about a cohort and the links between its pages. Pure: shared with the browser script.

import { type Lang, pathIn } from "../copy/lang";
import type { CohortConfig } from "../domain/cohort-config";

/** What the pages say about a cohort: only public facts from its stored config. */
export interface CohortFacts {
  id: string;
  name: string;
  timeZone: string;
  birthDates: { from: string; to: string };
  windows: Array<{ opensAt: string; closesAt: string; birthDayLastDigits: number[] | null }>;
  prequeueLeadMinutes: number;
}

/** The public facts of a config, with the name in the page's language. */
export function cohortFacts(config: CohortConfig, lang: Lang): CohortFacts {
  return {
    id: config.id,
    name: config.name[lang],
    timeZone: config.timeZone,
    birthDates: config.birthDates,
    windows: config.windows.map((w) => ({ opensAt: w.opensAt, closesAt: w.closesAt, birthDayLastDigits: w.birthDayLastDigits ?? null })),
    prequeueLeadMinutes: config.prequeueLeadMinutes,
  };
}

/** The pages of one cohort in a language. */
export interface CohortLinks {
  cohort: string;
  wait: string;
  book: string;
  done: string;
  manage: string;
  /** The no-JavaScript place page (language in the query: it is never cached). */
  live: string;
  liveBooking: string;
  /** Where the no-JavaScript form leaves or removes a number for text messages. */
  liveNotify: string;
}

/** Links between a cohort's pages, in a language. */
export function cohortLinks(lang: Lang, cohortId: string): CohortLinks {
  const base = `/cohorts/${cohortId}`;
  const query = lang === "en" ? "?lang=en" : "";
  return {
    cohort: pathIn(lang, base),
    wait: pathIn(lang, `${base}/wait`),
    book: pathIn(lang, `${base}/book`),
    done: pathIn(lang, `${base}/done`),
    manage: pathIn(lang, `${base}/manage`),
    live: `${base}/live${query}`,
    liveBooking: `${base}/live/booking${query}`,
    liveNotify: `${base}/live/notify${query}`,
  };
}
