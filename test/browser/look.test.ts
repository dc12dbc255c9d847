// The look and feel of the scripted citizen pages in Chromium at phone width, Korean and English
// (issue 15): the error summary at the top of each form, the masked ID number, two people's places
// on one phone told apart, a wrong number on the booking page, the official banner and the help
// line, and the pages at 200% text. Every screenshot also runs the accessibility audit (audit.ts).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { auditPage } from "./audit";
import { citizenBrowser, screenshot, WIDTHS } from "./browser";
import { seedCohort } from "./seed";

/** The running service, one Chromium for this file, and its watched contexts. */
const { base, contexts } = citizenBrowser();

type Lang = "ko" | "en";
const T = {
  ko: { prefix: "", id: "주민등록번호", join: "대기열에 들어가기", errorTitle: "오류: ", summary: "입력 내용을 확인해 주세요" },
  en: { prefix: "/en", id: "Resident registration number", join: "Join the queue", errorTitle: "Error: ", summary: "There is a problem" },
} as const;

async function newPage(lang: Lang): Promise<Page> {
  const context = await contexts.open({ viewport: WIDTHS.phone, locale: lang === "ko" ? "ko-KR" : "en-GB" });
  return context.newPage();
}

/** Words split across two lines in the page's main text (a break after a hyphen or tilde is fine). */
function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent?.checkVisibility() || parent.closest("script, [data-v=bookingId]")) continue;
      const text = node.textContent ?? "";
      for (const match of text.matchAll(/[^\s\-~/·]+[-~/]?/g)) {
        if (match[0].length < 2) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top / 4)));
        if (tops.size > 1) broken.push(`${match[0]} (${parent.tagName.toLowerCase()}${parent.id ? `#${parent.id}` : ""})`);
      }
    }
    return broken;
  });
}

/** The cards whose content is wider than they are (it runs past the card's edge or needs scrolling), by heading. */
function overflowingCards(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>(".card"))
      .filter((card) => card.checkVisibility() && card.scrollWidth > card.clientWidth + 1)
      .map((card) => card.querySelector("h2, h1")?.textContent ?? card.className),
  );
}

for (const lang of ["ko", "en"] as const) {
  const t = T[lang];
  describe(`the scripted pages' look and feedback (${lang})`, () => {
    it("a failed join lists its problem at the top, focused, linked to the field, and the title says so until the number is right", async () => {
      const cohortId = await seedCohort(base, `summary-${lang}`, 3 * 60_000);
      const page = await newPage(lang);
      await page.goto(`${base}${t.prefix}/cohorts/${cohortId}`);
      const title = await page.title();
      await page.getByLabel(t.id).fill("700101-1000001");
      await page.getByRole("button", { name: t.join }).click();
      const summary = page.getByRole("region", { name: t.summary });
      await expect.poll(() => summary.isVisible()).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("join-summary");
      expect(await page.title()).toBe(`${t.errorTitle}${title}`);
      await screenshot(page, "cohort-error-summary", lang);
      await summary.getByRole("link").click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("national-id");
      await page.getByLabel(t.id).fill("680315-1000001");
      await expect.poll(() => summary.isVisible()).toBe(false);
      expect(await page.title()).toBe(title);
    });

    it("the ID number is masked once right and left, can be shown, and the number itself is what joins", async () => {
      const cohortId = await seedCohort(base, `mask-${lang}`, 3 * 60_000);
      const page = await newPage(lang);
      await page.goto(`${base}${t.prefix}/cohorts/${cohortId}`);
      const input = page.getByLabel(t.id);
      await input.fill("680315-1000041");
      await input.press("Tab");
      expect(await input.inputValue()).toBe("680315-1******");
      await screenshot(page, "cohort-id-masked", lang);
      const toggle = page.getByRole("button", { name: lang === "ko" ? "번호 보기" : "Show number" });
      await toggle.click();
      expect(await input.inputValue()).toBe("680315-1000041");
      await page.getByRole("button", { name: lang === "ko" ? "번호 가리기" : "Hide number" }).click();
      expect(await input.inputValue()).toBe("680315-1******");
      const joined = page.waitForRequest((r) => r.url().endsWith(`/api/v1/cohorts/${cohortId}/queue`) && r.method() === "POST");
      await page.getByRole("button", { name: t.join }).click();
      expect((await joined).postDataJSON()).toEqual({ nationalId: "680315-1000041" });
      await page.waitForURL((url) => url.pathname === `${t.prefix}/cohorts/${cohortId}/wait`);
    });

    it("two people's places on one phone are named by birth date and the label given, and the number is not kept", async () => {
      const cohortId = await seedCohort(base, `labels-${lang}`, 3 * 60_000);
      const page = await newPage(lang);
      const joinAs = async (nationalId: string, label: string) => {
        await page.goto(`${base}${t.prefix}/cohorts/${cohortId}`);
        await page.getByLabel(t.id).fill(nationalId);
        if (label) await page.getByLabel(lang === "ko" ? "누구의 순번인가요? (선택)" : "Who is this place for? (optional)").fill(label);
        await page.getByRole("button", { name: t.join }).click();
        await page.waitForURL((url) => url.pathname === `${t.prefix}/cohorts/${cohortId}/wait`);
      };
      await joinAs("670315-2000051", lang === "ko" ? "어머니" : "Mother");
      await joinAs("680606-1000052", "");
      const places = page.getByRole("navigation", { name: lang === "ko" ? "이 기기에서 기다리는 분" : "Places held on this device" });
      await expect
        .poll(() => places.locator("li a").allTextContents())
        .toEqual(lang === "ko" ? ["어머니 · 1967년 3월 15일생", "1968년 6월 6일생"] : ["Mother · born 15 March 1967", "Born 6 June 1968"]);
      await screenshot(page, "wait-two-labelled", lang);
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
      expect(stored).toContain("1967-03-15");
      expect(stored).not.toMatch(/2000051|1000052/);
    });

    it("on the booking page a number that is not the one that queued is told so, in the summary, linked to the field", async () => {
      const cohortId = await seedCohort(base, `wrong-id-${lang}`, -1000);
      const page = await newPage(lang);
      await page.goto(`${base}${t.prefix}/cohorts/${cohortId}`);
      await page.getByLabel(t.id).fill("670420-2000061");
      await page.getByRole("button", { name: t.join }).click();
      await page.getByRole("link", { name: lang === "ko" ? "지금 예약하기" : "Book now" }).click({ timeout: 60_000 });
      await page.waitForURL((url) => url.pathname === `${t.prefix}/cohorts/${cohortId}/book`);
      await page.locator('#clinics input[name="clinic"]').first().waitFor(); // the form is ready once its clinics are listed
      // Nothing chosen: every problem is listed, the summary takes focus.
      await page.getByRole("button", { name: lang === "ko" ? "이 시간으로 예약하기" : "Book this time" }).click();
      const summary = page.getByRole("region", { name: t.summary });
      await expect.poll(() => summary.getByRole("link").count()).toBe(3);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("book-summary");
      await screenshot(page, "book-error-summary", lang);
      await page.getByLabel(lang === "ko" ? /지역/ : /Region/).selectOption(lang === "ko" ? "부산광역시" : "Busan");
      await page.locator('#clinics input[name="clinic"]').first().check();
      await page.locator('#slots input[name="slotId"]:not([disabled])').first().check();
      await page.getByLabel(lang === "ko" ? "접종받는 분 이름" : "Name of the person getting the vaccine").fill("Kim");
      // The same birth date, another person: only the server can tell, and its refusal is put in words.
      await page.getByLabel(t.id).fill("670420-2000062");
      await page.getByRole("button", { name: lang === "ko" ? "이 시간으로 예약하기" : "Book this time" }).click();
      const said = lang === "ko" ? "대기열에 들어올 때 입력한 번호가 아닙니다" : "This is not the number that joined the line";
      await expect.poll(() => summary.textContent()).toContain(said);
      expect(await summary.getByRole("link").count()).toBe(1);
      expect(await page.locator("#book-error").textContent()).toContain(said);
      await screenshot(page, "book-wrong-id", lang);
    });

    it("every page opens with the official banner and ends with the help line; the notices and a missing page pass the audit", async () => {
      const page = await newPage(lang);
      await page.goto(`${base}${t.prefix}/`);
      expect(await page.locator(".official").textContent()).toContain(
        lang === "ko" ? "이 누리집은 대한민국 공식 전자정부 누리집입니다." : "An official website of the government",
      );
      const help = page.locator("footer .help-line");
      expect(await help.textContent()).toContain("1339");
      expect(await help.getByRole("link", { name: "1339" }).getAttribute("href")).toBe("tel:1339");
      await screenshot(page, "home", lang);
      await page.getByRole("link", { name: lang === "ko" ? "개인정보 처리방침" : "Privacy notice" }).click();
      await screenshot(page, "privacy", lang);
      await page.getByRole("link", { name: lang === "ko" ? "접근성 안내" : "Accessibility statement" }).click();
      await screenshot(page, "accessibility", lang);
      await page.goto(`${base}${t.prefix}/cohorts/no-such-cohort`);
      await screenshot(page, "not-found", lang);
    });

    it("at 200% text no word is broken across lines, and the language switch is a 44 px target", async () => {
      const cohortId = await seedCohort(base, `zoom-${lang}`, -1000);
      const page = await newPage(lang);
      await page.goto(`${base}${t.prefix}/cohorts/${cohortId}`);
      const box = await page.locator("header .lang").boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      // Text zoom: the root font size doubles, and everything sized in rem with it.
      await page.evaluate(() => {
        document.documentElement.style.fontSize = "200%";
      });
      expect(await brokenWords(page)).toEqual([]);
      expect(await overflowingCards(page)).toEqual([]); // the schedule's times stack instead of running off the card
      await auditPage(page, `cohort-200-${lang}`);
      await page.screenshot({ path: `test-results/screenshots/cohort-200pct-${lang}-phone.png`, fullPage: true });
      await page.screenshot({ path: `test-results/screenshots/cohort-200pct-${lang}-phone-top.png` });
      await page
        .locator("section[aria-labelledby=when]")
        .screenshot({ path: `test-results/screenshots/cohort-200pct-${lang}-phone-schedule.png` });
    });
  });
}
