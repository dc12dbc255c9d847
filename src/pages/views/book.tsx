import { formatCalendarDate, formatSlotTime } from "../../copy/format";
import { fill, type Lang } from "../../copy/lang";
import { strings } from "../../copy/pages";
import { type ClinicChoice, clinicIn, clinicVaccines, slotState, type VaccineChoice } from "../../copy/slot-text";
import type { CohortFacts, CohortLinks } from "../cohort-facts";
import { Breakable, ButtonLink, ErrorSummary, NationalIdField } from "../components";

/**
 * Name and national ID fields of the person getting the vaccine, shared by both booking forms.
 * Often not the phone's owner (a daughter booking for her mother), so the browser does not offer
 * the owner's name.
 */
function PersonFields({ lang }: { lang: Lang }) {
  const text = strings(lang);
  return (
    <>
      <p class="hint" id="person-hint">
        {text.personHint}
      </p>
      <div class="field">
        <label for="name">{text.nameLabel}</label>
        <input type="text" id="name" name="name" autocomplete="off" maxlength={100} required aria-describedby="person-hint" />
      </div>
      <NationalIdField lang={lang} />
    </>
  );
}

/** Step 1 of choosing a seat: region, search, and the clinics (filled by the browser script). */
export function ClinicFieldset({ lang }: { lang: Lang }) {
  const text = strings(lang);
  return (
    <fieldset>
      <legend>{text.stepClinic}</legend>
      <div class="filters">
        <div class="field">
          <label for="region">{text.regionLabel}</label>
          <select id="region">
            <option value="">{text.allRegions}</option>
          </select>
        </div>
        <div class="field">
          <label for="clinic-search">{text.searchLabel}</label>
          <input type="search" id="clinic-search" autocomplete="off" />
        </div>
      </div>
      <ul class="choices" id="clinics" aria-live="polite">
        <li class="muted">{text.loading}</li>
      </ul>
    </fieldset>
  );
}

/** Step 2: the chosen clinic's times with seats left, and the dose-2 day of the chosen time. */
export function SlotFieldset({ lang }: { lang: Lang }) {
  const text = strings(lang);
  return (
    <fieldset>
      <legend>{text.stepSlot}</legend>
      <div id="slots">
        <p class="muted">{text.chooseClinicFirst}</p>
      </div>
      <p class="notice" id="dose2-note" aria-live="polite" hidden></p>
    </fieldset>
  );
}

/**
 * The booking page: the grant's countdown, clinics by region, slots with remaining seats, the
 * person. The browser script fills it from the slots API; without JavaScript the place page
 * shows {@link NoJsBookingForm} instead.
 */
export function BookPage({ cohort, lang, links }: { cohort: CohortFacts; lang: Lang; links: CohortLinks }) {
  const text = strings(lang);
  return (
    <>
      <div class="timer" id="grant-timer" hidden>
        <span id="grant-label">{text.grantCountdownLabel}</span>
        <strong id="grant-left" role="timer" aria-labelledby="grant-label">
          --:--
        </strong>
      </div>
      <p class="eyebrow">
        <Breakable text={cohort.name} />
      </p>
      <h1 id="book-heading" tabindex={-1}>
        {text.bookTitle}
      </h1>
      <p class="muted" id="book-checking" role="status">
        {text.bookChecking}
      </p>
      {/* Only one of these is shown, once the queue has said where this person stands. */}
      <section class="card" id="book-no-place" hidden>
        <p>{text.bookNoPlaceText}</p>
        <ButtonLink href={`${links.cohort}#join`}>{text.joinButton}</ButtonLink>
      </section>
      <section class="card" id="book-not-yet" hidden>
        <p>{text.bookNotYetText}</p>
        <ButtonLink href={links.wait}>{text.backToWait}</ButtonLink>
      </section>
      <section class="card" id="book-expired" hidden>
        <p>{text.bookExpiredText}</p>
        <ButtonLink href={links.wait}>{text.backToWait}</ButtonLink>
      </section>
      <section class="card" id="book-refused" hidden>
        <p class="message error" id="book-refusal"></p>
        <ButtonLink href={links.wait}>{text.backToWait}</ButtonLink>
      </section>
      <p class="muted" id="book-open-note" hidden>
        {text.grantCountdownText}
      </p>
      <form id="book-form" method="post" action={links.liveBooking} novalidate hidden>
        <ErrorSummary lang={lang} id="book-summary" />
        <section class="card">
          <ClinicFieldset lang={lang} />
        </section>
        <section class="card">
          <SlotFieldset lang={lang} />
        </section>
        <section class="card">
          <fieldset>
            <legend>{text.stepPerson}</legend>
            <PersonFields lang={lang} />
          </fieldset>
          <p class="message error" id="book-error" role="alert"></p>
          <button type="submit" id="book-button">
            {text.bookButton}
          </button>
        </section>
      </form>
    </>
  );
}

/** Booking without JavaScript: every slot in one list, grouped by clinic, each saying what it offers. */
export function NoJsBookingForm(props: {
  lang: Lang;
  links: CohortLinks;
  clinics: ClinicChoice[];
  vaccines: VaccineChoice[];
  timeZone: string;
}) {
  const { lang, links, clinics, vaccines, timeZone } = props;
  const text = strings(lang);
  const optionText = (slot: ClinicChoice["slots"][number]) =>
    [
      formatSlotTime(slot.startsAt, lang, timeZone),
      slotState(slot, text).note,
      slot.dose2Date ? fill(text.dose2Short, { date: formatCalendarDate(slot.dose2Date, lang) }) : "",
    ]
      .filter(Boolean)
      .join(" · ");
  return (
    <form method="post" action={links.liveBooking}>
      <div class="field">
        <label for="slot">{text.slotLabel}</label>
        <select id="slot" name="slotId" required aria-describedby="slot-hint">
          {/* Empty and first, so an untouched form books nothing (the browser and the server both refuse it). */}
          <option value="" selected>
            {text.chooseTimeOption}
          </option>
          {clinics.map((clinic) => (
            <optgroup
              label={[clinicIn(clinic, lang).region, clinicIn(clinic, lang).name, clinicVaccines(clinic, vaccines, lang, text)]
                .filter(Boolean)
                .join(" · ")}
            >
              {clinic.slots.map((slot) => (
                <option value={slot.id} disabled={!slotState(slot, text).bookable}>
                  {optionText(slot)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {clinics.some((c) => c.slots.some((slot) => slot.dose2Date)) && (
          <p class="hint" id="slot-hint">
            {text.dose2General}
          </p>
        )}
      </div>
      <PersonFields lang={lang} />
      <button type="submit">{text.bookButton}</button>
    </form>
  );
}
