// The Chromium that the global setup chose (chromium.ts), driven by playwright-core, and the page
// screenshots the suite saves.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { auditPage, markNoJavaScript } from "./audit";
import { browserEnv, FLAGS } from "./chromium";
import { seedClinics } from "./seed";

/** Starts a headless Chromium: the one the global setup chose, with its font config. */
export function launchChromium(): Promise<Browser> {
  const { executablePath, fontconfigFile } = inject("browser");
  return chromium.launch({ executablePath, env: browserEnv(fontconfigFile), args: FLAGS, headless: true });
}

/** Phone and desktop widths every page is photographed at. */
export const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

const SCREENSHOTS = path.join(import.meta.dirname, "../../test-results/screenshots");

/**
 * Checks a page state (axe-core finds no violation, one visible main heading: audit.ts), then
 * saves full-page screenshots of it at phone and desktop width, as
 * test-results/screenshots/<name>-<lang>-<width>.png, and puts the viewport back. `audit: false`
 * only for the operators' dashboard, which is not a citizen page.
 */
export async function screenshot(page: Page, name: string, lang: "ko" | "en", options: { audit?: boolean } = {}): Promise<void> {
  if (options.audit !== false) await auditPage(page, `${name}-${lang}`);
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

/** Devices opened by this test process; with the process id it makes each device's address (test files run in parallel). */
let deviceCount = 0;

/**
 * The browser contexts of a test file, each page watched for script errors and resources the
 * Content-Security-Policy refuses. `closeAll()` (after each test) closes them and returns what
 * went wrong; an HTTP refusal a page shows (e.g. 401) is expected and not counted.
 */
export function watchedContexts(browser: () => Browser) {
  const contexts: BrowserContext[] = [];
  let errors: string[] = [];
  const watch = (page: Page) => {
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
        errors.push(`${page.url()}: ${message.text()}`);
    });
  };
  return {
    async open(options: BrowserContextOptions): Promise<BrowserContext> {
      // Each context is its own device with its own address, as phones are: the per-address limits
      // (joins, ID checks, public reads) then count one person's requests, not the whole suite's.
      deviceCount += 1;
      const device = (process.pid * 1000 + deviceCount) % 62_500;
      const address = `198.18.${Math.floor(device / 250)}.${(device % 250) + 1}`;
      const headers = { ...options.extraHTTPHeaders, "CF-Connecting-IP": address };
      const context = await browser().newContext({ ...options, extraHTTPHeaders: headers });
      if (options.javaScriptEnabled === false) markNoJavaScript(context);
      contexts.push(context);
      context.on("page", watch);
      return context;
    },
    async closeAll(): Promise<string[]> {
      const found = errors;
      errors = [];
      await Promise.all(contexts.splice(0).map((context) => context.close()));
      return found;
    },
  };
}

/**
 * The browser of a test file of the citizen pages, against the running service with the demo
 * clinics loaded: one Chromium for the file, every page watched, each test's contexts closed after
 * it (failing it on a script error or a refusal by the Content-Security-Policy).
 */
export function citizenBrowser() {
  const base = inject("baseUrl");
  let browser: Browser;
  const contexts = watchedContexts(() => browser);
  beforeAll(async () => {
    browser = await launchChromium();
    await seedClinics(base);
  });
  afterEach(async () => {
    expect(await contexts.closeAll()).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return { base, contexts };
}
