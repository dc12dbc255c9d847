import type { CohortFacts, CohortLinks } from "../cohort-facts";
import { NationalIdField } from "../components";
import { formatSlotTime } from "../format";
import { fill, type Lang } from "../lang";
import { strings } from "../strings";

/** A clinic and its slots, as the slots API lists them. */
export interface ClinicChoice {
  id: string;
  nameKo: string;
  nameEn: string;
  region: string;
  address: string;
  slots: Array<{ id: string; startsAt: string; endsAt: string; remaining: number }>;
}

/** Name and national ID fields, shared by both booking forms. */
function PersonFields({ lang }: { lang: Lang }) {
  const text = strings(lang);
  return (
    <>
      <div class="field">
        <label for="name">{text.nameLabel}</label>
        <input type="text" id="name" name="name" autocomplete="name" maxlength={100} required />
      </div>
      <NationalIdField lang={lang} />
    </>
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
      <p class="eyebrow">{cohort.name}</p>
      <h1>{text.bookTitle}</h1>
      <p class="muted">{text.grantCountdownText}</p>
      <form id="book-form" method="post" action={links.liveBooking} novalidate>
        <section class="card">
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
        </section>
        <section class="card">
          <fieldset>
            <legend>{text.stepSlot}</legend>
            <div id="slots">
              <p class="muted">{text.chooseClinicFirst}</p>
            </div>
          </fieldset>
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

/** Booking without JavaScript: every open slot in one list, grouped by clinic. */
export function NoJsBookingForm({ lang, links, clinics, timeZone }: { lang: Lang; links: CohortLinks; clinics: ClinicChoice[]; timeZone: string }) {
  const text = strings(lang);
  return (
    <form method="post" action={links.liveBooking}>
      <div class="field">
        <label for="slot">{text.slotLabel}</label>
        <select id="slot" name="slotId" required>
          {clinics.map((clinic) => (
            <optgroup label={`${clinic.region} · ${lang === "ko" ? clinic.nameKo : clinic.nameEn}`}>
              {clinic.slots.map((slot) => (
                <option value={slot.id} disabled={slot.remaining === 0}>
                  {`${formatSlotTime(slot.startsAt, lang, timeZone)} · ${slot.remaining === 0 ? text.slotFull : fill(text.seatsLeft, { n: slot.remaining })}`}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <PersonFields lang={lang} />
      <button type="submit">{text.bookButton}</button>
    </form>
  );
}
