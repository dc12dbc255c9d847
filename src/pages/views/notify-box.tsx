// The waiting page's text-message box: leave a mobile number, see it masked, remove it. The
// no-JavaScript page renders it filled in; the script fills it from the API (src/pages/client/notify.ts).
import type { Lang } from "../../copy/lang";
import { notifyStrings } from "../../copy/notify";
import type { CohortLinks } from "../cohort-facts";
import { Sentence } from "../components";
import type { NotifyAnswer } from "../place-values";

/**
 * One of three parts shows: "available at the opening" (no number in line yet), the form, or
 * "you can close this page; we will text you at 010-****-1234" with a way to remove the number.
 * Nothing shows until the place's answer is known, nor when the cohort offers no messages.
 */
export function NotifyBox({ lang, links, known }: { lang: Lang; links: CohortLinks; known?: NotifyAnswer | undefined }) {
  const text = notifyStrings(lang);
  const part = !known || known.reason === "not_offered" ? null : known.subscribed ? "left" : known.available ? "form" : "at_opening";
  return (
    <section class="card" id="notify" aria-labelledby="notify-heading" hidden={part === null}>
      <h2 id="notify-heading">{text.notifyHeading}</h2>
      <p data-notify="at_opening" hidden={part !== "at_opening"}>
        {text.notifyAtOpening}
      </p>
      <div data-notify="left" hidden={part !== "left"}>
        <p class="lead" role="status">
          <Sentence template={text.notifyLeft} values={{ phone: known?.phone ?? "" }} />
        </p>
        <form method="post" action={links.liveNotify} id="notify-remove">
          <input type="hidden" name="action" value="remove" />
          <button type="submit" class="secondary">
            {text.notifyRemove}
          </button>
        </form>
      </div>
      <form data-notify="form" method="post" action={links.liveNotify} id="notify-form" hidden={part !== "form"} novalidate>
        <p>{text.notifyIntro}</p>
        <label for="notify-phone">{text.notifyPhoneLabel}</label>
        <p class="muted" id="notify-phone-hint">
          {text.notifyPhoneHint}
        </p>
        <input
          id="notify-phone"
          name="phone"
          type="tel"
          inputmode="tel"
          autocomplete="tel-national"
          maxlength={20}
          required
          aria-describedby="notify-phone-hint notify-error"
        />
        <p class="message error" id="notify-error" data-v="notifyError" hidden></p>
        <label>
          <input type="checkbox" name="seatsBack" value="1" checked /> {text.notifySeatsBack}
        </label>
        <button type="submit">{text.notifySubmit}</button>
        <p class="muted">{text.notifyPrivacy}</p>
      </form>
    </section>
  );
}
