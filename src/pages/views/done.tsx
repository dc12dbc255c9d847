import { renderSVG } from "uqr";
import type { CohortFacts, CohortLinks } from "../cohort-facts";
import { bookingValues, type BookingAnswer } from "../booking-values";
import { PlacesNav } from "../components";
import type { Lang } from "../lang";
import { strings } from "../strings";

/**
 * A booking with its receipt as a QR code. Filled on the server when it is known (no-JavaScript
 * pages, never cached); on the cacheable pages the browser script fills it from this device's
 * saved receipt and the bookings API.
 */
function Receipt({ lang, heading, links, known }: { lang: Lang; heading: string; links: CohortLinks; known?: KnownBooking }) {
  const text = strings(lang);
  const values = known ? bookingValues(known.booking, lang, known.timeZone, text) : {};
  const row = (label: string, name: string) => (
    <>
      <dt>{label}</dt>
      <dd data-v={name}>{values[name] ?? ""}</dd>
    </>
  );
  return (
    <>
      <section class="card receipt state-ok" id="receipt" hidden={!known}>
        <h1>{heading}</h1>
        <dl>
          {row(text.fieldName, "name")}
          {row(text.fieldClinic, "clinic")}
          {row(text.fieldAddress, "address")}
          {row(text.fieldWhen, "when")}
          {row(text.fieldBookingId, "bookingId")}
        </dl>
        <div class="qr">
          <div id="qr" role="img" aria-label={text.qrCaption} dangerouslySetInnerHTML={{ __html: known ? renderSVG(known.receipt, { border: 2 }) : "" }} />
          <p>{text.qrCaption}</p>
        </div>
        <p class="muted">{text.keepReceipt}</p>
        <p class="no-print">
          <a href={links.manage}>{text.manageLink}</a>
        </p>
      </section>
      <section class="card" id="no-receipt" hidden>
        <p>{text.noReceipt}</p>
        <p>
          <a href={links.cohort}>{text.backHome}</a>
        </p>
      </section>
    </>
  );
}

/** A booking known on the server, with its receipt token. */
export interface KnownBooking {
  booking: BookingAnswer;
  receipt: string;
  timeZone: string;
}

/** The confirmation page. */
export function DonePage({ cohort, lang, links, known }: { cohort: CohortFacts; lang: Lang; links: CohortLinks; known?: KnownBooking }) {
  return (
    <>
      <p class="eyebrow">{cohort.name}</p>
      <Receipt lang={lang} heading={strings(lang).doneHeading} links={links} known={known} />
      {!known && <PlacesNav lang={lang} links={links} />}
    </>
  );
}

/** Viewing a booking later (cancel and reschedule join it once the bookings API offers them). */
export function ManagePage({ cohort, lang, links }: { cohort: CohortFacts; lang: Lang; links: CohortLinks }) {
  const text = strings(lang);
  return (
    <>
      <p class="eyebrow">{cohort.name}</p>
      <p>
        <span class="status" id="booking-status" data-v="status"></span>
      </p>
      <Receipt lang={lang} heading={text.manageTitle} links={links} />
      <PlacesNav lang={lang} links={links} />
    </>
  );
}
