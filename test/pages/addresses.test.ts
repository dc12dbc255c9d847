import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cohortConfig, createCohort } from "../helpers";

const HANGUL = /[\uac00-\ud7a3]/;

describe("page addresses as people type them", () => {
  it("a mistyped page address answers a page in the address's language with one heading, not JSON", async () => {
    for (const [path, lang] of [
      ["/cohortz", "ko"],
      ["/cohorts/some-cohort/waiting", "ko"],
      ["/en/cohorts/some-cohort/boook", "en"],
      ["/en/help", "en"],
    ] as const) {
      const response = await SELF.fetch(`https://example.com${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("Content-Type"), path).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html, path).toContain(`<html lang="${lang}"`);
      expect(html.match(/<h1[\s>]/g)?.length, path).toBe(1);
      if (lang === "en") expect(html.match(/<h1>([^<]*)</)?.[1], path).not.toMatch(HANGUL);
    }
  });

  it("the API keeps answering unknown paths in its JSON envelope", async () => {
    for (const path of ["/api/v1/nothing", "/admin/v1/nothing", "/agent/v1/nothing"]) {
      const response = await SELF.fetch(`https://example.com${path}`);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code, path).toBe("not_found");
    }
  });

  it("a trailing slash leads to the page without it", async () => {
    const cohortId = await createCohort("slash", cohortConfig(new Date(Date.now() + 3600_000).toISOString()));
    for (const [path, to] of [
      ["/en/", "/en"],
      [`/cohorts/${cohortId}/`, `/cohorts/${cohortId}`],
      [`/en/cohorts/${cohortId}/wait/`, `/en/cohorts/${cohortId}/wait`],
    ]) {
      const response = await SELF.fetch(`https://example.com${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(301);
      expect(new URL(response.headers.get("Location")!).pathname, path).toBe(to);
      expect((await SELF.fetch(`https://example.com${to}`)).status, to).toBe(200);
    }
  });
});
