import { renderSVG } from "uqr";
import { type Lang, pathIn } from "../../copy/lang";
import { strings } from "../../copy/pages";
import { type BookingAnswer, bookingValues, standingOf, standingWords } from "../booking-values";
import type { CohortFacts, CohortLinks } from "../cohort-facts";
import { Breakable, ErrorSummary, NationalIdField, PlacesNav } from "../components";
import { PhoneSentence } from "../site";
import { ClinicFieldset, SlotFieldset } from "./book";

/**
 * A booking with its receipt as a QR code. Filled on the server when it is known (no-JavaScript
 * pages, never cached); on the cacheable pages the browser script fills it from this device's
 * saved receipt and the bookings API.
 */
function Receipt({
  lang,
  links,
  known,
  manageLink = true,
}: {
  lang: Lang;
  links: CohortLinks;
  known?: KnownBooking;
  manageLink?: boolean;
}) {
  const text = strings(lang);
  const values = known ? bookingValues(known.booking, lang, known.timeZone, text) : {};
  // Until the script has read the booking's status, the page claims nothing about it.
  const standing = known ? standingOf(known.booking.status) : undefined;
  const heading = standing ? standingWords(standing, text).heading : text.manageTitle;
  // Rows a booking may lack (the vaccine, a second dose) are marked so the script can show them.
  const row = (label: string, name: string, optional = false, kind?: string) => (
    <>
      <dt data-row={optional ? name : undefined} hidden={optional && !values[name]}>
        {label}
      </dt>
      <dd class={kind} data-v={name} data-row={optional ? name : undefined} hidden={optional && !values[name]}>
        {values[name] ?? ""}
      </dd>
    </>
  );
  return (
    <>
      <section class="card receipt" id="receipt" data-standing={standing} hidden={!known}>
        <h1 id="receipt-heading">{heading}</h1>
        <p class="status" id="booking-status" data-standing={standing} data-v="status">
          {values.status ?? ""}
        </p>
        <div class="notice" data-standing-note="cancelled" hidden={standing !== "cancelled"}>
          <p>{text.noteCancelled}</p>
          <p class="no-print">
            <a href={`${links.cohort}#join`}>{text.joinButton}</a>
          </p>
        </div>
        <div class="notice" data-standing-note="needs_reschedule" hidden={standing !== "needs_reschedule"}>
          <p>{text.noteNeedsReschedule}</p>
          {manageLink && (
            <p>
              <a href={links.manage}>{text.chooseNewTime}</a>
            </p>
          )}
        </div>
        <dl>
          {row(text.fieldBookingCode, "bookingCode", false, "booking-code")}
          {row(text.fieldName, "name", true)}
          {row(text.fieldClinic, "clinic")}
          {row(text.fieldAddress, "address")}
          {row(text.fieldVaccine, "vaccine", true)}
          {row(text.fieldWhen, "when")}
          {row(text.fieldDose2, "dose2", true)}
        </dl>
        <p class="muted">{text.bookingCodeNote}</p>
        <div class="qr" hidden={standing !== undefined && standing !== "active"}>
          <div
            id="qr"
            role="img"
            aria-label={text.qrCaption}
            dangerouslySetInnerHTML={{ __html: known ? renderSVG(known.receipt, { border: 2 }) : "" }}
          />
          <p>{text.qrCaption}</p>
        </div>
        <p class="muted" data-standing-note="active" hidden={standing !== undefined && standing !== "active"}>
          {text.keepReceipt}
        </p>
        <p class="fine">
          {text.fieldBookingId} <span data-v="bookingId">{values.bookingId ?? ""}</span>
        </p>
        {manageLink && (
          <p class="no-print" data-standing-note="active" hidden={standing !== undefined && standing !== "active"}>
            <a href={links.manage}>{text.manageLink}</a>
          </p>
        )}
      </section>
      <section class="card" id="no-receipt" hidden>
        <p>
          <PhoneSentence template={text.noReceipt} />
        </p>
        <p>
          <a href={pathIn(lang, "/find")}>{text.findLink}</a>
        </p>
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

/**
 * The confirmation page. Known on the server only on the no-JavaScript path, whose booking page
 * cannot change or cancel it: that page says how to (by phone) instead of linking to the scripted one.
 */
export function DonePage({ cohort, lang, links, known }: { cohort: CohortFacts; lang: Lang; links: CohortLinks; known?: KnownBooking }) {
  return (
    <>
      <p class="eyebrow">
        <Breakable text={cohort.name} />
      </p>
      <Receipt lang={lang} links={links} known={known} manageLink={!known} />
      {known ? (
        <p class="notice no-print">
          <PhoneSentence template={strings(lang).changeByPhone} />
        </p>
      ) : (
        <PlacesNav lang={lang} links={links} />
      )}
    </>
  );
}

/**
 * A booking seen again later, on the device that made it: its status, and moving or cancelling it
 * (the receipt saved here and the holder's national ID number, both checked by the bookings API).
 */
export function ManagePage({ cohort, lang, links }: { cohort: CohortFacts; lang: Lang; links: CohortLinks }) {
  const text = strings(lang);
  return (
    <>
      <p class="eyebrow">
        <Breakable text={cohort.name} />
      </p>
      <noscript>
        <p class="notice">
          <PhoneSentence template={text.needsJs} />
        </p>
        <p>
          <a href={links.liveBooking}>{text.seeBooking}</a>
        </p>
      </noscript>
      <p class="message ok" id="manage-done" role="status" tabindex={-1}></p>
      <Receipt lang={lang} links={links} manageLink={false} />
      <div id="actions" hidden>
        <section class="card" aria-labelledby="holder-check">
          <h2 id="holder-check">{text.holderCheckHeading}</h2>
          <NationalIdField lang={lang} />
        </section>
        <form class="card" id="change-form" novalidate aria-labelledby="change-heading">
          <h2 id="change-heading">{text.changeHeading}</h2>
          <ErrorSummary lang={lang} id="change-summary" />
          <ClinicFieldset lang={lang} />
          <SlotFieldset lang={lang} />
          <p class="message error" id="change-error" role="alert"></p>
          <button type="submit" id="change-button">
            {text.changeButton}
          </button>
        </form>
        <section class="card" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{text.cancelHeading}</h2>
          <p>{text.cancelText}</p>
          <p class="message error" id="cancel-error" role="alert"></p>
          <button type="button" class="secondary" id="cancel-button">
            {text.cancelButton}
          </button>
          <button type="button" class="danger" id="cancel-confirm" hidden>
            {text.cancelConfirm}
          </button>
        </section>
      </div>
      <PlacesNav lang={lang} links={links} />
    </>
  );
}
