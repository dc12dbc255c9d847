// Debian's Chromium driven by playwright-core, and the page screenshots the suite saves.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags from DEVELOPERS.md. Playwright adds a fresh temporary --user-data-dir to every launch. */
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Starts a headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** Phone and desktop widths every page is photographed at. */
export const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

const SCREENSHOTS = path.join(import.meta.dirname, "../../test-results/screenshots");

/**
 * Saves full-page screenshots of a page at phone and desktop width, as
 * test-results/screenshots/<name>-<lang>-<width>.png, and puts the viewport back.
 */
export async function screenshot(page: Page, name: string, lang: "ko" | "en"): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize();
  // From the top, so sticky elements (the booking countdown) sit where a person first sees them.
  await page.evaluate(() => window.scrollTo(0, 0)).catch(() => undefined);
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${lang}-${label}.png`), fullPage: true, animations: "disabled" });
  }
  if (before) await page.setViewportSize(before);
}
