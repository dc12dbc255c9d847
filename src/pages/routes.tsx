import type { Context } from "hono";
import { Hono } from "hono";
import { errorSentence, nationalIdProblems } from "../copy/error-text";
import { LANGS, type Lang, pathIn } from "../copy/lang";
import { type Strings, strings } from "../copy/pages";
import { cohortIdSchema } from "../domain/cohort-config";
import { cohortPhase } from "../domain/cohort-phase";
import type { AppEnv } from "../platform/app-env";
import { publicGate } from "../platform/gates";
import { cacheablePage, PAGE_CACHE } from "../platform/http-cache";
import { assetRoutes } from "./assets";
import { CLIENT_TEXT, type ClientData, FIND_TEXT, type FindData, type ScriptedPage } from "./client-data";
import { type CohortLinks, cohortFacts, cohortLinks } from "./cohort-facts";
import { type ListedCohort, listCohorts, loadCohort } from "./cohort-source";
import type { LayoutProps } from "./layout";
import { type ApiCaller, noJsRoutes } from "./nojs";
import { notFound, sendPage, TURNSTILE_CONTENT_SECURITY_POLICY } from "./render";
import { TurnstileScript, turnstileSiteKey } from "./turnstile";
import { AccessibilityPage, PrivacyPage } from "./views/about";
import { BookPage } from "./views/book";
import { CohortPage } from "./views/cohort";
import { DonePage, ManagePage } from "./views/done";
import { FindPage } from "./views/find";
import { HomePage } from "./views/home";
import { WaitPage } from "./views/wait";

/** The data a cohort's scripted page hands its script. */
function clientData<P extends ScriptedPage>(page: P, lang: Lang, config: Parameters<typeof cohortFacts>[0]): ClientData<P> {
  const text = strings(lang);
  const picked = Object.fromEntries(CLIENT_TEXT[page].map((key) => [key, text[key]])) as ClientData<P>["text"];
  return {
    page,
    lang,
    cohort: cohortFacts(config, lang),
    links: cohortLinks(lang, config.id),
    text: picked,
    errors: {
      unavailable: errorSentence("unavailable", lang),
      grant_required: errorSentence("grant_required", lang),
      ...(page === "cohort" ? { turnstile_required: errorSentence("turnstile_required", lang) } : {}),
    },
    idProblems: nationalIdProblems(lang),
  };
}

type CohortView = (args: { c: Context<AppEnv>; lang: Lang } & ListedCohort) => Promise<Response>;

/** A cacheable page of one cohort, in one language. */
function cohortPage(lang: Lang, view: CohortView) {
  return async (c: Context<AppEnv>) => {
    const cohortId = cohortIdSchema.safeParse(c.req.param("cohortId"));
    const listed = cohortId.success ? await loadCohort(c.env, cohortId.data) : null;
    if (!listed) return notFound(c, lang);
    return view({ c, lang, ...listed });
  };
}

/** Without JavaScript, the waiting and booking pages hand over to the place page, which works without. */
const toLivePage = (links: CohortLinks) => (
  <noscript>
    <meta http-equiv="refresh" content={`0; url=${links.live}`} />
  </noscript>
);

/** Without JavaScript, the confirmation hands over to the one the no-JavaScript booking saved on this device. */
const toLiveBooking = (links: CohortLinks) => (
  <noscript>
    <meta http-equiv="refresh" content={`0; url=${links.liveBooking}`} />
  </noscript>
);

/**
 * A scripted cohort page: layout, data for the script, cache policy. The page with the join form
 * (`joinForm`) carries the Turnstile widget when the cohort requires it, and then loads
 * Cloudflare's script under a policy that allows it; no other page does.
 */
function scripted<P extends ScriptedPage>(
  page: P,
  title: (text: Strings, cohortName: string) => string,
  body: (args: Parameters<CohortView>[0]) => LayoutProps["children"],
  options: { scripts?: LayoutProps["scripts"]; head?: (links: CohortLinks) => LayoutProps["head"]; joinForm?: boolean } = {},
): CohortView {
  return async (args) => {
    const { c, lang, config } = args;
    const path = `/cohorts/${config.id}${page === "cohort" ? "" : `/${page}`}`;
    const widget = options.joinForm === true && turnstileSiteKey(config) !== null;
    const props = {
      lang,
      title: title(strings(lang), config.name[lang]),
      page,
      path,
      scripts: options.scripts ?? ["queue.js"],
      head: (
        <>
          {options.head?.(cohortLinks(lang, config.id))}
          {widget && <TurnstileScript />}
        </>
      ),
      data: clientData(page, lang, config),
      children: body(args),
    };
    return sendPage(c, props, { cache: PAGE_CACHE, ...(widget ? { csp: TURNSTILE_CONTENT_SECURITY_POLICY } : {}) });
  };
}

const views = {
  cohort: scripted(
    "cohort",
    (_text, name) => name,
    ({ lang, config, controls }) => {
      // As the listing has it (KV may lag): the script replaces it with the queue object's status.
      const phase = cohortPhase(config, Date.now(), controls);
      return (
        <CohortPage
          cohort={cohortFacts(config, lang)}
          lang={lang}
          phase={phase}
          links={cohortLinks(lang, config.id)}
          turnstileSiteKey={turnstileSiteKey(config)}
        />
      );
    },
    { joinForm: true },
  ),
  wait: scripted(
    "wait",
    (text) => text.waitTitle,
    ({ lang, config }) => <WaitPage cohort={cohortFacts(config, lang)} lang={lang} links={cohortLinks(lang, config.id)} />,
    {
      head: toLivePage,
    },
  ),
  book: scripted(
    "book",
    (text) => text.bookTitle,
    ({ lang, config }) => <BookPage cohort={cohortFacts(config, lang)} lang={lang} links={cohortLinks(lang, config.id)} />,
    {
      scripts: ["booking.js"],
      head: toLivePage,
    },
  ),
  done: scripted(
    "done",
    (text) => text.doneTitle,
    ({ lang, config }) => <DonePage cohort={cohortFacts(config, lang)} lang={lang} links={cohortLinks(lang, config.id)} />,
    {
      scripts: ["booking.js", "qr.js"],
      head: toLiveBooking,
    },
  ),
  manage: scripted(
    "manage",
    (text) => text.manageTitle,
    ({ lang, config }) => <ManagePage cohort={cohortFacts(config, lang)} lang={lang} links={cohortLinks(lang, config.id)} />,
    {
      scripts: ["booking.js", "qr.js"],
    },
  ),
};

/**
 * The citizen pages, Korean at the root and English under `/en`: the same HTML for everyone, so
 * every edge location may cache it. Personal state (place, grant, booking) reaches the browser
 * only from the JSON API. `api` lets the no-JavaScript routes call that API in-process.
 */
export function pageRoutes(api: ApiCaller) {
  const pages = new Hono<AppEnv>().route("/", assetRoutes).route("/", noJsRoutes(api));
  for (const lang of LANGS) {
    pages.get(pathIn(lang, "/"), publicGate, ...cacheablePage, async (c) => {
      const cohorts = await listCohorts(c.env);
      const title = strings(lang).homeTitle;
      return sendPage(
        c,
        { lang, title, page: "home", path: "/", children: <HomePage lang={lang} cohorts={cohorts} nowMs={Date.now()} /> },
        { cache: PAGE_CACHE },
      );
    });
    pages.get(pathIn(lang, "/find"), publicGate, ...cacheablePage, async (c) => {
      const text = strings(lang);
      const data: FindData = {
        page: "find",
        lang,
        text: Object.fromEntries(FIND_TEXT.map((key) => [key, text[key]])) as FindData["text"],
        errors: { unavailable: errorSentence("unavailable", lang) },
        idProblems: nationalIdProblems(lang),
      };
      return sendPage(
        c,
        { lang, title: text.findTitle, page: "find", path: "/find", scripts: ["booking.js"], data, children: <FindPage lang={lang} /> },
        { cache: PAGE_CACHE },
      );
    });
    const about = [
      { path: "/privacy", page: "privacy", title: strings(lang).privacyTitle, view: <PrivacyPage lang={lang} /> },
      { path: "/accessibility", page: "accessibility", title: strings(lang).accessibilityTitle, view: <AccessibilityPage lang={lang} /> },
    ];
    for (const { path, page, title, view } of about) {
      pages.get(pathIn(lang, path), publicGate, ...cacheablePage, (c) =>
        sendPage(c, { lang, title, page, path, children: view }, { cache: PAGE_CACHE }),
      );
    }
    for (const page of ["cohort", "wait", "book", "done", "manage"] as const) {
      const path = page === "cohort" ? "/cohorts/:cohortId" : `/cohorts/:cohortId/${page}`;
      pages.get(pathIn(lang, path), publicGate, ...cacheablePage, cohortPage(lang, views[page]));
    }
  }
  return pages;
}
