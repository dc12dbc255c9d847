import type { Lang } from "../../copy/lang";
import { notifyStrings } from "../../copy/notify";
import { strings } from "../../copy/pages";
import type { ClinicChoice, VaccineChoice } from "../../copy/slot-text";
import type { CohortFacts, CohortLinks } from "../cohort-facts";
import { Breakable, ButtonLink, Figure, PlacesNav, Sentence } from "../components";
import { type NotifyAnswer, type PlaceAnswer, placeValues } from "../place-values";
import { NoJsBookingForm } from "./book";
import { NotifyBox } from "./notify-box";

/** A place known on the server (the no-JavaScript page), and when it was read. */
export interface KnownPlace {
  answer: PlaceAnswer;
  readAtMs: number;
  /** For an admitted person without JavaScript: the clinics to choose from. */
  clinics?: ClinicChoice[];
  vaccines?: VaccineChoice[];
  /** Seconds until the page refreshes itself, while the place is still moving. */
  refreshSeconds?: number;
  /** The place's text messages, while it waits. */
  notify?: NotifyAnswer;
}

/**
 * The waiting page. One section per state of a place; the browser script shows the one the API
 * answers and fills its `[data-v]` slots. The no-JavaScript page renders the same markup with the
 * place filled in on the server.
 */
export function WaitPage({ cohort, lang, links, known }: { cohort: CohortFacts; lang: Lang; links: CohortLinks; known?: KnownPlace }) {
  const text = strings(lang);
  const place = known?.answer;
  const values = place ? placeValues(place, lang, cohort.timeZone, known.readAtMs) : {};
  const shown = (state: PlaceAnswer["state"]) => place?.state !== state;
  const pausedBy = place?.paused?.reason;
  return (
    <>
      <p class="eyebrow">
        <Breakable text={cohort.name} />
      </p>
      <div id="place" aria-describedby="keep-place">
        <section class="card" data-state="loading" hidden={place !== undefined}>
          <h1>{text.waitTitle}</h1>
          <p class="muted">{text.loading}</p>
        </section>
        <section class="card" data-state="prequeue" hidden={shown("prequeue")}>
          <h1>{text.waitPrequeueHeading}</h1>
          <div id="opens-in" hidden>
            <p class="muted" id="opens-in-label">
              {text.countdownLabel}
            </p>
            <p class="countdown" role="timer" aria-labelledby="opens-in-label" data-v="opensIn"></p>
          </div>
          <p>{text.waitPrequeueText}</p>
        </section>
        <section class="card" data-state="waiting" hidden={shown("waiting")}>
          <h1>{text.waitHeading}</h1>
          {/* Why the line stands still, in words; the script shows the one the queue names. */}
          <p class="notice" data-paused="step_full" hidden={pausedBy !== "step_full"}>
            {text.pausedStepFull}
          </p>
          <p class="notice" data-paused="paused" hidden={pausedBy !== "paused"}>
            {text.pausedByOperator}
          </p>
          <p class="notice" data-paused="held" hidden={pausedBy !== "held"}>
            {text.pausedHeld}
          </p>
          {/* One main figure: the people ahead; the wait as a range under it; the number itself small. */}
          <dl class="stats">
            <Figure label={text.aheadLabel} name="ahead" value={values.ahead} big />
          </dl>
          <p id="eta-line" hidden={place !== undefined && (!values.eta || values.comeBack !== undefined)}>
            {text.etaLabel}: <strong data-v="eta">{values.eta}</strong>
          </p>
          <p class="lead" id="come-back" hidden={!values.comeBack}>
            <Sentence template={notifyStrings(lang).comeBack} values={values} />
          </p>
          <p class="muted">
            {text.positionLabel} <span data-v="position">{values.position}</span>
          </p>
        </section>
        <section class="card state-ok" data-state="admitted" hidden={shown("admitted")}>
          <h1>{text.admittedHeading}</h1>
          <p class="lead">
            <Sentence template={text.admittedText} values={values} />
          </p>
          {known?.clinics ? (
            <NoJsBookingForm lang={lang} links={links} clinics={known.clinics} vaccines={known.vaccines ?? []} timeZone={cohort.timeZone} />
          ) : (
            <ButtonLink href={links.book}>{text.bookNow}</ButtonLink>
          )}
        </section>
        <section class="card" data-state="expired" hidden={shown("expired")}>
          <h1>{text.expiredHeading}</h1>
          <p data-when="reentry" hidden={!place?.reentryUntil}>
            <Sentence template={text.expiredText} values={values} />
          </p>
          <p data-when="no-reentry" hidden={!place || Boolean(place.reentryUntil)}>
            {text.expiredGone}
          </p>
          <ButtonLink href={links.cohort}>{text.rejoin}</ButtonLink>
        </section>
        <section class="card state-ok" data-state="booked" hidden={shown("booked")}>
          <h1>{text.bookedHeading}</h1>
          {/* The scripted confirmation reads this device's storage; the no-JavaScript one its cookie. */}
          <ButtonLink href={known ? links.liveBooking : links.done}>{text.seeBooking}</ButtonLink>
        </section>
        <section class="card" data-state="cancelled" hidden={shown("cancelled")}>
          <h1>{text.cancelledHeading}</h1>
          <p>{text.cancelledText}</p>
          <ButtonLink href={`${links.cohort}#join`}>{text.joinButton}</ButtonLink>
        </section>
        <section class="card" data-state="closed" hidden={shown("closed")}>
          <h1>{text.closedHeading}</h1>
        </section>
        <section class="card" data-state="sold_out" hidden={shown("sold_out")}>
          <h1>{text.soldOutHeading}</h1>
          <p data-v="message">{values.message}</p>
        </section>
        <section class="card" data-state="error" hidden>
          <p class="message error" data-v="error"></p>
          <ButtonLink href={links.cohort}>{text.rejoin}</ButtonLink>
        </section>
      </div>
      <NotifyBox lang={lang} links={links} known={known?.notify} />
      <p class="muted" id="updated" hidden={!place}>
        {text.updatedLabel} <time data-v="updated">{values.updated}</time>
      </p>
      <p class="notice" id="offline" role="status" hidden>
        {text.offline}
      </p>
      <p class="reassure" id="keep-place">
        {text.keepPlace}
      </p>
      {!known && <PlacesNav lang={lang} links={links} />}
      {known?.refreshSeconds !== undefined && (
        <p class="muted">
          <Sentence template={text.refreshNoJs} values={{ seconds: String(known.refreshSeconds) }} />
        </p>
      )}
      <div class="sr-only" id="announce" aria-live="polite" aria-atomic="true"></div>
    </>
  );
}
