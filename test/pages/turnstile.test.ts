import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ERROR_TEXT } from "../../src/copy/errors";
import { strings } from "../../src/copy/pages";
import { CONTENT_SECURITY_POLICY, TURNSTILE_CONTENT_SECURITY_POLICY } from "../../src/pages/render";
import { PAGE_CACHE, PERSONAL } from "../../src/platform/http-cache";
import { cohortConfigKey } from "../../src/queue/edge/listing";
import { joinWithToken, mockSiteverify } from "../adversarial/helpers";
import { cohortConfig, createCohort, nationalIdFor, setServerTime } from "../helpers";
import { cohortPagePaths, fetchPage, formPost, pageData } from "./helpers";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const OPENING = "2021-07-19T20:00:00+09:00";
/** A site key as the Cloudflare dashboard hands them out. */
const SITE_KEY = "0x4AAAAAAABkMYinukE8nzYS";
const SCRIPT = '<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async="" defer=""></script>';

async function turnstileCohort(label: string) {
  setServerTime("2021-07-19T11:00:00Z");
  return createCohort(label, cohortConfig(OPENING, { turnstile: { required: true, siteKey: SITE_KEY } }));
}

/** The policy's directives by name. */
function directives(policy: string | null): Record<string, string> {
  return Object.fromEntries((policy ?? "").split("; ").map((d) => [d.split(" ")[0]!, d.slice(d.indexOf(" ") + 1)]));
}

/** The join form of a cohort page. */
function joinForm(html: string): string {
  return /<form id="join-form".*?<\/form>/s.exec(html)?.[0] ?? "";
}

describe("the Turnstile widget on the cohort page", () => {
  it("the page of a cohort that requires Turnstile carries the widget with its site key and the join action, and a policy letting Cloudflare's script and frame in", async () => {
    const cohortId = await turnstileCohort("ts-page");
    for (const [path, lang] of [
      [`/cohorts/${cohortId}`, "ko"],
      [`/en/cohorts/${cohortId}`, "en"],
    ] as const) {
      const { response, html } = await fetchPage(path);
      expect(response.status, path).toBe(200);
      expect(joinForm(html), path).toContain(
        `<div class="cf-turnstile" id="turnstile" data-sitekey="${SITE_KEY}" data-action="join" data-language="${lang}"></div>`,
      );
      expect(html.split("</head>")[0], path).toContain(SCRIPT);
      expect(pageData(html).errors.turnstile_required, path).toBe(ERROR_TEXT.turnstile_required[lang]);

      const policy = response.headers.get("Content-Security-Policy");
      expect(policy, path).toBe(TURNSTILE_CONTENT_SECURITY_POLICY);
      const d = directives(policy);
      expect(d["script-src"]).toBe("'self' https://challenges.cloudflare.com");
      expect(d["frame-src"]).toBe("https://challenges.cloudflare.com");
      // Everything else as strict as on every other page.
      expect({ ...d, "script-src": "'self'", "frame-src": undefined }).toEqual({
        ...directives(CONTENT_SECURITY_POLICY),
        "frame-src": undefined,
      });

      // The widget is the same for everyone: the page stays cacheable by any edge.
      expect(response.headers.get("Cache-Control"), path).toBe(PAGE_CACHE);
      expect(response.headers.has("Set-Cookie"), path).toBe(false);
    }
  });

  it("the cohort's other pages, and every page of a cohort without Turnstile, keep the strict policy and load nothing from Cloudflare", async () => {
    const withCheck = await turnstileCohort("ts-others");
    const without = await createCohort("ts-none", cohortConfig(OPENING));
    const joinPages = new Set([`/cohorts/${withCheck}`, `/en/cohorts/${withCheck}`]);
    const paths = [...cohortPagePaths(withCheck).filter((path) => !joinPages.has(path)), ...cohortPagePaths(without)];
    expect(paths).toContain(`/cohorts/${without}`);
    for (const path of paths) {
      const { response, html } = await fetchPage(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("Content-Security-Policy"), path).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).not.toContain("challenges.cloudflare.com");
      expect(html, path).not.toContain("challenges.cloudflare.com");
      expect(html, path).not.toContain("cf-turnstile");
      expect(html, path).not.toContain(strings("en").turnstileNeedsJs);
      expect(html, path).not.toContain(strings("ko").turnstileNeedsJs);
    }
  });

  it("a Turnstile cohort saved before site keys existed still has its page, without a widget or a loosened policy", async () => {
    const cohortId = await createCohort("ts-legacy", cohortConfig(OPENING));
    const stored = (await env.COHORT_CONFIG.get(cohortConfigKey(cohortId), "json")) as Record<string, unknown>;
    await env.COHORT_CONFIG.put(cohortConfigKey(cohortId), JSON.stringify({ ...stored, turnstile: { required: true } }));
    const { response, html } = await fetchPage(`/cohorts/${cohortId}`);
    expect(response.status).toBe(200);
    expect(html).toContain('id="join-form"');
    expect(html).not.toContain("cf-turnstile");
    expect(response.headers.get("Content-Security-Policy")).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe("Turnstile without JavaScript", () => {
  it("the page of a Turnstile cohort tells a browser without JavaScript that the check needs it, and where else to book, in both languages", async () => {
    const cohortId = await turnstileCohort("ts-noscript");
    for (const [path, lang] of [
      [`/cohorts/${cohortId}`, "ko"],
      [`/en/cohorts/${cohortId}`, "en"],
    ] as const) {
      const { html } = await fetchPage(path);
      const notice = /<noscript><p class="notice" id="turnstile-needs-js">(.*?)<\/p><\/noscript>/.exec(html);
      expect(notice?.[1], path).toBe(strings(lang).turnstileNeedsJs);
    }
    expect(strings("ko").turnstileNeedsJs).toMatch(/자바스크립트.*전화 예약/);
    expect(strings("en").turnstileNeedsJs).toMatch(/JavaScript.*by phone/);
  });

  it("the no-JavaScript join of a Turnstile cohort answers with that plain sentence, not the check's, and creates no place", async () => {
    const cohortId = await turnstileCohort("ts-nojs");
    const refused = await formPost(`/cohorts/${cohortId}/live?lang=en`, { nationalId: nationalIdFor("1967-05-05", 1) });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("Cache-Control")).toBe(PERSONAL);
    expect(refused.headers.has("Set-Cookie")).toBe(false);
    const html = await refused.text();
    expect(html).toContain(strings("en").turnstileNeedsJs);
    expect(html).not.toContain(ERROR_TEXT.turnstile_required.en);
    expect(await formPost(`/cohorts/${cohortId}/live`, { nationalId: nationalIdFor("1967-05-05", 2) }).then((r) => r.text())).toContain(
      strings("ko").turnstileNeedsJs,
    );

    // Nothing was queued: the first verified join is first in line.
    mockSiteverify({ success: true, hostname: "vaccine.test", action: "join" });
    const first = await joinWithToken(cohortId, nationalIdFor("1967-05-05", 3), "token-ok");
    expect(first.body.position).toBe(1);
  });

  it("a form posted with the widget's token (its script ran, the page's did not) joins with that token", async () => {
    const cohortId = await turnstileCohort("ts-nojs-token");
    const calls = mockSiteverify({ success: true, hostname: "vaccine.test", action: "join" });
    const joined = await formPost(`/cohorts/${cohortId}/live`, {
      nationalId: nationalIdFor("1967-06-06", 1),
      "cf-turnstile-response": "widget-token",
    });
    expect(joined.status).toBe(303);
    expect(joined.headers.get("Location")).toBe(`/cohorts/${cohortId}/live`);
    expect(calls.map((call) => call.form.get("response"))).toEqual(["widget-token"]);
  });

  it("a rejected widget token is answered with the check's own sentence, since the check did run", async () => {
    const cohortId = await turnstileCohort("ts-nojs-rejected");
    mockSiteverify({ success: false, "error-codes": ["timeout-or-duplicate"] });
    const refused = await formPost(`/cohorts/${cohortId}/live?lang=en`, {
      nationalId: nationalIdFor("1967-06-07", 1),
      "cf-turnstile-response": "spent-token",
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain(strings("en").turnstileNeedsJs);
  });
});
