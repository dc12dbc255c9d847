// The operators' dashboard in a real Chromium against the running service: the token unlocks the
// figures and charts, the buttons steer the cohort's queue with the operator's name audited, and
// the page speaks Korean at /admin and English at /en/admin.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dashboardText } from "../../src/copy/dashboard";
import { launchChromium, screenshot, WIDTHS } from "./browser";
import { seedCohort, seedPeople } from "./seed";
import { TEST_SECRETS } from "./service";

const base = inject("baseUrl");
const admin = { Authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` };
const ko = dashboardText("ko");
const en = dashboardText("en");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Script errors and refusals by the Content-Security-Policy on the dashboard. */
const pageErrors: string[] = [];

async function dashboard(path = "/admin"): Promise<Page> {
  const page = await (await browser.newContext({ viewport: WIDTHS.desktop })).newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) pageErrors.push(message.text());
  });
  await page.goto(`${base}${path}`);
  return page;
}

/** Saves a picture of one cohort's panel alone, beside the full-page screenshots. */
async function panelScreenshot(page: Page, lang: "ko" | "en"): Promise<void> {
  const folder = path.join(import.meta.dirname, "../../test-results/screenshots");
  mkdirSync(folder, { recursive: true });
  await page.locator(".panel").screenshot({ path: path.join(folder, `admin-panel-${lang}.png`), animations: "disabled" });
}

describe("the operators' dashboard in Chromium", () => {
  it("in Korean, shows nothing without the token, then the cohort's figures and charts, and steers it with audited controls", async () => {
    const cohortId = await seedCohort(base, "dash", 1500);
    await new Promise((resolve) => setTimeout(resolve, 1600)); // the opening passes on the server clock
    await seedPeople(base, cohortId, 5);

    const page = await dashboard();
    await expect.poll(() => page.locator("#message").textContent()).toBe(ko.enterToken);
    expect(await page.locator(".panel").count()).toBe(0);

    await page.fill("#token", "not-the-token");
    await page.click("#use-token");
    await expect.poll(() => page.locator("#message").textContent()).toBe(ko.tokenRefused);

    await page.fill("#token", TEST_SECRETS.ADMIN_TOKEN);
    await page.fill("#operator", "kim");
    await page.dispatchEvent("#operator", "change");
    await page.click("#use-token");
    await page.selectOption("#cohort", cohortId);
    const panel = page.locator(`.panel[data-cohort="${cohortId}"]`);
    await panel.waitFor();
    await expect.poll(() => panel.locator("svg.chart").count()).toBe(5); // the charts follow the panel
    await expect.poll(() => panel.locator(".status").textContent()).toContain(ko.phase_open);

    await page.fill("#reason", "checking the clinic list");
    await page.click('[data-action="pause"]');
    await expect.poll(() => page.locator(`.panel[data-cohort="${cohortId}"] .status`).textContent()).toContain(ko.phase_paused);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.click('[data-action="hold"]');
    await expect.poll(() => page.locator(`.panel[data-cohort="${cohortId}"] .status`).textContent()).toContain(ko.switchHeld);
    await expect.poll(() => panel.getAttribute("lang")).toBe("ko");
    await screenshot(page, "admin-dashboard", "ko", { audit: false });
    await panelScreenshot(page, "ko");
    // On a phone nothing runs off the side (the token field did, at its desktop size).
    await page.setViewportSize(WIDTHS.phone);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await page.setViewportSize(WIDTHS.desktop);

    // The switch to English keeps the token (this tab's) and the chosen cohort.
    await page.click("a.lang");
    await page.waitForURL(`${base}/en/admin#${cohortId}`);
    const panelEn = page.locator(`.panel[data-cohort="${cohortId}"][lang="en"]`);
    await panelEn.waitFor();
    await expect.poll(() => panelEn.locator(".status").textContent()).toContain(en.switchHeld);
    await expect.poll(() => panelEn.locator("svg.chart").count()).toBe(5);
    expect(await page.locator("#use-token").textContent()).toBe(en.useToken);
    await screenshot(page, "admin-dashboard", "en", { audit: false });
    await panelScreenshot(page, "en");

    const { log } = (await (await fetch(`${base}/admin/v1/cohorts/${cohortId}/controls`, { headers: admin })).json()) as any;
    expect(log.map((e: any) => [e.operator, e.action, e.reason])).toEqual([
      ["kim", "hold", "checking the clinic list"],
      ["kim", "pause", "checking the clinic list"],
    ]);
    expect(pageErrors).toEqual([]);
  });

  it("in English, says what it needs in English", async () => {
    const page = await dashboard("/en/admin");
    await expect.poll(() => page.locator("#message").textContent()).toBe(en.enterToken);
    await page.fill("#token", "not-the-token");
    await page.click("#use-token");
    await expect.poll(() => page.locator("#message").textContent()).toBe(en.tokenRefused);
    expect(pageErrors).toEqual([]);
  });
});
