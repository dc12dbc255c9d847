// The Cloudflare Turnstile widget on the join form of cohorts that require it. Implicit rendering
// (developers.cloudflare.com/turnstile/get-started/client-side-rendering/): Cloudflare's script
// renders every `.cf-turnstile` element and puts the token into the form, where the page script
// (client/turnstile.ts) reads it for the join. The markup is the same for everyone, so the page
// stays cacheable; only these pages allow Cloudflare's origin in their Content-Security-Policy.

import type { Lang } from "../copy/lang";
import { strings } from "../copy/pages";
import type { CohortConfig } from "../domain/cohort-config";
import { TURNSTILE_ACTION } from "../platform/turnstile";

/** Where Turnstile's script and its challenge frame come from. */
export const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";
/** Cloudflare's Turnstile script; without `?render=explicit` it renders every `.cf-turnstile` element itself. */
export const TURNSTILE_SCRIPT_URL = `${TURNSTILE_ORIGIN}/turnstile/v0/api.js`;

/**
 * The site key of the widget a cohort's join form shows, or null when joining needs no check. A
 * cohort saved before site keys existed (required, no key) shows none: its page cannot.
 */
export function turnstileSiteKey(config: CohortConfig): string | null {
  return config.turnstile.required && config.turnstile.siteKey ? config.turnstile.siteKey : null;
}

/** Cloudflare's script, loaded in the page's `<head>`. */
export function TurnstileScript() {
  return <script src={TURNSTILE_SCRIPT_URL} async defer />;
}

/** The widget inside the join form, minting tokens for the join action in the page's language. */
export function TurnstileWidget({ siteKey, lang }: { siteKey: string; lang: Lang }) {
  return <div class="cf-turnstile" id="turnstile" data-sitekey={siteKey} data-action={TURNSTILE_ACTION} data-language={lang} />;
}

/** Said only to a browser without JavaScript: the check cannot run there, and the phone line can book. */
export function TurnstileNoScript({ lang }: { lang: Lang }) {
  return (
    <noscript>
      <p class="notice" id="turnstile-needs-js">
        {strings(lang).turnstileNeedsJs}
      </p>
    </noscript>
  );
}
