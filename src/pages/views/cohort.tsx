import { errorSentence } from "../../copy/error-text";
import { formatCalendarDate, formatInstant, timeZoneName } from "../../copy/format";
import type { Lang } from "../../copy/lang";
import { strings, type TextKey } from "../../copy/pages";
import type { CohortPhase } from "../../domain/cohort-phase";
import type { CohortFacts, CohortLinks } from "../cohort-facts";
import { Breakable, ErrorSummary, NationalIdField, PlaceLabelField, Sentence } from "../components";
import { TurnstileNoScript, TurnstileWidget } from "../turnstile";

/** The days of birth a window admits, e.g. `1, 6`. */
function digitsOf(window: CohortFacts["windows"][number]): string | null {
  return window.birthDayLastDigits ? window.birthDayLastDigits.join(", ") : null;
}

/** Who may book and when, every date read from the stored config. */
export function CohortSchedule({ cohort, lang }: { cohort: CohortFacts; lang: Lang }) {
  const text = strings(lang);
  const from = formatCalendarDate(cohort.birthDates.from, lang);
  const to = formatCalendarDate(cohort.birthDates.to, lang);
  const firstOpening = Date.parse(cohort.windows[0]!.opensAt);
  return (
    <>
      <section class="card" aria-labelledby="who">
        <h2 id="who">{text.whoHeading}</h2>
        <p class="lead" id="born-between">
          <Sentence template={text.bornBetween} values={{ from, to }} />
        </p>
      </section>
      <section class="card" aria-labelledby="when">
        <h2 id="when">{text.scheduleHeading}</h2>
        {/* At large text on a narrow screen the rows stack (styles.css), each cell under its
            column's name from data-label, which a screen reader reads too where a browser drops the
            table's semantics for blocks. */}
        <table class="schedule">
          <thead>
            <tr>
              <th scope="col">{text.colOpens}</th>
              <th scope="col">{text.colCloses}</th>
              {cohort.windows.some((w) => w.birthDayLastDigits) && <th scope="col">{text.colWho}</th>}
            </tr>
          </thead>
          <tbody>
            {cohort.windows.map((window) => (
              <tr>
                <td data-label={text.colOpens}>
                  <strong>{formatInstant(window.opensAt, lang, cohort.timeZone)}</strong>
                </td>
                <td data-label={text.colCloses}>{formatInstant(window.closesAt, lang, cohort.timeZone)}</td>
                {cohort.windows.some((w) => w.birthDayLastDigits) && (
                  <td data-label={text.colWho}>
                    {digitsOf(window) ? <Sentence template={text.rotationDigits} values={{ digits: digitsOf(window)! }} /> : text.everyone}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">
          <Sentence template={text.allTimesIn} values={{ zone: timeZoneName(cohort.timeZone, lang, firstOpening) }} />
        </p>
        <p>
          <Sentence template={text.waitingRoomNote} values={{ minutes: String(cohort.prequeueLeadMinutes) }} />
        </p>
      </section>
    </>
  );
}

/**
 * The cohort page: status with a countdown on the server's clock, who and when, and the join form
 * (with the Turnstile widget when the cohort requires the check, and a word for browsers without JavaScript).
 */
export function CohortPage(props: {
  cohort: CohortFacts;
  lang: Lang;
  phase: CohortPhase;
  links: CohortLinks;
  turnstileSiteKey: string | null;
}) {
  const { cohort, lang, phase, links, turnstileSiteKey } = props;
  const text = strings(lang);
  const statusKey = `status_${phase.status}` as TextKey;
  // While booking is open, the join form is what a person came for: it comes before the schedule.
  const joinFirst = phase.status === "open" || phase.status === "prequeue";
  const join = (
    <section class="card" id="join" aria-labelledby="join-heading">
      <h2 id="join-heading">{text.joinHeading}</h2>
      <p class="notice" id="have-place" hidden>
        {text.havePlace} <a href={links.wait}>{text.goToPlace}</a>. {text.havePlaceOther}
      </p>
      {turnstileSiteKey && <TurnstileNoScript lang={lang} />}
      <form id="join-form" method="post" action={links.live} novalidate>
        <ErrorSummary lang={lang} id="join-summary" />
        <NationalIdField lang={lang} />
        <PlaceLabelField lang={lang} />
        {turnstileSiteKey && <TurnstileWidget siteKey={turnstileSiteKey} lang={lang} />}
        <button type="submit" id="join-button">
          {text.joinButton}
        </button>
        <p class="message error" id="join-error" role="alert"></p>
      </form>
    </section>
  );
  return (
    <>
      <h1>
        <Breakable text={cohort.name} />
      </h1>
      <section class="card" aria-labelledby="status-label">
        <p class="muted" id="status-label">
          {text.statusLabel}
        </p>
        <p>
          <span class="status" id="status" data-status={phase.status}>
            {text[statusKey]}
          </span>
        </p>
        <p class="notice" id="sold-out" hidden>
          {errorSentence("sold_out", lang)}
        </p>
        <div id="countdown-box" hidden>
          <p class="muted" id="countdown-label">
            {text.countdownLabel}
          </p>
          <p class="countdown" id="countdown" role="timer" aria-labelledby="countdown-label">
            --:--
          </p>
          <p class="muted">{text.serverClockNote}</p>
        </div>
      </section>
      {joinFirst && join}
      <CohortSchedule cohort={cohort} lang={lang} />
      {!joinFirst && join}
    </>
  );
}
