// The Turnstile widget of a cohort that requires the check, in a real Chromium. Offline, Cloudflare's
// script cannot load: the browser is handed a stand-in for it at the same address, so the page's
// own script, its Content-Security-Policy and the join are what is tested. Whether a token is
// accepted is the server's business (test/adversarial/turnstile.test.ts).
import type { Browser, Page, Route } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, screenshot, WIDTHS, watchedContexts } from "./browser";
import { seedCohort } from "./seed";

const base = inject("baseUrl");
const SITE_KEY = "1x00000000000000000000AA";
const TURNSTILE = "https://challenges.cloudflare.com";
/** What the API answers when the check did not pass, in Korean. */
const CHECK_REFUSED_KO = "간단한 사람 확인을 완료한 뒤 다시 시도해 주세요.";

/**
 * Stands in for Cloudflare's api.js: like the real one it renders each `.cf-turnstile` element
 * (here a box and a challenge frame from Cloudflare's origin) and keeps the token in a hidden
 * `cf-turnstile-response` field, which `turnstileStub.solve()` fills; `turnstile.reset()` clears it.
 */
const STAND_IN = `(() => {
  const fields = [];
  const stub = (window.turnstileStub = { rendered: [], resets: 0, solved: 0 });
  stub.solve = () => { stub.solved += 1; for (const field of fields) field.value = "stub-token-" + stub.solved; };
  window.turnstile = { reset: () => { stub.resets += 1; for (const field of fields) field.value = ""; } };
  const render = () => {
    for (const element of document.querySelectorAll(".cf-turnstile")) {
      stub.rendered.push({ sitekey: element.dataset.sitekey, action: element.dataset.action, language: element.dataset.language });
      const frame = document.createElement("iframe");
      frame.src = "${TURNSTILE}/turnstile/stand-in-frame";
      frame.title = "Turnstile";
      frame.style.cssText = "width:300px;height:65px;border:1px solid #bbb;display:block";
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = "cf-turnstile-response";
      fields.push(field);
      element.append(frame, field);
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render);
  else render();
})();`;

let browser: Browser;
/** Every page of a test, watched for script errors and refusals by the Content-Security-Policy (a blocked script or frame among them). */
const contexts = watchedContexts(() => browser);

beforeAll(async () => {
  browser = await launchChromium();
});
afterEach(async () => {
  expect(await contexts.closeAll()).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
});

/** A phone-sized page whose requests to Cloudflare's origin get the stand-in; `cloudflare` lists them. */
async function newPage(javaScript = true) {
  const context = await contexts.open({ viewport: WIDTHS.phone, javaScriptEnabled: javaScript, locale: "ko-KR" });
  const cloudflare: string[] = [];
  await context.route(`${TURNSTILE}/**`, (route: Route) => {
    cloudflare.push(route.request().url());
    const script = route.request().url().endsWith("/api.js");
    return route.fulfill({ contentType: script ? "text/javascript" : "text/html", body: script ? STAND_IN : "<p>Turnstile stand-in</p>" });
  });
  return { page: await context.newPage(), cloudflare };
}

/** Records each join's JSON body and answers as the API does when Cloudflare refused the token. */
async function refuseJoins(page: Page, cohortId: string): Promise<Array<Record<string, unknown>>> {
  const bodies: Array<Record<string, unknown>> = [];
  await page.route(`${base}/api/v1/cohorts/${cohortId}/queue`, (route) => {
    bodies.push(route.request().postDataJSON());
    const error = {
      code: "turnstile_required",
      message: "Please complete the short human check, then join again.",
      messageKo: CHECK_REFUSED_KO,
    };
    return route.fulfill({ status: 403, contentType: "application/json", body: JSON.stringify({ error }) });
  });
  return bodies;
}

const stub = (page: Page) => page.evaluate(() => (window as any).turnstileStub as { rendered: unknown[]; resets: number; solved: number });

describe("Turnstile on the cohort page in Chromium", () => {
  it("the widget renders with the cohort's site key, and each join sends a fresh token", async () => {
    const cohortId = await seedCohort(base, "turnstile", 3 * 60_000, { turnstile: { required: true, siteKey: SITE_KEY } });
    const { page, cloudflare } = await newPage();
    const joins = await refuseJoins(page, cohortId);
    await page.goto(`${base}/cohorts/${cohortId}`);
    await expect.poll(async () => (await stub(page))?.rendered).toEqual([{ sitekey: SITE_KEY, action: "join", language: "ko" }]);
    await expect.poll(() => page.frameLocator('iframe[title="Turnstile"]').locator("p").textContent()).toBe("Turnstile stand-in"); // frame-src allows it
    expect(cloudflare).toEqual([`${TURNSTILE}/turnstile/v0/api.js`, `${TURNSTILE}/turnstile/stand-in-frame`]);
    expect(await page.locator("#turnstile-needs-js").count()).toBe(0); // the no-JavaScript word stays unsaid

    // Before the check has finished, the page says so and sends nothing.
    await page.getByLabel("주민등록번호").fill("680315-1000001");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await expect.poll(() => page.locator("#join-error").textContent()).toBe(CHECK_REFUSED_KO);
    expect(joins).toEqual([]);
    await screenshot(page, "cohort-turnstile", "ko");

    // With the token: sent with the join; refused (spent), so the widget is asked for a new one.
    await page.evaluate(() => (window as any).turnstileStub.solve());
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await expect.poll(() => joins.length).toBe(1);
    expect(joins[0]).toEqual({ nationalId: "680315-1000001", turnstileToken: "stub-token-1" });
    await expect.poll(async () => (await stub(page)).resets).toBe(1);
    expect(await page.locator("#join-error").textContent()).toBe(CHECK_REFUSED_KO);
    await expect.poll(() => page.getByRole("button", { name: "대기열에 들어가기" }).isEnabled()).toBe(true);

    await page.evaluate(() => (window as any).turnstileStub.solve());
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await expect.poll(() => joins.length).toBe(2);
    expect(joins[1]).toEqual({ nationalId: "680315-1000001", turnstileToken: "stub-token-2" });

    const english = (await newPage()).page;
    await english.goto(`${base}/en/cohorts/${cohortId}`);
    await expect.poll(async () => (await stub(english))?.rendered).toEqual([{ sitekey: SITE_KEY, action: "join", language: "en" }]);
    await screenshot(english, "cohort-turnstile", "en");
  });

  it("a cohort without Turnstile asks Cloudflare for nothing and joins without a token", async () => {
    const cohortId = await seedCohort(base, "no-turnstile", 3 * 60_000);
    const { page, cloudflare } = await newPage();
    const joined = page.waitForRequest(
      (request) => request.url().endsWith(`/api/v1/cohorts/${cohortId}/queue`) && request.method() === "POST",
    );
    await page.goto(`${base}/cohorts/${cohortId}`);
    await page.getByLabel("주민등록번호").fill("680315-1000002");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    expect((await joined).postDataJSON()).toEqual({ nationalId: "680315-1000002" });
    await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/wait`);
    expect(cloudflare).toEqual([]);
  });

  it("without JavaScript the page says the check needs it and where else to book, and so does the join", async () => {
    const cohortId = await seedCohort(base, "turnstile-nojs", 3 * 60_000, { turnstile: { required: true, siteKey: SITE_KEY } });
    const { page, cloudflare } = await newPage(false);
    await page.goto(`${base}/cohorts/${cohortId}`);
    const notice = page.locator("#turnstile-needs-js");
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toMatch(/자바스크립트.*전화 예약/);
    await screenshot(page, "cohort-turnstile-nojs", "ko");
    await page.getByLabel("주민등록번호").fill("680315-1000003");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/live`);
    expect(await page.locator('[role="alert"]').textContent()).toMatch(/자바스크립트.*전화 예약/);
    expect(cloudflare).toEqual([]); // a browser without JavaScript does not even fetch the script
    await screenshot(page, "join-turnstile-nojs", "ko");
  });
});
