import type { Lang } from "../../copy/lang";
import { strings } from "../../copy/pages";
import { Sentence } from "../components";
import { PhoneSentence, useSite } from "../site";

/** What personal data the service handles, where, and for how long (docs/security.md, "Personal data"). */
export function PrivacyPage({ lang }: { lang: Lang }) {
  const text = strings(lang);
  const { operator } = useSite();
  const section = (heading: string, body: string) => (
    <section class="card">
      <h2>{heading}</h2>
      <p>{body}</p>
    </section>
  );
  return (
    <>
      <h1>{text.privacyTitle}</h1>
      <p class="lead">
        <Sentence template={text.privacyIntro} values={{ operator: operator[lang] || text.siteName }} />
      </p>
      {section(text.privacyIdHeading, text.privacyIdText)}
      {section(text.privacyNameHeading, text.privacyNameText)}
      {section(text.privacyDeviceHeading, text.privacyDeviceText)}
      {section(text.privacyAddressHeading, text.privacyAddressText)}
    </>
  );
}

/** How the site is built to be usable, what is known not to be, and whom to call. */
export function AccessibilityPage({ lang }: { lang: Lang }) {
  const text = strings(lang);
  return (
    <>
      <h1>{text.accessibilityTitle}</h1>
      <p class="lead">{text.accessibilityIntro}</p>
      <section class="card">
        <h2>{text.accessibilityKnownHeading}</h2>
        <p>{text.accessibilityKnownText}</p>
        <p>
          <PhoneSentence template={text.accessibilityContact} />
        </p>
      </section>
    </>
  );
}
