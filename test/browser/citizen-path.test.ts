// A person's whole path through the citizen pages in a real Chromium, against the running service:
// the cohort page, joining, waiting, admission, booking and the receipt, in Korean and English, at
// phone and desktop widths, with and without JavaScript. Screenshots go to test-results/screenshots.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { citizenBrowser, screenshot, WIDTHS } from "./browser";
import { seedCohort, seedPeople, seedSoldOutCohort } from "./seed";

/** The running service, one Chromium for this file, and its watched contexts. */
const { base, contexts } = citizenBrowser();

async function newPage(options: { width?: keyof typeof WIDTHS; javaScript?: boolean } = {}): Promise<Page> {
  const context = await contexts.open({
    viewport: WIDTHS[options.width ?? "phone"],
    javaScriptEnabled: options.javaScript ?? true,
    locale: "ko-KR",
  });
  return context.newPage();
}

/** Waits until the page is at a path (whatever its fragment). */
function atPath(page: Page, path: string) {
  return page.waitForURL((url) => url.pathname === path);
}

/** The figure shown under a label on the waiting page. */
function figure(page: Page, name: string) {
  return page.locator(`[data-state="waiting"] [data-v="${name}"]`);
}

/** Chooses the first clinic in a region and its first open time, and fills in the person. */
async function fillBooking(page: Page, region: string, name: string) {
  await page.getByLabel(/지역|Region/).selectOption(region);
  await page.locator('#clinics input[name="clinic"]').first().check();
  await page.locator('#slots input[name="slotId"]:not([disabled])').first().check();
  await page.getByLabel(/^(접종받는 분 이름|Name of the person getting the vaccine)$/).fill(name);
}

describe("the citizen pages in Chromium", () => {
  it("the cohort page counts down on the server's clock and checks the ID number as it is typed", async () => {
    const cohortId = await seedCohort(base, "countdown", 3 * 60_000);
    const page = await newPage();
    await page.goto(`${base}/`);
    await page
      .getByRole("link", { name: /1967~1968년생/ })
      .first()
      .waitFor();
    await screenshot(page, "home", "ko");
    await page.goto(`${base}/cohorts/${cohortId}`);
    await expect.poll(() => page.locator("#countdown").textContent()).toMatch(/^0[23]:\d\d$/);
    await expect.poll(() => page.locator("#status").textContent()).toContain("대기실 열림");
    await expect.poll(() => page.locator("#born-between").textContent()).toBe("1967년 1월 1일부터 1968년 12월 31일까지 태어난 분");

    const input = page.getByLabel("주민등록번호");
    const message = page.locator("#national-id-message");
    await input.fill("680230-1000001");
    await expect.poll(() => message.textContent()).toBe("주민등록번호 앞 6자리가 올바른 생년월일이 아닙니다.");
    await input.fill("700101-1000001");
    await expect.poll(() => message.textContent()).toContain("1970년 1월 1일생은 이 대상군이 아닙니다");
    await screenshot(page, "cohort-id-refused", "ko");
    await input.fill("680315-1000001");
    await expect.poll(() => message.textContent()).toBe("1968년 3월 15일생 · 예약 대상입니다.");
    await screenshot(page, "cohort", "ko");

    const english = await newPage({ width: "desktop" });
    await english.goto(`${base}/en/cohorts/${cohortId}`);
    await expect.poll(() => english.locator("#status").textContent()).toContain("Waiting room open");
    await expect.poll(() => english.locator("#countdown").textContent()).toMatch(/^0[23]:\d\d$/);
    await screenshot(english, "cohort", "en");
  });

  it("a direct link to the booking page before the opening books nothing and says why", async () => {
    const cohortId = await seedCohort(base, "direct-link", 3 * 60_000);
    const page = await newPage();
    await page.goto(`${base}/cohorts/${cohortId}/book`);
    // Someone with no place is told so under the page's one heading, and shown the way in; no form to fill.
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("아직 대기열에 들어오지 않으셨습니다");
    expect(await page.locator("#book-form").isVisible()).toBe(false);
    // No talk of a place they do not have, in what the page shows (hidden sections hold other states' text).
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
    expect(await page.locator("main").innerText()).not.toContain("순번");
    await page.getByRole("link", { name: "대기열에 들어가기" }).click();
    await atPath(page, `/cohorts/${cohortId}`);
    await screenshot(page, "book-no-place", "ko");

    // Someone in the pre-queue is told it is not their turn yet, and that their place is kept.
    await page.getByLabel("주민등록번호").fill("670808-2000088");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await atPath(page, `/cohorts/${cohortId}/wait`);
    await page.goto(`${base}/cohorts/${cohortId}/book`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("아직 차례가 아닙니다");
    expect(await page.locator("#book-form").isVisible()).toBe(false);
    await screenshot(page, "book-not-yet", "ko");
  });

  it("a person joins before the opening, is admitted at the opening, books and sees the receipt", async () => {
    const cohortId = await seedCohort(base, "walk-ko", 15_000);
    await seedPeople(base, cohortId, 3);
    const page = await newPage();
    await page.goto(`${base}/cohorts/${cohortId}`);
    await page.getByLabel("주민등록번호").fill("680315-1000001");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await atPath(page, `/cohorts/${cohortId}/wait`);
    await expect.poll(() => page.getByRole("heading", { name: "예약 시작을 기다리고 있습니다" }).isVisible()).toBe(true);
    await expect.poll(() => page.locator('[data-v="opensIn"]').textContent()).toMatch(/^00:\d\d$/);
    await screenshot(page, "wait-prequeue", "ko");

    await expect.poll(() => page.getByRole("heading", { name: "차례가 되었습니다" }).isVisible(), { timeout: 60_000 }).toBe(true);
    await screenshot(page, "wait-admitted", "ko");
    await page.getByRole("link", { name: "지금 예약하기" }).click();
    await atPath(page, `/cohorts/${cohortId}/book`);
    await expect.poll(() => page.locator("#grant-left").textContent()).toMatch(/^(10:00|09:\d\d)$/);
    await fillBooking(page, "부산광역시", "홍길동");
    expect(await page.getByLabel("주민등록번호").inputValue()).toBe(""); // never kept on the device: typed again
    await page.getByLabel("주민등록번호").fill("680315-1000001");
    expect(await page.locator("#clinics").textContent()).toContain("화이자 · 2회 접종 (21일 간격)");
    await expect.poll(() => page.locator("#dose2-note").textContent()).toMatch(/^2차 접종: \d{4}년 \d{1,2}월 \d{1,2}일, 같은 접종기관에서/);
    await screenshot(page, "book", "ko");
    await page.getByRole("button", { name: "이 시간으로 예약하기" }).click();

    await atPath(page, `/cohorts/${cohortId}/done`);
    await expect.poll(() => page.locator('#receipt [data-v="name"]').textContent()).toBe("홍길동");
    expect(await page.locator('#receipt [data-v="clinic"]').textContent()).toContain("해운대구 예방접종센터");
    expect(await page.locator('#receipt [data-v="vaccine"]').textContent()).toBe("화이자");
    await expect.poll(() => page.locator('#receipt dd[data-v="dose2"]').isVisible()).toBe(true);
    await expect.poll(() => page.locator("#qr svg").count()).toBe(1);
    await screenshot(page, "done", "ko");

    // Later, on the same phone: move the booking to another time, then cancel it.
    await page.getByRole("link", { name: "예약 확인 · 취소 · 변경" }).click();
    await expect.poll(() => page.locator("#booking-status").textContent()).toBe("예약 확정");
    const firstTime = await page.locator('#receipt [data-v="when"]').textContent();
    const firstQr = await page.locator("#qr svg").innerHTML();
    await page.getByLabel("주민등록번호").fill("680315-1000001");
    await page.getByLabel(/지역/).selectOption("부산광역시");
    await page.locator('#clinics input[name="clinic"]').first().check();
    await page.locator('#slots input[name="slotId"]:not([disabled])').nth(1).check();
    await screenshot(page, "manage", "ko");
    await page.getByRole("button", { name: "이 시간으로 변경하기" }).click();
    await expect.poll(() => page.locator("#manage-done").textContent()).toBe("예약이 변경되었습니다. 새 QR 코드를 보여 주세요.");
    expect(await page.locator('#receipt [data-v="when"]').textContent()).not.toBe(firstTime);
    await expect.poll(() => page.locator("#qr svg").innerHTML()).not.toBe(firstQr);
    await page.getByRole("button", { name: "예약 취소하기" }).click();
    await page.getByRole("button", { name: "정말 취소합니다" }).click();
    await expect.poll(() => page.locator("#booking-status").textContent()).toBe("취소됨");
    expect(await page.locator("#qr").isVisible()).toBe(false);
    await screenshot(page, "manage-cancelled", "ko");
  });

  it("reloading, a second tab and another device all show the same place", async () => {
    const cohortId = await seedCohort(base, "busy", -60_000, { admissionRatePerMinute: 1, maxInBookingStep: 1 });
    await seedPeople(base, cohortId, 8);
    const page = await newPage();
    await page.goto(`${base}/cohorts/${cohortId}`);
    await page.getByLabel("주민등록번호").fill("671122-2000003");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await atPath(page, `/cohorts/${cohortId}/wait`);
    await expect.poll(() => figure(page, "position").textContent()).toBe("9");
    const ahead = Number(await figure(page, "ahead").textContent());
    expect(ahead).toBeGreaterThanOrEqual(6);
    expect(await page.locator("#announce").textContent()).toContain("순번 9번");
    await screenshot(page, "wait", "ko");

    await page.reload();
    await expect.poll(() => figure(page, "position").textContent()).toBe("9");
    const secondTab = await page.context().newPage();
    await secondTab.goto(`${base}/cohorts/${cohortId}/wait`);
    await expect.poll(() => figure(secondTab, "position").textContent()).toBe("9");
    expect(Number(await figure(secondTab, "ahead").textContent())).toBeLessThanOrEqual(ahead);

    // Another device (no saved ticket, no cookie) joining with the same number gets the same place.
    const otherDevice = await newPage({ width: "desktop" });
    await otherDevice.goto(`${base}/en/cohorts/${cohortId}`);
    await otherDevice.getByLabel("Resident registration number").fill("6711222000003");
    await otherDevice.getByRole("button", { name: "Join the queue" }).click();
    await atPath(otherDevice, `/en/cohorts/${cohortId}/wait`);
    await expect.poll(() => figure(otherDevice, "position").textContent()).toBe("9");
    await screenshot(otherDevice, "wait", "en");
  });

  it("one phone holds places for two people (a family), each kept apart", async () => {
    const cohortId = await seedCohort(base, "family", -60_000, { admissionRatePerMinute: 1, maxInBookingStep: 1 });
    await seedPeople(base, cohortId, 3);
    const page = await newPage();
    const joinAs = async (nationalId: string) => {
      await page.goto(`${base}/cohorts/${cohortId}`);
      await page.getByLabel("주민등록번호").fill(nationalId);
      await page.getByRole("button", { name: "대기열에 들어가기" }).click();
      await page.waitForURL(new RegExp(`/cohorts/${cohortId}/wait#h=[\\w-]+$`)); // this person's place, named in the fragment
    };
    await joinAs("670505-2000005");
    await expect.poll(() => figure(page, "position").textContent()).toBe("4");
    await page.goto(`${base}/cohorts/${cohortId}`);
    await expect.poll(() => page.locator("#have-place").isVisible()).toBe(true);
    await joinAs("680606-1000006");
    await expect.poll(() => figure(page, "position").textContent()).toBe("5");
    const places = page.getByRole("navigation", { name: "이 기기에서 기다리는 분" });
    await expect.poll(() => places.locator("li a").count()).toBe(2);
    // Each place is named by the birth date read from the number that joined (the number is not kept).
    expect(await places.getByRole("link", { name: "1968년 6월 6일생" }).getAttribute("aria-current")).toBe("page");
    await screenshot(page, "wait-family", "ko");
    await places.getByRole("link", { name: "1967년 5월 5일생" }).click();
    await expect.poll(() => figure(page, "position").textContent()).toBe("4");
    await page.reload();
    await expect.poll(() => figure(page, "position").textContent()).toBe("4");
  });

  it("the whole path in English on a desktop, joining after the opening", async () => {
    const cohortId = await seedCohort(base, "walk-en", -1000);
    await seedPeople(base, cohortId, 2);
    const page = await newPage({ width: "desktop" });
    await page.goto(`${base}/en/cohorts/${cohortId}`);
    await expect.poll(() => page.locator("#status").textContent()).toBe("Booking is open");
    await page.getByLabel("Resident registration number").fill("670704-2000002");
    await page.getByRole("button", { name: "Join the queue" }).click();
    await atPath(page, `/en/cohorts/${cohortId}/wait`);
    await expect.poll(() => page.getByRole("heading", { name: "It is your turn" }).isVisible(), { timeout: 60_000 }).toBe(true);
    await screenshot(page, "wait-admitted", "en");
    await page.getByRole("link", { name: "Book now" }).click();
    await fillBooking(page, "Daejeon", "Kim Minji");
    await page.getByLabel("Resident registration number").fill("670704-2000002");
    expect(await page.locator("#clinics").textContent()).toContain("Janssen · one dose");
    expect(await page.locator("#dose2-note").isVisible()).toBe(false);
    await screenshot(page, "book", "en");
    await page.getByRole("button", { name: "Book this time" }).click();
    await atPath(page, `/en/cohorts/${cohortId}/done`);
    await expect.poll(() => page.locator('#receipt [data-v="clinic"]').textContent()).toContain("Seo-gu Daejeon Vaccination Centre");
    expect(await page.locator('#receipt dd[data-v="dose2"]').isVisible()).toBe(false);
    await expect.poll(() => page.locator("#qr svg").count()).toBe(1);
    await screenshot(page, "done", "en");
    await page.getByRole("link", { name: "View, cancel or change this booking" }).click();
    await expect.poll(() => page.locator("#booking-status").textContent()).toBe("Booked");
    await screenshot(page, "manage", "en");
  });

  it("when every seat is taken, the cohort page and the waiting page say so, and the place is kept", async () => {
    const cohortId = await seedSoldOutCohort(base);
    const page = await newPage({ width: "desktop" });
    await page.goto(`${base}/en/cohorts/${cohortId}`);
    await page.getByLabel("Resident registration number").fill("680101-2000010");
    await page.getByRole("button", { name: "Join the queue" }).click();
    await atPath(page, `/en/cohorts/${cohortId}/wait`);
    // The queue object finds out at its next admission tick, and tells the waiting person.
    await expect.poll(() => page.getByRole("heading", { name: "No times are left for now" }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.locator('[data-state="sold_out"] [data-v="message"]').textContent()).toContain("You keep your place");
    const cohortPage = await page.context().newPage();
    await cohortPage.goto(`${base}/en/cohorts/${cohortId}`);
    await expect.poll(() => cohortPage.locator("#sold-out").isVisible()).toBe(true);
    expect(await cohortPage.locator("#sold-out").textContent()).toContain("Every vaccination time for this group is booked for now.");
    await screenshot(page, "wait-sold-out", "en");
  });

  it("the full-step pause shown on the waiting page", async () => {
    // One pass at a time, held by someone who does not book: the person next in line does not move.
    const cohortId = await seedCohort(base, "step-full", -1000, { maxInBookingStep: 1, grantLifetimeSeconds: 300 });
    await seedPeople(base, cohortId, 1);
    const page = await newPage();
    await page.goto(`${base}/cohorts/${cohortId}`);
    await page.getByLabel("주민등록번호").fill("680909-1000009");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await atPath(page, `/cohorts/${cohortId}/wait`);
    const paused = page.locator('[data-state="waiting"] [data-paused="step_full"]');
    await expect.poll(() => paused.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await paused.textContent()).toContain("먼저 차례가 된 분들이 예약하는 중이라");
    expect(await figure(page, "ahead").textContent()).toBe("0");
    // One main figure (people ahead); the wait as a range in words, never "under a minute" while nobody moves.
    expect(await page.locator('[data-state="waiting"] .figure').count()).toBe(1);
    expect(await figure(page, "eta").textContent()).toMatch(/^최대 약 [2-5]분$/);
    expect(await page.locator("progress").count()).toBe(0);
    expect(await page.locator("h1:visible").count()).toBe(1);
    await screenshot(page, "wait-step-full", "ko");

    // The same place in English, on the same phone.
    await page.getByRole("link", { name: "English" }).click();
    await atPath(page, `/en/cohorts/${cohortId}/wait`);
    await expect.poll(() => paused.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await paused.textContent()).toContain("the people before you are booking");
    expect(await figure(page, "eta").textContent()).toMatch(/^up to about [2-5] min$/);
    expect(await page.locator("h1:visible").count()).toBe(1);
    await screenshot(page, "wait-step-full", "en");
  });

  it("the no-JavaScript path from join to a reloaded confirmation", async () => {
    const cohortId = await seedCohort(base, "no-js", -1000);
    await seedPeople(base, cohortId, 2);
    const page = await newPage({ javaScript: false });
    /** Only one main heading is ever shown (the other states' sections are hidden). */
    const oneHeading = async (name: string | RegExp) => {
      await page.getByRole("heading", { level: 1, name }).waitFor();
      expect(await page.locator("h1:visible").count()).toBe(1);
    };
    await page.goto(`${base}/cohorts/${cohortId}`);
    // A refusal reads like the rest of the pages: dates written out, never ISO.
    await page.getByLabel("주민등록번호").fill("700101-1000001");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await oneHeading("요청을 처리하지 못했습니다");
    const refusal = (await page.locator("main").textContent()) ?? "";
    expect(refusal).toContain("1967년 1월 1일부터 1968년 12월 31일까지");
    expect(refusal).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await screenshot(page, "live-refused", "ko");

    await page.goto(`${base}/cohorts/${cohortId}`);
    await page.getByLabel("주민등록번호").fill("680808-1000008");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await atPath(page, `/cohorts/${cohortId}/live`);
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(1);
    // A bookmark of the (scripted) waiting page hands over to the place page too.
    await page.goto(`${base}/cohorts/${cohortId}/wait`);
    await atPath(page, `/cohorts/${cohortId}/live`);
    await screenshot(page, "live-waiting", "ko");
    // The language switch opens the same place in English (the place page has no /en twin).
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/live` && url.searchParams.get("lang") === "en");
    // Nothing on the page runs: only the meta refresh brings the admission.
    await oneHeading(/It is your turn/);
    await screenshot(page, "live-admitted", "en");

    // An untouched time list books nothing: its first option is empty and required.
    const slot = page.getByLabel("Clinic and time");
    expect(await slot.inputValue()).toBe("");
    expect(await slot.locator("option").first().textContent()).toBe("Choose a time");
    await page.getByLabel("Name of the person getting the vaccine").fill("Yi Sun-sin");
    await page.getByLabel("Resident registration number").fill("680808-1000008");
    await page.getByRole("button", { name: "Book this time" }).click();
    expect(await page.locator("select#slot:invalid").count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe(`/cohorts/${cohortId}/live`);
    // A form sent without a time anyway (an old browser) is refused in the page's language.
    const unchosen = await page.request.post(`${base}/cohorts/${cohortId}/live/booking?lang=en`, {
      form: { slotId: "", name: "Yi Sun-sin", nationalId: "680808-1000008" },
    });
    expect(unchosen.status()).toBe(400);
    expect(await unchosen.text()).toContain("Please choose a clinic and a time.");

    await slot.selectOption({ index: 1 });
    await page.getByRole("button", { name: "Book this time" }).click();
    await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/live/booking`);
    await oneHeading("Your booking is confirmed");
    const bookingId = await page.locator('#receipt [data-v="bookingId"]').textContent();
    expect(bookingId).toMatch(/\S{8,}/);
    expect(await page.locator("#booking-status").textContent()).toBe("Booked");
    expect(await page.locator("#qr svg").count()).toBe(1);
    // No link to the scripted booking page, which would be blank here; the phone is the way to change it.
    expect(await page.locator(`a[href*="/manage"]`).count()).toBe(0);
    expect(await page.locator("main").textContent()).toContain("and give your booking code: they can change or cancel it");
    await screenshot(page, "live-done", "en");

    // Reloading reads the same booking again; nothing is posted twice and no turn is asked for.
    await page.reload();
    await oneHeading("Your booking is confirmed");
    expect(await page.locator('#receipt [data-v="bookingId"]').textContent()).toBe(bookingId);

    await page.getByRole("link", { name: "한국어" }).click();
    await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/live/booking` && url.searchParams.get("lang") === "ko");
    await oneHeading("예약이 완료되었습니다");
    expect(await page.locator('#receipt [data-v="bookingId"]').textContent()).toBe(bookingId);
    expect(await page.locator("#booking-status").textContent()).toBe("예약 확정");
    await screenshot(page, "live-done", "ko");

    // The place page now says the booking is made, and links to this confirmation, not the scripted one.
    await page.goto(`${base}/cohorts/${cohortId}/live`);
    await oneHeading("이미 예약하셨습니다");
    await page.getByRole("link", { name: "예약 내용 보기" }).click();
    await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/live/booking`);
    expect(await page.locator('#receipt [data-v="bookingId"]').textContent()).toBe(bookingId);
    // A bookmark of the scripted confirmation hands over to it as well.
    await page.goto(`${base}/cohorts/${cohortId}/done`);
    await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/live/booking`);
    await oneHeading("예약이 완료되었습니다");
  });
});
