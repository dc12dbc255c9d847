import { afterEach, describe, expect, it, vi } from "vitest";
import { api, cohortConfig, createCohort, setServerTime } from "../helpers";
import { assetUrls, fetchPage, gzipSize } from "./helpers";

afterEach(() => vi.useRealTimers());

/**
 * The waiting page (HTML, style sheet and script together, gzip-compressed as the edge sends them)
 * must fit in 14 KB: about what a new connection delivers in its first round trip (ten TCP
 * segments), so a slow phone has the whole page after one round trip per file.
 */
const WAITING_PAGE_BUDGET_BYTES = 14 * 1024;

describe("the waiting page is small enough for a slow phone", () => {
  it("HTML, CSS and JavaScript of the waiting page together stay within 14 KB compressed, in both languages", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("budget", cohortConfig("2021-07-19T20:00:00+09:00"));
    for (const path of [`/cohorts/${cohortId}/wait`, `/en/cohorts/${cohortId}/wait`]) {
      const { html } = await fetchPage(path);
      const assets = assetUrls(html);
      expect(assets).toHaveLength(2); // the style sheet and the one script: nothing else to fetch
      const sizes = [await gzipSize(html)];
      for (const url of assets) sizes.push(await gzipSize(await (await api(url)).text()));
      const total = sizes.reduce((a, b) => a + b, 0);
      expect(total, `${path}: ${sizes.join(" + ")} = ${total} bytes`).toBeLessThanOrEqual(WAITING_PAGE_BUDGET_BYTES);
    }
  });

  it("the waiting page's script uses no framework and loads nothing else", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("budget-script", cohortConfig("2021-07-19T20:00:00+09:00"));
    const { html } = await fetchPage(`/cohorts/${cohortId}/wait`);
    const script = await (await api(assetUrls(html).find((url) => url.endsWith(".js"))!)).text();
    expect(script).not.toMatch(/\bimport\(|importScripts|createElement\("script"\)/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // no third-party origin at all
  });
});
