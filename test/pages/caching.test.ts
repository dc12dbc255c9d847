import { afterEach, describe, expect, it, vi } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../src/pages/render";
import { ASSET_CACHE, PAGE_CACHE } from "../../src/platform/http-cache";
import { decodeToken } from "../adversarial/helpers";
import { api, cohortConfig, createCohort, entryState, joinAndAdmit, loadClinic, nationalIdFor, send, setServerTime } from "../helpers";
import { assetUrls, cohortPagePaths, fetchPage } from "./helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";

describe("the citizen pages can be served from any edge cache", () => {
  it("every page answers with a public cache policy, stale-while-revalidate, an ETag and no cookie", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("cache-headers", cohortConfig(OPENING));
    for (const path of cohortPagePaths(cohortId)) {
      const { response, html } = await fetchPage(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("Content-Type"), path).toMatch(/^text\/html/);
      expect(response.headers.get("Cache-Control"), path).toBe(PAGE_CACHE);
      expect(PAGE_CACHE).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
      expect(response.headers.get("ETag"), path).toMatch(/^"[0-9a-f]{40}"$/);
      expect(response.headers.has("Set-Cookie"), path).toBe(false);
      expect(html, path).toMatch(/^<!DOCTYPE html><html lang="(ko|en)">/);
      expect(response.headers.get("Content-Security-Policy"), path).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it("a page asked again with its ETag is answered 304 without a body, keeping its cache policy", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("etag", cohortConfig(OPENING));
    for (const path of [`/cohorts/${cohortId}/wait`, `/en/cohorts/${cohortId}`]) {
      const first = await fetchPage(path);
      const etag = first.response.headers.get("ETag")!;
      const again = await api(path, { headers: { "If-None-Match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("ETag")).toBe(etag);
      expect(again.headers.get("Cache-Control")).toBe(PAGE_CACHE);
      const stale = await api(path, { headers: { "If-None-Match": '"0000000000000000000000000000000000000000"' } });
      expect(stale.status).toBe(200);
    }
  });

  it("the Korean and English pages are different addresses, each linking to the other", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("languages", cohortConfig(OPENING));
    const korean = await fetchPage(`/cohorts/${cohortId}/wait`);
    const english = await fetchPage(`/en/cohorts/${cohortId}/wait`);
    expect(korean.html).toContain(`<a class="lang" href="/en/cohorts/${cohortId}/wait" lang="en" hreflang="en">English</a>`);
    expect(english.html).toContain(`<a class="lang" href="/cohorts/${cohortId}/wait" lang="ko" hreflang="ko">한국어</a>`);
    expect(korean.html).toContain("차례를 기다리고 있습니다");
    expect(english.html).toContain("You are in the queue");
    expect(korean.response.headers.get("ETag")).not.toBe(english.response.headers.get("ETag"));
  });

  it("assets are named by their content hash and cached as immutable", async () => {
    setServerTime("2021-07-19T10:30:00Z");
    const cohortId = await createCohort("assets", cohortConfig(OPENING));
    const urls = assetUrls((await fetchPage(`/cohorts/${cohortId}/done`)).html);
    expect(urls).toHaveLength(3); // style sheet, page script, QR script
    for (const url of urls) {
      const response = await api(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get("Cache-Control"), url).toBe(ASSET_CACHE);
      expect(response.headers.get("Content-Type"), url).toMatch(/^text\/(css|javascript); charset=utf-8$/);
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await response.arrayBuffer()));
      const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
      expect(url).toContain(`.${hex.slice(0, 12)}.`);
    }
  });

  it("an asset of an older build is still served, only briefly; an unknown one is not found", async () => {
    const old = await api("/assets/queue.000000000000.js");
    expect(old.status).toBe(200);
    expect(old.headers.get("Cache-Control")).toBe("public, max-age=10");
    expect((await api("/assets/nothing.000000000000.js")).status).toBe(404);
    expect((await api("/assets/app.js")).status).toBe(404);
  });

  it("a cohort nobody configured gets a not-found page, cached only briefly", async () => {
    const { response, html } = await fetchPage("/cohorts/never-configured");
    expect(response.status).toBe(404);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=10");
    expect(html).toContain("페이지를 찾을 수 없습니다");
    expect((await fetchPage("/en/cohorts/Not_A_Valid_Id")).html).toContain("Page not found");
  });
});

describe("no personal data on a cacheable page", () => {
  it("pages rendered for a person holding a ticket, grant and receipt carry none of them, nor their name or number", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("no-personal", cohortConfig(OPENING));
    await loadClinic("no-personal-clinic", [{ id: "no-personal-slot", capacity: 5 }], "2021-07-26T09:00:00+09:00");
    const nationalId = nationalIdFor("1968-03-15", 4242);
    const { ticket, grant } = await joinAndAdmit(cohortId, nationalId);
    const booked = (await (
      await send(
        "POST",
        `/api/v1/cohorts/${cohortId}/bookings`,
        { nationalId, name: "Hong Gildong", slotId: "no-personal-slot" },
        { Authorization: `Bearer ${grant}` },
      )
    ).json()) as any;
    const identityKey = decodeToken(ticket).payload.sub as string;
    expect(await entryState(cohortId, identityKey)).toBe("booked");

    const personal = [
      nationalId,
      nationalId.replace("-", ""),
      "Hong Gildong",
      identityKey,
      ticket,
      grant,
      booked.receipt,
      booked.booking.id,
    ];
    const asThePerson = {
      Authorization: `Bearer ${ticket}`,
      Cookie: `ticket_${cohortId}=${ticket}; live_${cohortId}=${ticket}; receipt=${booked.receipt}`,
    };
    for (const path of cohortPagePaths(cohortId)) {
      // The person's request is the first for each page, so what an edge would store is rendered for them.
      const { response, html } = await fetchPage(path, { headers: asThePerson });
      expect(response.status, path).toBe(200);
      for (const secret of personal) expect(html.includes(secret), `${path} contains ${secret.slice(0, 12)}`).toBe(false);
      expect(response.headers.has("Set-Cookie"), path).toBe(false);
      expect(response.headers.get("Cache-Control"), path).toBe(PAGE_CACHE);
    }
  });
});
