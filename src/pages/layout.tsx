import type { Child } from "hono/jsx";
import { type Lang, otherLang, pathIn } from "../copy/lang";
import { strings } from "../copy/pages";
import { type AssetName, assetPath } from "./assets";
import { PageData } from "./components";
import { OfficialBanner, PhoneSentence, type Site, SiteContext } from "./site";

/** What every page gives the layout. The operators' dashboard (src/admin/dashboard/) passes their own title, script and data. */
export interface LayoutProps {
  lang: Lang;
  /** The page's own title; the site name is appended. */
  title: string;
  /** Which page this is, for the browser script (`document.body.dataset.page`). */
  page: string;
  /** The same page's path without a language prefix, for the language switch; omit on pages without a twin. */
  path?: string;
  /** The same page in the other language when it has no `/en` twin (the no-store pages take `?lang=`). */
  switchHref?: string;
  /** Scripts to load (deferred); none for a page that needs none. */
  scripts?: AssetName[];
  /** JSON the scripts read from `#page-data`. Never personal data on a cacheable page. */
  data?: unknown;
  /** Extra `<head>` content, e.g. a meta refresh. */
  head?: Child;
  /** Replaces the site name in the header, e.g. for the operator dashboard (no official banner then). */
  brand?: string;
  /** Who runs the service and its help line (deployment-wide, never personal). */
  site?: Site;
  children: Child;
}

/** The frame of every page: official banner, header with the language switch, main content, footer with the help line. */
export function Layout(props: LayoutProps) {
  const { lang, title, page, path, scripts = [], data, head, children } = props;
  const text = strings(lang);
  const other = otherLang(lang);
  const brand = props.brand ?? text.siteName;
  const switchHref = props.switchHref ?? (path !== undefined ? pathIn(other, path) : undefined);
  const site = props.site ?? { operator: { ko: "", en: "" }, helpLine: "" };
  const citizen = props.brand === undefined;
  return (
    <SiteContext.Provider value={site}>
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${brand}`}</title>
          <meta name="theme-color" content="#0a4da2" />
          <meta name="referrer" content="no-referrer" />
          <link rel="icon" type="image/svg+xml" href={assetPath("favicon.svg")} />
          <link rel="stylesheet" href={assetPath("site.css")} />
          {path !== undefined && <link rel="alternate" hreflang={other} href={pathIn(other, path)} />}
          {scripts.map((name) => (
            <script defer src={assetPath(name)} />
          ))}
          {head}
        </head>
        <body data-page={page}>
          <a class="skip" href="#main">
            {text.skipToContent}
          </a>
          <header class="site">
            {citizen && <OfficialBanner lang={lang} />}
            <div class="wrap">
              <a class="brand" href={pathIn(lang, "/")}>
                {brand}
              </a>
              {switchHref !== undefined && (
                <a class="lang" href={switchHref} lang={other} hreflang={other}>
                  {text.switchLang}
                </a>
              )}
            </div>
          </header>
          <main id="main" class="wrap">
            {children}
          </main>
          <footer class="site">
            <div class="wrap">
              {citizen && site.helpLine && (
                <>
                  <p class="help-line">
                    <strong>
                      <PhoneSentence template={text.helpLine} />
                    </strong>
                  </p>
                  <p>{text.helpLineHours}</p>
                </>
              )}
              <p>{text.footerPrivacy}</p>
              <p>{text.footerPhone}</p>
              {citizen && (
                <ul class="footer-links">
                  <li>
                    <a href={pathIn(lang, "/privacy")}>{text.privacyLink}</a>
                  </li>
                  <li>
                    <a href={pathIn(lang, "/accessibility")}>{text.accessibilityLink}</a>
                  </li>
                </ul>
              )}
              {citizen && site.operator[lang] && <p>{site.operator[lang]}</p>}
            </div>
          </footer>
          {data !== undefined && <PageData data={data} />}
        </body>
      </html>
    </SiteContext.Provider>
  );
}

/** A page as HTML text with its doctype. */
export async function renderPage(element: Child): Promise<string> {
  return `<!DOCTYPE html>${await Promise.resolve(element?.toString() ?? "")}`;
}
