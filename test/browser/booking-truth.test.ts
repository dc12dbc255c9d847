// A booking's life after it is made, as the pages tell it: every page that shows a booking says
// where it stands now (booked, cancelled, "choose a new time"), whichever channel changed it.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { citizenBrowser, screenshot, WIDTHS } from "./browser";
import { seedCohort, seedCutClinic } from "./seed";
import { TEST_SECRETS } from "./service";

/** The running service, one Chromium for this file, and its watched contexts. */
const { base, contexts } = citizenBrowser();

async function newPage(lang: "ko" | "en" = "ko"): Promise<Page> {
  const context = await contexts.open({ viewport: WIDTHS.phone, locale: lang === "ko" ? "ko-KR" : "en-GB" });
  return context.newPage();
}

/** Joins an open cohort on the pages, waits for the turn and books the first open time of a region. */
async function bookOnPages(page: Page, cohortId: string, nationalId: string, region: string, name: string): Promise<void> {
  await page.goto(`${base}/cohorts/${cohortId}`);
  await page.getByLabel("주민등록번호").fill(nationalId);
  await page.getByRole("button", { name: "대기열에 들어가기" }).click();
  await page.getByRole("link", { name: "지금 예약하기" }).click({ timeout: 60_000 });
  await page.getByLabel(/지역/).selectOption(region);
  await page.locator('#clinics input[name="clinic"]').first().check();
  await page.locator('#slots input[name="slotId"]:not([disabled])').first().check();
  await page.getByLabel("접종받는 분 이름").fill(name);
  await page.getByLabel("주민등록번호").fill(nationalId);
  await page.getByRole("button", { name: "이 시간으로 예약하기" }).click();
  await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/done`);
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("예약이 완료되었습니다");
}

describe("a booking's status on the pages", () => {
  it("a booking cancelled through the call centre is shown as cancelled on the confirmation and booking pages, with no QR code, and its person joins again at the back", async () => {
    const cohortId = await seedCohort(base, "cancelled", -1000);
    const page = await newPage();
    await bookOnPages(page, cohortId, "670212-1000021", "부산광역시", "박문수");
    expect(await page.locator("#booking-status").textContent()).toBe("예약 확정");
    await expect.poll(() => page.locator("#qr svg").count()).toBe(1);
    const bookingId = await page.locator('#receipt [data-v="bookingId"]').textContent();

    // Another channel cancels it: this phone still has the booking saved as booked.
    const cancelled = await fetch(`${base}/agent/v1/bookings/${bookingId}/cancel`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_SECRETS.AGENT_TOKENS.split(":")[1]}`, "Content-Type": "application/json" },
      body: JSON.stringify({ nationalId: "670212-1000021" }),
    });
    expect(cancelled.status).toBe(200);

    await page.reload();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("취소된 예약입니다");
    expect(await page.locator("#booking-status").textContent()).toBe("취소됨");
    expect(await page.locator('[data-standing-note="cancelled"]').isVisible()).toBe(true);
    expect(await page.locator("#qr").isVisible()).toBe(false);
    expect(await page.getByText("예약이 완료되었습니다").count()).toBe(0);
    await screenshot(page, "done-cancelled", "ko");

    await page.goto(`${base}/cohorts/${cohortId}/manage${new URL(page.url()).hash}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("취소된 예약입니다");
    expect(await page.locator("#actions").isVisible()).toBe(false);
    expect(await page.locator("#qr").isVisible()).toBe(false);
    await screenshot(page, "manage-cancelled-elsewhere", "ko");

    // The rule after a cancel: the old place says so, and joining again gives a new place at the back.
    await page.goto(`${base}/cohorts/${cohortId}/wait${new URL(page.url()).hash}`);
    await expect.poll(() => page.locator('[data-state="cancelled"]').isVisible()).toBe(true);
    expect(await page.locator('[data-state="cancelled"] h1').textContent()).toBe("예약을 취소하셨습니다");
    await screenshot(page, "wait-cancelled", "ko");
    await page.locator('[data-state="cancelled"]').getByRole("link", { name: "대기열에 들어가기" }).click();
    await page.getByLabel("주민등록번호").fill("670212-1000021");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "차례가 되었습니다" }).isVisible(), { timeout: 60_000 }).toBe(true);
  });

  it("a booking moved by a supply cut asks for a new time on the booking page, and after choosing one is booked again", async () => {
    const cut = await seedCutClinic(base);
    const cohortId = await seedCohort(base, "supply-cut", -1000, { vaccines: [cut.vaccineId] });
    const page = await newPage();
    await bookOnPages(page, cohortId, "680313-2000031", cut.region, "성춘향");
    const firstTime = await page.locator('#receipt [data-v="when"]').textContent();

    expect(await cut.cutFirstSlot()).toBe(1); // one booking moved to needs_reschedule

    await page.reload();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("새 접종 시간을 골라 주세요");
    expect(await page.locator("#booking-status").textContent()).toBe("새 시간 선택 필요");
    expect(await page.locator("#qr").isVisible()).toBe(false);
    await screenshot(page, "done-needs-new-time", "ko");
    await page.getByRole("link", { name: "새 시간 고르기" }).click();

    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("새 접종 시간을 골라 주세요");
    await expect.poll(() => page.locator("#change-form").isVisible()).toBe(true);
    await page.getByLabel("주민등록번호").fill("680313-2000031");
    await page.getByLabel(/지역/).selectOption(cut.region);
    await page.locator('#clinics input[name="clinic"]').first().check();
    // The other time: the slot list may be a few seconds old at the edge, so pick it by name.
    await page.locator('#slots input[name="slotId"][value$="T10"]').check();
    await screenshot(page, "manage-needs-new-time", "ko");
    await page.getByRole("button", { name: "이 시간으로 변경하기" }).click();
    await expect.poll(() => page.locator("#manage-done").textContent()).toBe("예약이 변경되었습니다. 새 QR 코드를 보여 주세요.");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("예약이 완료되었습니다");
    expect(await page.locator("#booking-status").textContent()).toBe("예약 확정");
    expect(await page.locator('#receipt [data-v="when"]').textContent()).not.toBe(firstTime);
    await expect.poll(() => page.locator("#qr svg").count()).toBe(1);
  });

  it("a booking form sent before the page has finished loading posts nothing (the no-JavaScript form stays unused)", async () => {
    const cohortId = await seedCohort(base, "early-submit", -1000);
    const page = await newPage();
    await page.goto(`${base}/cohorts/${cohortId}`);
    await page.getByLabel("주민등록번호").fill("671010-2000071");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    const bookLink = page.getByRole("link", { name: "지금 예약하기" });
    await bookLink.waitFor({ timeout: 60_000 });
    // A slow network: the slot list takes its time, and an impatient person presses the button at once.
    let releaseSlots: () => void = () => undefined;
    const slotsHeld = new Promise<void>((resolve) => {
      releaseSlots = resolve;
    });
    await page.route("**/slots*", async (route) => {
      await slotsHeld;
      await route.continue();
    });
    const posted: string[] = [];
    page.on("request", (request) => request.method() === "POST" && posted.push(new URL(request.url()).pathname));
    await bookLink.click();
    await page.locator("#book-form").waitFor({ state: "visible" });
    await page.getByRole("button", { name: "이 시간으로 예약하기" }).click();
    releaseSlots();
    await page.locator('#clinics input[name="clinic"]').first().waitFor();
    expect(posted).toEqual([]);
    expect(new URL(page.url()).pathname).toBe(`/cohorts/${cohortId}/book`);
  });
});
