// What a page hands its browser script in `#page-data`: public facts and the sentences the script
// needs, never personal data (the pages carrying it are cached for everyone).

import type { Lang } from "../copy/lang";
import type { Strings, TextKey } from "../copy/pages";
import type { CohortFacts, CohortLinks } from "./cohort-facts";

/** What the national ID check says (cohort, booking and booking-change pages), and its show/hide toggle. */
const ID_TEXT = ["idLooksRight", "idNotInCohort", "idNotYourDay", "idShow", "idHide"] as const;
/** How a place held on this device is named. */
const PLACE_TEXT = ["personN", "placeBorn", "placeLabelled"] as const;
/** What the seat picker says (booking and booking-change pages). */
const PICKER_TEXT = [
  "dose2Note",
  "noDose2Seat",
  "oneDose",
  "twoDoses",
  "seatsLeft",
  "slotFull",
  "noSlots",
  "chooseClinicFirst",
  "chooseSlot",
] as const;
/** What a receipt says (confirmation and booking pages). */
const RECEIPT_TEXT = [
  "statusActive",
  "statusCancelled",
  "statusNeedsReschedule",
  "doneHeading",
  "headingCancelled",
  "headingNeedsReschedule",
  "manageTitle",
  "statusChecking",
  "statusUnchecked",
  ...PLACE_TEXT,
] as const;

/** Sentences each page's script uses; the rest of the page's text is in its HTML. */
export const CLIENT_TEXT = {
  cohort: [
    "status_upcoming",
    "status_prequeue",
    "status_open",
    "status_paused",
    "status_closed",
    "countdownLabel",
    "countdownClosesLabel",
    "joining",
    "joinButton",
    ...ID_TEXT,
  ],
  wait: ["announce", "announcePaused", ...PLACE_TEXT],
  book: [
    ...PICKER_TEXT,
    ...ID_TEXT,
    "booking",
    "bookButton",
    "enterName",
    "idNotQueued",
    "bookTitle",
    "bookNoPlaceHeading",
    "bookNotYetHeading",
    "expiredHeading",
    "closedHeading",
    "soldOutHeading",
  ],
  done: RECEIPT_TEXT,
  manage: [...RECEIPT_TEXT, ...PICKER_TEXT, ...ID_TEXT, "changeButton", "changing", "changed", "cancelConfirm", "cancelled"],
} as const satisfies Record<string, readonly TextKey[]>;

/** A page that has a script. */
export type ScriptedPage = keyof typeof CLIENT_TEXT;

/** The data of a scripted page. */
export interface ClientData<P extends ScriptedPage = ScriptedPage> {
  page: P;
  lang: Lang;
  cohort: CohortFacts;
  links: CohortLinks;
  text: Pick<Strings, (typeof CLIENT_TEXT)[P][number]>;
  /** Error sentences the script says itself: `unavailable` when an answer has no readable error
   * (the connection or the edge failed), `grant_required` on the booking page without a grant,
   * `turnstile_required` on the cohort page when joining before the human check has finished. */
  errors: { unavailable: string; grant_required: string; turnstile_required?: string };
  /** Said when a national ID number cannot be read. */
  idProblems: { format: string; birth_date: string };
}

/** Sentences the find page's script uses (it belongs to no group: it finds the booking's). */
export const FIND_TEXT = ["findCodeProblem", "findButton", "finding"] as const satisfies readonly TextKey[];

/** The data of the find page. */
export interface FindData {
  page: "find";
  lang: Lang;
  text: Pick<Strings, (typeof FIND_TEXT)[number]>;
  errors: { unavailable: string };
  idProblems: { format: string; birth_date: string };
}
