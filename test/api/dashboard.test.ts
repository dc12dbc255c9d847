import { afterEach, describe, expect, it, vi } from "vitest";
import { axis, niceMax } from "../../src/admin/dashboard/charts";
import { dashboardText } from "../../src/copy/dashboard";
import { formatCompact } from "../../src/copy/format";
import { ADMIN, admissionTick, api, cohortConfig, createCohort, join, nationalIdFor, send, setServerTime } from "../helpers";

afterEach(() => vi.useRealTimers());

const ko = dashboardText("ko");
const en = dashboardText("en");

/** What a person reads in some HTML: its text and the attributes said aloud or shown (scripts left out). */
function readable(html: string): string {
  const withoutScripts = html.replace(/<script[\s\S]*?<\/script>/g, "");
  const attributes = [...withoutScripts.matchAll(/(?:aria-label|placeholder|data-confirm)="([^"]*)"/g)].map((m) => m[1]);
  const text = withoutScripts.replace(/<[^>]*>/g, " ");
  return [text, ...attributes].join(" ").replace(/&amp;/g, "&").replace(/\s+/g, " ");
}

/** The English words in some text, leaving out those that are the same in both languages. */
function englishWords(text: string, sameInBoth: string[]): string[] {
  return (text.match(/[A-Za-z][A-Za-z_-]{2,}/g) ?? []).filter((word) => !sameInBoth.includes(word));
}

/** A cohort with two people waiting and one admitted, held by an operator. */
async function heldCohort(label: string): Promise<string> {
  setServerTime("2021-07-19T11:00:00Z");
  const cohortId = await createCohort(label, cohortConfig("2021-07-19T20:00:00+09:00", { admissionRatePerMinute: 60 }));
  for (let i = 0; i < 3; i++) await join(cohortId, nationalIdFor("1968-08-01", i));
  await admissionTick(cohortId);
  await send("POST", `/admin/v1/cohorts/${cohortId}/controls`, { action: "hold" }, ADMIN);
  return cohortId;
}

describe("the operators' dashboard", () => {
  it("serves a public page shell that carries no cohort data and asks for the token", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("dash-shell", cohortConfig("2021-07-19T20:00:00+09:00"));
    for (const path of ["/admin", "/en/admin"]) {
      const response = await api(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toContain("text/html");
      const html = await response.text();
      expect(html).toContain('id="token"');
      expect(html).not.toContain(cohortId);
      expect(html).not.toContain("1967-01-01");
    }
  });

  it("is in Korean at /admin, with a link to the English page at /en/admin and back", async () => {
    const korean = await (await api("/admin")).text();
    expect(korean).toContain('<html lang="ko">');
    expect(korean).toContain(`<title>${ko.pageTitle} · ${ko.brand}</title>`);
    expect(korean).toContain(`data-confirm="${ko.holdConfirm}"`);
    expect(korean).toContain('<a class="lang" href="/en/admin"');
    expect(englishWords(readable(korean), ["English"])).toEqual([]);

    const english = await (await api("/en/admin")).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain(`${en.tokenLabel} <input id="token"`);
    expect(english).toContain(`data-confirm="${en.holdConfirm}"`);
    expect(english).toContain('<a class="lang" href="/admin"');
    expect(readable(english).replace("한국어", "")).not.toMatch(/[가-힣]/); // the switch names its language in it
  });

  it("hands its script the messages in the page's language", async () => {
    for (const [path, lang, text] of [
      ["/admin", "ko", ko],
      ["/en/admin", "en", en],
    ] as const) {
      const html = await (await api(path)).text();
      const data = JSON.parse(/<script type="application\/json" id="page-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
      expect(data).toEqual({
        lang,
        text: {
          enterToken: text.enterToken,
          tokenRefused: text.tokenRefused,
          noCohorts: text.noCohorts,
          statsUnavailable: text.statsUnavailable,
        },
      });
    }
  });

  it("fetches a panel of figures and SVG charts only with the admin token, in English with ?lang=en", async () => {
    const cohortId = await heldCohort("dash-panel");
    expect((await api(`/admin/v1/cohorts/${cohortId}/stats/panel?lang=en`)).status).toBe(401);
    const response = await api(`/admin/v1/cohorts/${cohortId}/stats/panel?lang=en`, { headers: ADMIN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('lang="en"');
    expect(html).toContain("HELD (emergency stop)");
    expect(html.match(/<svg/g)).toHaveLength(5);
    expect(html).toMatch(/<div class="label">waiting<\/div><div class="value">2<\/div>/);
    expect(html).toContain("People waiting");
    expect(readable(html)).not.toMatch(/[가-힣]/);
  });

  it("renders the panel in Korean by default, every label and sentence from the copy", async () => {
    const cohortId = await heldCohort("dash-panel-ko");
    const html = await (await api(`/admin/v1/cohorts/${cohortId}/stats/panel`, { headers: ADMIN })).text();
    expect(html).toContain('lang="ko"');
    expect(html).toMatch(new RegExp(`${cohortId}: ${ko.phase_paused} · 켜진 스위치: ${ko.switchHeld} · 2021-07-19 11:00:\\d\\d UTC 기준`));
    expect(html).toMatch(new RegExp(`<div class="label">${ko.waiting}</div><div class="value">2</div>`));
    expect(html).toContain(`aria-label="${ko.chartWaiting}"`);
    expect(html).toContain(ko.chartRefusals);
    // Only the cohort's id and the names of a time zone and a percentile are the same in both languages.
    expect(englishWords(readable(html).replace(cohortId, ""), ["UTC", "p95"])).toEqual([]);
  });

  it("refuses a panel in a language it does not have", async () => {
    const cohortId = await heldCohort("dash-panel-fr");
    expect((await api(`/admin/v1/cohorts/${cohortId}/stats/panel?lang=fr`, { headers: ADMIN })).status).toBe(400);
  });

  it("writes chart axes short, in each language's own units", () => {
    expect([0, 0.5, 20, 1500, 15_000, 2_000_000].map((n) => formatCompact(n, "en"))).toEqual(["0", "0.5", "20", "1.5K", "15K", "2M"]);
    expect([0, 0.5, 20, 1500, 15_000, 2_000_000].map((n) => formatCompact(n, "ko"))).toEqual(["0", "0.5", "20", "1.5천", "1.5만", "200만"]);
  });

  it("scales chart axes to round steps", () => {
    expect([0, 0.3, 1, 7, 12, 3000, 3001].map(niceMax)).toEqual([1, 0.5, 1, 10, 20, 5000, 5000]);
    expect([5, 44, 500, 0].map(axis)).toEqual([
      { step: 2, top: 6 },
      { step: 20, top: 60 },
      { step: 200, top: 600 },
      { step: 1, top: 1 },
    ]);
  });
});
