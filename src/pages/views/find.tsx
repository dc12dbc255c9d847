import { type Lang, pathIn } from "../../copy/lang";
import { strings } from "../../copy/pages";
import { NationalIdField } from "../components";
import { PhoneSentence } from "../site";

/**
 * "Find your booking": the booking code and the ID number of the person it is for, on any device.
 * The same HTML for everyone (cacheable); the script asks the bookings API, keeps the booking and
 * its receipt on this device and opens the booking page.
 */
export function FindPage({ lang }: { lang: Lang }) {
  const text = strings(lang);
  return (
    <>
      <h1 id="find-heading" tabindex={-1}>
        {text.findTitle}
      </h1>
      <p class="lead">{text.findIntro}</p>
      <noscript>
        <p class="notice">{text.needsJs}</p>
      </noscript>
      <form class="card" id="find-form" novalidate aria-labelledby="find-heading">
        <div class="field">
          <label for="booking-code">{text.findCodeLabel}</label>
          <p class="hint" id="booking-code-hint">
            {text.findCodeHint}
          </p>
          <input
            type="text"
            id="booking-code"
            name="code"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            maxlength={20}
            placeholder="XXXX-XXXX"
            required
            aria-describedby="booking-code-hint booking-code-message"
          />
          <p class="message" id="booking-code-message" aria-live="polite"></p>
        </div>
        <NationalIdField lang={lang} hint={text.findIdHint} />
        <p class="message error" id="find-error" role="alert"></p>
        <button type="submit" id="find-button">
          {text.findButton}
        </button>
      </form>
      <p>
        <PhoneSentence template={text.findPhone} />
      </p>
      <p>
        <a href={pathIn(lang, "/")}>{text.backHome}</a>
      </p>
    </>
  );
}
