import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Lang } from "../copy/lang";
import { strings } from "../copy/pages";
import type { AppEnv } from "../platform/app-env";
import { SHORT_CACHE } from "../platform/http-cache";
import { Layout, type LayoutProps, renderPage } from "./layout";
import { siteOf } from "./site";
import { TURNSTILE_ORIGIN } from "./turnstile";
import { NotFoundPage } from "./views/home";

/** A page's policy; `widgetOrigin` may also run scripts and frames (Cloudflare's, for Turnstile). */
function contentSecurityPolicy(widgetOrigin?: string): string {
  return [
    "default-src 'none'",
    widgetOrigin ? `script-src 'self' ${widgetOrigin}` : "script-src 'self'",
    ...(widgetOrigin ? [`frame-src ${widgetOrigin}`] : []),
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Only this origin's own files run or load: an injected script could not read the tickets and
 * receipts the pages keep in storage, nor send them anywhere. The `#page-data` JSON is not run.
 */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The join page of a cohort that requires Turnstile: the same, plus Cloudflare's script and its
 * challenge frame (the two additions Cloudflare documents). Every other page keeps the strict one.
 */
export const TURNSTILE_CONTENT_SECURITY_POLICY = contentSecurityPolicy(TURNSTILE_ORIGIN);

/** Renders a page with its cache policy (and the strict Content-Security-Policy unless told otherwise). */
export async function sendPage(
  c: Context<AppEnv>,
  props: LayoutProps,
  options: { status?: ContentfulStatusCode; cache: string; csp?: string },
) {
  c.header("Cache-Control", options.cache);
  c.header("Content-Security-Policy", options.csp ?? CONTENT_SECURITY_POLICY);
  c.header("X-Content-Type-Options", "nosniff");
  return c.html(await renderPage(<Layout site={siteOf(c.env)} {...props} />), options.status ?? 200);
}

/** The language of a page path: English under `/en`, Korean elsewhere. */
export function langOfPath(path: string): Lang {
  return path === "/en" || path.startsWith("/en/") ? "en" : "ko";
}

/** The page shown for a cohort that does not exist, or a mistyped page address (cached briefly: it may be configured soon). */
export function notFound(c: Context<AppEnv>, lang: Lang) {
  return sendPage(
    c,
    { lang, title: strings(lang).notFoundTitle, page: "not-found", path: "/", children: <NotFoundPage lang={lang} /> },
    { status: 404, cache: SHORT_CACHE },
  );
}
