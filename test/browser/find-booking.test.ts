// Issue 15: a booking the family can carry. Booked on one phone, its short code read off the
// confirmation page; on another device (a new browser context: nothing saved), "find your booking"
// with the code and the ID number lands on the booking page showing it, in Korean and English.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { citizenBrowser, screenshot, WIDTHS } from "./browser";
import { seedCohort } from "./seed";

/** The running service, one Chromium for this file, and its watched contexts. */
const { base, contexts } = citizenBrowser();

/** A page in a new browser context at phone width: a device with nothing saved. */
async function newDevice(lang: "ko" | "en"): Promise<Page> {
  const context = await contexts.open({ viewport: WIDTHS.phone, locale: lang === "ko" ? "ko-KR" : "en-GB" });
  return context.newPage();
}

const SAY = {
  ko: {
    prefix: "",
    id: "주민등록번호",
    join: "대기열에 들어가기",
    bookNow: "지금 예약하기",
    region: /지역/,
    regionName: "서울특별시",
    name: "접종받는 분 이름",
    book: "이 시간으로 예약하기",
    done: "예약이 완료되었습니다",
    code: "예약 번호",
    find: "예약 확인하기",
    findButton: "예약 찾기",
    wrong: "이 예약 번호와 주민등록번호가 함께 맞는 예약이 없습니다",
    address: "서울특별시 종로구 삼일대로 36",
    booked: "예약 확정",
  },
  en: {
    prefix: "/en",
    id: "Resident registration number",
    join: "Join the queue",
    bookNow: "Book now",
    region: /Region/,
    regionName: "Seoul",
    name: "Name of the person getting the vaccine",
    book: "Book this time",
    done: "Your booking is confirmed",
    code: "Booking code",
    find: "Find your booking",
    findButton: "Find the booking",
    wrong: "No booking has this booking code with this ID number",
    address: "36 Samil-daero, Jongno-gu, Seoul",
    booked: "Booked",
  },
} as const;

describe("find my booking on another device", () => {
  for (const [lang, nationalId, wrongId] of [
    ["ko", "670909-1000031", "670909-1000049"],
    ["en", "680808-2000032", "680808-2000040"],
  ] as const) {
    it(`find-my-booking from a second browser context with the short code (${lang})`, async () => {
      const say = SAY[lang];
      const cohortId = await seedCohort(base, `find-${lang}`, -1000);

      // The phone that books: join, book a time in Seoul, read the code off the confirmation.
      const phone = await newDevice(lang);
      await phone.goto(`${base}${say.prefix}/cohorts/${cohortId}`);
      await phone.getByLabel(say.id).fill(nationalId);
      await phone.getByRole("button", { name: say.join }).click();
      await phone.getByRole("link", { name: say.bookNow }).click({ timeout: 60_000 });
      await phone.getByLabel(say.region).selectOption(say.regionName);
      // The Korean page lists the clinic's Korean address; the English page its English one.
      await expect.poll(() => phone.locator("#clinics").textContent()).toContain(say.address);
      await phone.locator('#clinics input[name="clinic"]').first().check();
      await phone.locator('#slots input[name="slotId"]:not([disabled])').first().check();
      await phone.getByLabel(say.name).fill("Jang Boeun");
      await phone.getByLabel(say.id).fill(nationalId);
      await phone.getByRole("button", { name: say.book }).click();
      await phone.waitForURL((url) => url.pathname === `${say.prefix}/cohorts/${cohortId}/done`);
      await expect.poll(() => phone.getByRole("heading", { level: 1 }).textContent()).toBe(say.done);
      const code = (await phone.locator('#receipt dd[data-v="bookingCode"]').textContent())!;
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(await phone.locator("#receipt dt", { hasText: say.code }).isVisible()).toBe(true);
      expect(await phone.locator('#receipt dd[data-v="address"]').textContent()).toBe(say.address);
      await screenshot(phone, "find-done-with-code", lang);

      // A second device, with nothing saved: the confirmation page points to "find your booking".
      const other = await newDevice(lang);
      await other.goto(`${base}${say.prefix}/cohorts/${cohortId}/done`);
      await expect.poll(() => other.locator("#no-receipt").isVisible()).toBe(true);
      await other.getByRole("link", { name: say.find }).click();
      await other.waitForURL((url) => url.pathname === `${say.prefix}/find`);
      expect(await other.getByRole("heading", { level: 1 }).textContent()).toBe(say.find);
      expect(await other.locator("h1").count()).toBe(1);

      // A wrong number is refused, saying to check both.
      await other.getByLabel(say.code).fill(code.toLowerCase().replace("-", " "));
      await other.getByLabel(say.id).fill(wrongId);
      await other.getByRole("button", { name: say.findButton }).click();
      await expect.poll(() => other.locator("#find-error").textContent()).toContain(say.wrong);
      await screenshot(other, "find-wrong-number", lang);

      // The right number: the booking and its receipt are kept here, and its booking page opens.
      await other.getByLabel(say.id).fill(nationalId);
      await other.getByRole("button", { name: say.findButton }).click();
      await other.waitForURL((url) => url.pathname === `${say.prefix}/cohorts/${cohortId}/manage`);
      await expect.poll(() => other.locator("#booking-status").textContent()).toBe(say.booked);
      expect(await other.getByRole("heading", { level: 1 }).textContent()).toBe(say.done);
      expect(await other.locator('#receipt dd[data-v="bookingCode"]').textContent()).toBe(code);
      expect(await other.locator('#receipt dd[data-v="name"]').textContent()).toBe("Jang Boeun");
      expect(await other.locator('#receipt dd[data-v="address"]').textContent()).toBe(say.address);
      await expect.poll(() => other.locator("#qr svg").count()).toBe(1);
      expect(await other.locator("#actions").isVisible()).toBe(true);
      await screenshot(other, "find-found-manage", lang);

      // The home page links to it too.
      await other.goto(`${base}${say.prefix === "" ? "/" : say.prefix}`);
      expect(await other.getByRole("link", { name: new RegExp(say.find) }).count()).toBe(1);
    });
  }
});
