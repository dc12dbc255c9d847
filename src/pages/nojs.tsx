import type { Context } from "hono";
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorSentence } from "../copy/error-text";
import { fill, type Lang, langFromQuery, otherLang } from "../copy/lang";
import { strings } from "../copy/pages";
import type { ClinicChoice, VaccineChoice } from "../copy/slot-text";
import { cohortIdSchema } from "../domain/cohort-config";
import type { AppEnv } from "../platform/app-env";
import { publicGate } from "../platform/gates";
import { PERSONAL } from "../platform/http-cache";
import { TURNSTILE_RESPONSE_FIELD } from "../platform/turnstile";
import { apiErrorText } from "./api-errors";
import { cohortFacts, cohortLinks } from "./cohort-facts";
import { loadCohort } from "./cohort-source";
import { Refusal } from "./components";
import type { NotifyAnswer, PlaceAnswer } from "./place-values";
import { notFound, sendPage } from "./render";
import { siteOf } from "./site";
import { DonePage, type KnownBooking } from "./views/done";
import { WaitPage } from "./views/wait";

/** Calls the Worker's own JSON API in-process (the app's `fetch`). */
export type ApiCaller = (request: Request, env: Env, ctx: Context<AppEnv>["executionCtx"] | undefined) => Response | Promise<Response>;

/** The cookie holding a no-JavaScript visitor's ticket, sent only to that cohort's `/live` pages. */
export function liveCookieName(cohortId: string): string {
  return `live_${cohortId}`;
}

/**
 * The cookie holding a no-JavaScript visitor's booking (`<bookingId>:<receipt>`), sent only to that
 * cohort's `/live` pages, so the confirmation is a page that can be reloaded (Post/Redirect/Get).
 */
export function liveBookingCookieName(cohortId: string): string {
  return `live_booking_${cohortId}`;
}

/** How long a no-JavaScript confirmation stays readable on the device (the receipt itself lasts a year). */
const BOOKING_COOKIE_SECONDS = 90 * 24 * 3600;

/** A JSON answer of our own API; each form reads the fields it knows of its route's answer. */
// biome-ignore lint/suspicious/noExplicitAny: the API's answers are typed by their routes, not here
type ApiBody = Record<string, any>;

interface ApiAnswer {
  status: number;
  body: ApiBody | null;
}

/** One call to the JSON API on behalf of the visitor: same client address, so the same limits apply. */
async function callApi(
  c: Context<AppEnv>,
  api: ApiCaller,
  method: string,
  path: string,
  options: { json?: unknown; bearer?: string } = {},
): Promise<ApiAnswer> {
  const headers = new Headers();
  const address = c.req.header("CF-Connecting-IP");
  if (address) headers.set("CF-Connecting-IP", address);
  if (options.bearer) headers.set("Authorization", `Bearer ${options.bearer}`);
  if (options.json !== undefined) headers.set("Content-Type", "application/json");
  const request = new Request(new URL(path, c.req.url), {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  let ctx: Context<AppEnv>["executionCtx"] | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined;
  }
  const response = await api(request, c.env, ctx);
  return { status: response.status, body: (await response.json().catch(() => null)) as ApiBody | null };
}

/** The same no-store page in the other language (`?lang=`); only a GET can be asked again. */
function switchHrefOf(c: Context<AppEnv>, lang: Lang): string | undefined {
  if (c.req.method !== "GET") return undefined;
  return `${new URL(c.req.url).pathname}?lang=${otherLang(lang)}`;
}

/** A refusal page (never cached): the API's sentence (or `message`, said instead) and a way back. */
function refusal(
  c: Context<AppEnv>,
  lang: Lang,
  answer: ApiAnswer,
  back: { href: string; label: string },
  message = apiErrorText(answer.body, lang, errorSentence("unavailable", lang)),
) {
  const text = strings(lang);
  const status = (answer.status >= 400 && answer.status < 600 ? answer.status : 503) as ContentfulStatusCode;
  return sendPage(
    c,
    {
      lang,
      title: text.problemTitle,
      page: "refusal",
      switchHref: switchHrefOf(c, lang),
      children: <Refusal heading={text.problemTitle} message={message} backHref={back.href} backLabel={back.label} />,
    },
    { status, cache: PERSONAL },
  );
}

/** A cookie only this cohort's `/live` pages receive, out of reach of scripts and other sites. */
function setLiveCookie(c: Context<AppEnv>, cohortId: string, name: string, value: string, maxAge: number): void {
  setCookie(c, name, value, { httpOnly: true, secure: true, sameSite: "Strict", path: `/cohorts/${cohortId}/live`, maxAge });
}

function saveTicket(c: Context<AppEnv>, cohortId: string, ticket: string): void {
  setLiveCookie(c, cohortId, liveCookieName(cohortId), ticket, 7 * 24 * 3600);
}

/** The booking id and receipt kept by {@link liveBookingCookieName}, if any. */
function savedBooking(c: Context<AppEnv>, cohortId: string): { bookingId: string; receipt: string } | null {
  const value = getCookie(c, liveBookingCookieName(cohortId));
  const split = value?.indexOf(":") ?? -1;
  if (!value || split <= 0) return null;
  return { bookingId: value.slice(0, split), receipt: value.slice(split + 1) };
}

/** The language and the configured cohort a `live` request is about; null for a cohort nobody configured. */
async function liveCohort(c: Context<AppEnv>) {
  const lang = langFromQuery(c.req.query("lang"));
  const cohortId = cohortIdSchema.safeParse(c.req.param("cohortId"));
  const config = cohortId.success ? (await loadCohort(c.env, cohortId.data))?.config : undefined;
  return { lang, config, links: config ? cohortLinks(lang, config.id) : undefined };
}

function formText(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  return typeof value === "string" ? value : "";
}

/**
 * Waiting and booking without JavaScript: a form posts the national ID, the ticket goes into a
 * cookie scoped to these pages, and the place page refreshes itself (meta refresh) at the API's
 * `pollAfterSeconds`. Personal, so never cached; the cached pages stay free of personal data.
 * Every step goes through the JSON API, so the same gates and rules apply.
 */
export function noJsRoutes(api: ApiCaller) {
  return new Hono<AppEnv>()
    .post("/cohorts/:cohortId/live", publicGate, async (c) => {
      const lang = langFromQuery(c.req.query("lang"));
      const cohortId = cohortIdSchema.safeParse(c.req.param("cohortId"));
      if (!cohortId.success) return notFound(c, lang);
      const links = cohortLinks(lang, cohortId.data);
      const form = await c.req.parseBody();
      // Turnstile's widget puts its token in the form when it could run (its script did, the page's did not).
      const turnstileToken = formText(form, TURNSTILE_RESPONSE_FIELD);
      const json = { nationalId: formText(form, "nationalId"), ...(turnstileToken ? { turnstileToken } : {}) };
      const joined = await callApi(c, api, "POST", `/api/v1/cohorts/${cohortId.data}/queue`, { json });
      if (joined.status !== 200 || typeof joined.body?.ticket !== "string") {
        // Without JavaScript there is no check to complete: say so plainly, and where else to book.
        const noCheck = !turnstileToken && joined.body?.error?.code === "turnstile_required" ? strings(lang).turnstileNeedsJs : undefined;
        return refusal(c, lang, joined, { href: `${links.cohort}#join`, label: strings(lang).rejoin }, noCheck);
      }
      saveTicket(c, cohortId.data, joined.body.ticket);
      c.header("Cache-Control", PERSONAL);
      return c.redirect(links.live, 303);
    })
    .get("/cohorts/:cohortId/live", publicGate, async (c) => {
      const { lang, config, links } = await liveCohort(c);
      if (!config || !links) return notFound(c, lang);
      const back = { href: `${links.cohort}#join`, label: strings(lang).rejoin };
      const ticket = getCookie(c, liveCookieName(config.id));
      if (!ticket)
        return refusal(
          c,
          lang,
          {
            status: 401,
            body: { error: { message: errorSentence("unauthorized", "en"), messageKo: errorSentence("unauthorized", "ko") } },
          },
          back,
        );
      const polled = await callApi(c, api, "GET", `/api/v1/cohorts/${config.id}/queue`, { bearer: ticket });
      if (polled.status !== 200 || !polled.body) return refusal(c, lang, polled, back);
      if (typeof polled.body.ticket === "string") saveTicket(c, config.id, polled.body.ticket);

      const answer = polled.body as PlaceAnswer;
      const moving = answer.state === "prequeue" || answer.state === "waiting" || answer.state === "sold_out";
      const slots = answer.state === "admitted" ? (await callApi(c, api, "GET", `/api/v1/cohorts/${config.id}/slots`)).body : null;
      const waiting = answer.state === "waiting" || answer.state === "sold_out" || answer.state === "prequeue";
      const notify = waiting ? await callApi(c, api, "GET", `/api/v1/cohorts/${config.id}/queue/notify`, { bearer: ticket }) : null;
      const known = {
        answer,
        readAtMs: Date.now(),
        clinics: answer.state === "admitted" ? ((slots?.clinics as ClinicChoice[] | undefined) ?? []) : undefined,
        vaccines: (slots?.vaccines as VaccineChoice[] | undefined) ?? [],
        refreshSeconds: moving ? answer.pollAfterSeconds : undefined,
        notify: notify?.status === 200 ? (notify.body as NotifyAnswer) : undefined,
      };
      const head = moving ? <meta http-equiv="refresh" content={String(answer.pollAfterSeconds)} /> : undefined;
      const children = <WaitPage cohort={cohortFacts(config, lang)} lang={lang} links={links} known={known} />;
      return sendPage(
        c,
        { lang, title: strings(lang).waitTitle, page: "live", head, children, switchHref: switchHrefOf(c, lang) },
        { cache: PERSONAL },
      );
    })
    .post("/cohorts/:cohortId/live/notify", publicGate, async (c) => {
      const { lang, config, links } = await liveCohort(c);
      if (!config || !links) return notFound(c, lang);
      const ticket = getCookie(c, liveCookieName(config.id));
      const form = await c.req.parseBody();
      const path = `/api/v1/cohorts/${config.id}/queue/notify`;
      // Leaving a number, or removing it: the same API and gates as the script's (Post/Redirect/Get).
      const answer =
        formText(form, "action") === "remove"
          ? await callApi(c, api, "DELETE", path, { bearer: ticket })
          : await callApi(c, api, "PUT", path, {
              bearer: ticket,
              json: { phone: formText(form, "phone"), seatsBack: form.seatsBack === "1", lang },
            });
      if (answer.status !== 200) return refusal(c, lang, answer, { href: links.live, label: strings(lang).waitTitle });
      c.header("Cache-Control", PERSONAL);
      return c.redirect(links.live, 303);
    })
    .post("/cohorts/:cohortId/live/booking", publicGate, async (c) => {
      const { lang, config, links } = await liveCohort(c);
      if (!config || !links) return notFound(c, lang);
      const back = { href: links.live, label: strings(lang).waitTitle };
      const ticket = getCookie(c, liveCookieName(config.id));
      const polled = ticket ? await callApi(c, api, "GET", `/api/v1/cohorts/${config.id}/queue`, { bearer: ticket }) : undefined;
      if (polled && polled.status !== 200) return refusal(c, lang, polled, back);
      const grant = typeof polled?.body?.grant === "string" ? polled.body.grant : undefined;
      const form = await c.req.parseBody();
      const body = { nationalId: formText(form, "nationalId"), name: formText(form, "name"), slotId: formText(form, "slotId") };
      // An untouched time list sends no time: refuse it in the page's words rather than guess one.
      if (!body.slotId) return refusal(c, lang, { status: 400, body: null }, back, strings(lang).chooseSlot);
      // Without a grant the API refuses with grant_required: the same answer a direct link gets.
      const booked = await callApi(c, api, "POST", `/api/v1/cohorts/${config.id}/bookings`, { json: body, bearer: grant });
      const booking = booked.body?.booking;
      if ((booked.status !== 200 && booked.status !== 201) || typeof booking?.id !== "string" || typeof booked.body?.receipt !== "string")
        return refusal(c, lang, booked, back);
      // Post/Redirect/Get: reloading the confirmation reads the booking again instead of booking again.
      setLiveCookie(c, config.id, liveBookingCookieName(config.id), `${booking.id}:${booked.body.receipt}`, BOOKING_COOKIE_SECONDS);
      c.header("Cache-Control", PERSONAL);
      return c.redirect(links.liveBooking, 303);
    })
    .get("/cohorts/:cohortId/live/booking", publicGate, async (c) => {
      const { lang, config, links } = await liveCohort(c);
      if (!config || !links) return notFound(c, lang);
      const text = strings(lang);
      const back = { href: links.live, label: text.waitTitle };
      const saved = savedBooking(c, config.id);
      if (!saved)
        return refusal(
          c,
          lang,
          { status: 404, body: null },
          { href: links.cohort, label: text.backHome },
          fill(text.noReceipt, { phone: siteOf(c.env).helpLine }),
        );
      // Read where the booking stands now, with the receipt alone: status and seats, never the name.
      const read = await callApi(c, api, "GET", `/api/v1/bookings/${encodeURIComponent(saved.bookingId)}`, { bearer: saved.receipt });
      if (read.status !== 200 || !read.body?.booking) return refusal(c, lang, read, back);
      const known: KnownBooking = { booking: read.body.booking, receipt: saved.receipt, timeZone: config.timeZone };
      const children = <DonePage cohort={cohortFacts(config, lang)} lang={lang} links={links} known={known} />;
      return sendPage(c, { lang, title: text.manageTitle, page: "done", children, switchHref: switchHrefOf(c, lang) }, { cache: PERSONAL });
    });
}
