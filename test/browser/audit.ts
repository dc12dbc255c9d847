// Accessibility checks of a page state in Chromium: axe-core (from node_modules) finds no
// violation, and the page has exactly one visible main heading. Run wherever a test takes a
// screenshot (browser.ts), so every page state the suite reaches is checked.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** One axe finding, as a test failure lists it. */
interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; summary: string }>;
}

const noJavaScript = new WeakSet<BrowserContext>();

/** Marks a context whose pages run without JavaScript (axe is then let in for the check only). */
export function markNoJavaScript(context: BrowserContext): void {
  noJavaScript.add(context);
}

/**
 * Runs a check on what a page opened without JavaScript shows. Turning script execution back on
 * under such a page hangs Playwright, so the check runs on a copy: the same HTML, served at the
 * same address to a scripted page in the same browser, with the page's own scripts removed and
 * its `<noscript>` content shown as the person saw it (styles and images load from the service).
 */
async function withScripts<T>(page: Page, run: (target: Page) => Promise<T>): Promise<T> {
  if (!noJavaScript.has(page.context())) return run(page);
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<noscript>/gi, '<div data-was="noscript">')
    .replace(/<\/noscript>/gi, "</div>");
  const browser = page.context().browser()!;
  const copy = await browser.newContext({ viewport: page.viewportSize() ?? undefined, javaScriptEnabled: true });
  try {
    const url = page.url();
    await copy.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
    const target = await copy.newPage();
    await target.goto(url);
    return await run(target);
  } finally {
    await copy.close();
  }
}

/**
 * Runs axe-core in the page. The pages' Content-Security-Policy (`script-src 'self'`) refuses
 * injected script tags, so the source is evaluated through the DevTools protocol, which the
 * policy does not govern; the page itself is untouched.
 */
export async function axeFindings(page: Page): Promise<Finding[]> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    // The no-JavaScript place page refreshes itself (meta refresh) on purpose: without a script
    // it is the only way that page can learn of the person's turn. Every other rule applies.
    const result = await axe.run(document, { resultTypes: ["violations"], rules: { "meta-refresh": { enabled: false } } });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, summary: n.failureSummary })),
    }));
  });
}

/** Runs a check again when the page navigated under it (a no-JavaScript page's meta refresh). */
async function settled<T>(page: Page, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= 3 || !String(error).includes("Execution context was destroyed")) throw error;
      await page.waitForLoadState("load");
    }
  }
}

/** The findings as lines a person can read in a test failure. */
export function describeFindings(findings: Finding[]): string[] {
  return findings.flatMap((f) =>
    f.nodes.map((n) => `${f.id} (${f.impact}): ${f.help} at ${n.target.join(" ")}: ${n.summary.replace(/\s+/g, " ")}`),
  );
}

/** The text of every visible `h1` on the page. */
export function visibleMainHeadings(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll("h1"))
      .filter((h) => h.checkVisibility())
      .map((h) => h.textContent?.trim() ?? ""),
  );
}

/**
 * Fails with a readable list when axe finds violations or the page does not have exactly one
 * visible main heading. `state` names the page state in the message.
 */
export async function auditPage(page: Page, state: string): Promise<void> {
  const { findings, headings } = await settled(page, () =>
    withScripts(page, async (target) => ({ findings: await axeFindings(target), headings: await visibleMainHeadings(target) })),
  );
  const problems = describeFindings(findings);
  if (headings.length !== 1) problems.push(`expected exactly one visible h1, found ${headings.length}: ${JSON.stringify(headings)}`);
  if (problems.length > 0) throw new Error(`${state} (${page.url()}):\n  ${problems.join("\n  ")}`);
}
