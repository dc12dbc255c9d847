import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../http/app-env";
import { SHORT_CACHE } from "./http-cache";
import type { Lang } from "./lang";
import { Layout, renderPage, type LayoutProps } from "./layout";
import { strings } from "./strings";
import { NotFoundPage } from "./views/home";

/**
 * Only this origin's own files run or load: an injected script could not read the tickets and
 * receipts the pages keep in storage, nor send them anywhere. The `#page-data` JSON is not run.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Renders a page with its cache policy. */
export async function sendPage(c: Context<AppEnv>, props: LayoutProps, options: { status?: ContentfulStatusCode; cache: string }) {
  c.header("Cache-Control", options.cache);
  c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  c.header("X-Content-Type-Options", "nosniff");
  return c.html(await renderPage(<Layout {...props} />), options.status ?? 200);
}

/** The page shown for a cohort that does not exist (cached briefly: it may be configured soon). */
export function notFound(c: Context<AppEnv>, lang: Lang) {
  return sendPage(c, { lang, title: strings(lang).notFoundTitle, page: "not-found", path: "/", children: <NotFoundPage lang={lang} /> }, { status: 404, cache: SHORT_CACHE });
}

