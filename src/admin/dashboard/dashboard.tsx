import { dashboardScriptData, dashboardText } from "../../copy/dashboard";
import type { Lang } from "../../copy/lang";
import { assetPath } from "../../pages/assets";
import { Layout } from "../../pages/layout";

const HEAD = (
  <>
    <link rel="stylesheet" href={assetPath("admin.css")} />
    <meta name="robots" content="noindex" />
  </>
);

/** The path of the dashboard without a language prefix: `/admin` in Korean, `/en/admin` in English. */
export const DASHBOARD_PATH = "/admin";

/**
 * The operators' dashboard in a language, in the site's layout. The page is public and carries no
 * data: its script (client/admin.ts) asks for the admin token, then fetches the chosen cohort's
 * stats panel in the page's language every five seconds, and sends live controls with the
 * operator's name.
 */
export function Dashboard({ lang }: { lang: Lang }) {
  const text = dashboardText(lang);
  return (
    <Layout
      lang={lang}
      title={text.pageTitle}
      page="admin"
      path={DASHBOARD_PATH}
      brand={text.brand}
      scripts={["admin.js"]}
      data={dashboardScriptData(lang)}
      head={HEAD}
    >
      <div class="toolbar">
        <label>
          {text.tokenLabel} <input id="token" type="password" autocomplete="off" size={22} />
        </label>
        <button id="use-token" type="button" class="primary">
          {text.useToken}
        </button>
        <label>
          {text.operatorLabel} <input id="operator" size={12} />
        </label>
        <label>
          {text.cohortLabel} <select id="cohort" />
        </label>
      </div>
      <p id="message" role="status" />
      <div class="controls">
        <button type="button" data-action="pause">
          {text.pause}
        </button>
        <button type="button" data-action="resume">
          {text.resume}
        </button>
        <button type="button" class="danger" data-action="hold" data-confirm={text.holdConfirm}>
          {text.hold}
        </button>
        <button type="button" data-action="release">
          {text.release}
        </button>
        <button type="button" class="danger" data-action="close" data-confirm={text.closeConfirm}>
          {text.closeEarly}
        </button>
        <button type="button" data-action="reopen">
          {text.reopen}
        </button>
        <button type="button" data-action="adaptive_off">
          {text.adaptiveOff}
        </button>
        <button type="button" data-action="adaptive_on">
          {text.adaptiveOn}
        </button>
        <input id="rate" inputmode="numeric" placeholder={text.ratePlaceholder} aria-label={text.rateLabel} />
        <button id="set-rate" type="button">
          {text.setRate}
        </button>
        <input id="cap" inputmode="numeric" placeholder={text.capPlaceholder} aria-label={text.capLabel} />
        <button id="set-cap" type="button">
          {text.setCap}
        </button>
        <input id="reason" placeholder={text.reasonPlaceholder} aria-label={text.reasonLabel} />
      </div>
      <div id="panel" />
    </Layout>
  );
}
