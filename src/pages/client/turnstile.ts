// The Turnstile widget in the join form (cohorts that require the check). Cloudflare's script
// renders it and keeps its token in the form; the join reads it from there. Cloudflare redeems a
// token once, so after an attempt that did not take the person to the waiting page the widget is
// asked for a fresh one.
import { TURNSTILE_RESPONSE_FIELD } from "../../platform/turnstile";

/** The part of Cloudflare's `window.turnstile` the page uses. */
interface TurnstileApi {
  reset(widget?: string): void;
}

/** Whether the form carries the widget (the cohort requires the check). */
export function hasWidget(form: HTMLFormElement): boolean {
  return form.querySelector(".cf-turnstile") !== null;
}

/** The widget's token in the form, or null while the check has not finished (or its script did not load). */
export function widgetToken(form: HTMLFormElement): string | null {
  const token = new FormData(form).get(TURNSTILE_RESPONSE_FIELD);
  return typeof token === "string" && token !== "" ? token : null;
}

/** Asks the page's one widget for a fresh token (the last was spent). */
export function renewToken(): void {
  (window as { turnstile?: TurnstileApi }).turnstile?.reset();
}
