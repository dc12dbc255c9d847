// Family members type their parents' national ID numbers on shared phones and PCs. Browser storage
// outlives the moment (a reloaded or restored tab brings session storage back), so the pages must
// never keep the number there: not in local or session storage, not in a cookie.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";
import { seedClinics, seedCohort } from "./seed";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await seedClinics(base);
});
afterAll(async () => {
  await browser?.close();
});

/** Everything the pages of this origin keep on the device: both storages and every cookie. */
async function deviceStorage(page: Page): Promise<string> {
  const stored = await page.evaluate(() => {
    const dump = (storage: Storage) =>
      Object.fromEntries(Array.from({ length: storage.length }, (_, i) => [storage.key(i)!, storage.getItem(storage.key(i)!)]));
    return JSON.stringify({ local: dump(localStorage), session: dump(sessionStorage) });
  });
  const cookies = await page.context().cookies();
  return `${stored} ${JSON.stringify(cookies)}`;
}

describe("the device", () => {
  it("keeps no national ID number in its storage or cookies, from joining to the booking page", async () => {
    const cohortId = await seedCohort(base, "no-id-stored", -1000);
    const context = await browser.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    await page.goto(`${base}/cohorts/${cohortId}`);
    await page.getByLabel("주민등록번호").fill("680315-2000009");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/wait`);
    await expect.poll(() => deviceStorage(page)).toContain("ticket"); // the place is kept...
    const afterJoin = await deviceStorage(page);
    expect(afterJoin).not.toContain("2000009"); // ...but not the number, with or without its dash

    // Once admitted, the booking form asks for the number again: nothing was kept to fill it in.
    await page.getByRole("heading", { name: "차례가 되었습니다" }).waitFor({ timeout: 60_000 });
    await page.getByRole("link", { name: "지금 예약하기" }).click();
    await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/book`);
    await expect.poll(() => page.locator("#grant-timer").isVisible()).toBe(true);
    expect(await page.getByLabel("주민등록번호").inputValue()).toBe("");
    expect(await deviceStorage(page)).not.toContain("2000009");
    await context.close();
  });
});
