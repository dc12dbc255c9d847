import type { Child } from "hono/jsx";
import type { Lang } from "../copy/lang";
import { strings } from "../copy/pages";
import type { CohortLinks } from "./cohort-facts";

/**
 * A sentence with `{name}` placeholders rendered as `<b data-v="name">`: filled here when the
 * server knows the value, or later by the browser script, which fills every `[data-v=name]`.
 */
export function Sentence({ template, values = {} }: { template: string; values?: Record<string, string> }) {
  const parts = template.split(/\{(\w+)\}/);
  return <>{parts.map((part, i) => (i % 2 === 0 ? part : <b data-v={part}>{values[part] ?? ""}</b>))}</>;
}

/**
 * A name such as `1967~1968` (with its Korean suffix) with a line-break opportunity after each `~` and `-`: Korean text
 * is set with `word-break: keep-all`, so at large text sizes the name would otherwise break inside a word.
 */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[~-])/);
  return (
    <>
      {parts.map((part, i) => (
        <>
          {i > 0 && <wbr />}
          {part}
        </>
      ))}
    </>
  );
}

/** A call to action that looks like a button. */
export function ButtonLink({ href, children, id }: { href: string; children: Child; id?: string }) {
  return (
    <a class="button" href={href} id={id}>
      {children}
    </a>
  );
}

/** A labelled figure in a row of figures (`<dl>` entries). */
export function Figure({ label, name, value = "", big = false }: { label: string; name: string; value?: string; big?: boolean }) {
  return (
    <div class={big ? "figure big" : "figure"}>
      <dt>{label}</dt>
      <dd data-v={name}>{value}</dd>
    </div>
  );
}

/** JSON for the browser script, safe inside a `<script>` element. */
export function PageData({ data }: { data: unknown }) {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return <script type="application/json" id="page-data" dangerouslySetInnerHTML={{ __html: json }} />;
}

/** An error sentence with a way back, for the no-JavaScript pages. */
export function Refusal({
  heading,
  message,
  backHref,
  backLabel,
}: {
  heading: string;
  message: string;
  backHref: string;
  backLabel: string;
}) {
  return (
    <section class="card">
      <h1>{heading}</h1>
      <p class="message error" role="alert">
        {message}
      </p>
      <p>
        <a href={backHref}>{backLabel}</a>
      </p>
    </section>
  );
}

/**
 * The places held on this device (a family queueing for several people on one phone). Filled by
 * the browser script from its storage, and shown only when there is more than one.
 */
export function PlacesNav({ lang, links }: { lang: Lang; links: CohortLinks }) {
  const text = strings(lang);
  return (
    <nav class="card" id="places" aria-labelledby="places-heading" hidden>
      <h2 id="places-heading">{text.placesHeading}</h2>
      <ul class="place-list"></ul>
      <p>
        <a href={`${links.cohort}#join`}>{text.addPerson}</a>
      </p>
    </nav>
  );
}

/**
 * The list of a form's problems at its top, each a link to its field (the GOV.UK and Korea Design
 * System pattern). Filled and focused by the browser script on a failed submit (client/dom.ts).
 */
export function ErrorSummary({ lang, id }: { lang: Lang; id: string }) {
  const text = strings(lang);
  return (
    <section class="error-summary" id={id} tabindex={-1} aria-labelledby={`${id}-heading`} data-title-prefix={text.errorTitlePrefix} hidden>
      <h2 id={`${id}-heading`}>{text.errorSummaryHeading}</h2>
      <ul></ul>
    </section>
  );
}

/**
 * The national ID number field, with its hint and the line where the script says what is wrong.
 * Once a number is valid and the field is left, the script masks it on screen (shared screens)
 * and shows the toggle that reveals it; the number itself is what is sent.
 */
export function NationalIdField({ lang, hint }: { lang: Lang; hint?: string }) {
  const text = strings(lang);
  return (
    <div class="field">
      <label for="national-id">{text.nationalIdLabel}</label>
      <p class="hint" id="national-id-hint">
        {hint ?? text.nationalIdHint}
      </p>
      <div class="id-row">
        <input
          type="text"
          id="national-id"
          name="nationalId"
          inputmode="numeric"
          autocomplete="off"
          spellcheck={false}
          maxlength={14}
          placeholder="000000-0000000"
          required
          aria-describedby="national-id-hint national-id-message"
        />
        <button type="button" class="secondary id-toggle" id="national-id-toggle" aria-controls="national-id" aria-pressed="false" hidden>
          {text.idShow}
        </button>
      </div>
      <p class="message" id="national-id-message" aria-live="polite"></p>
    </div>
  );
}

/** An optional name for a place, such as "Mother", kept only on this device to tell places apart. */
export function PlaceLabelField({ lang }: { lang: Lang }) {
  const text = strings(lang);
  return (
    <div class="field">
      <label for="place-label">{text.placeLabelLabel}</label>
      <p class="hint" id="place-label-hint">
        {text.placeLabelHint}
      </p>
      <input type="text" id="place-label" autocomplete="off" maxlength={30} aria-describedby="place-label-hint" />
    </div>
  );
}
