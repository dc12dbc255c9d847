// Nobody has to keep the page open (issue 16), in a real Chromium: a person leaves a mobile number on
// the waiting page, sees it masked with "you can close this page", closes it, and when the turn
// comes the fake provider has the message.
import { describe, expect, it } from "vitest";
import { citizenBrowser, screenshot, WIDTHS } from "./browser";
import { seedCohort } from "./seed";
import { TEST_SECRETS } from "./service";

const { base, contexts } = citizenBrowser();
const admin = { Authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}`, "X-Operator": "browser-test", "Content-Type": "application/json" };

async function control(cohortId: string, action: "pause" | "resume"): Promise<void> {
  const response = await fetch(`${base}/admin/v1/cohorts/${cohortId}/controls`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ action, reason: "browser test" }),
  });
  if (!response.ok) throw new Error(`control ${action} failed: ${response.status} ${await response.text()}`);
}

async function outbox(cohortId: string): Promise<Array<{ event: string; to: string; text: string }>> {
  const response = await fetch(`${base}/admin/v1/notify/fake-outbox?cohortId=${cohortId}`, { headers: admin });
  return ((await response.json()) as { messages: Array<{ event: string; to: string; text: string }> }).messages;
}

describe("text messages on the waiting page", () => {
  it("a person leaves a number, closes the page, and is texted when their turn comes", async () => {
    const cohortId = await seedCohort(base, "texting", -60_000, {
      notifications: { enabled: true, grantLifetimeSeconds: 1800, nearPlaces: 5, nearMinutes: 1 },
    });
    // Paused, so the person waits with a number in line while they leave their number.
    await control(cohortId, "pause");
    const context = await contexts.open({ viewport: WIDTHS.phone, locale: "ko-KR" });
    const page = await context.newPage();
    await page.goto(`${base}/cohorts/${cohortId}`);
    await page.getByLabel("주민등록번호").fill("680315-1000001");
    await page.getByRole("button", { name: "대기열에 들어가기" }).click();
    await page.waitForURL((url) => url.pathname === `/cohorts/${cohortId}/wait`);

    await page.getByLabel("휴대전화 번호").fill("010-1234-567");
    await page.getByRole("button", { name: "문자 알림 신청" }).click();
    await expect.poll(() => page.locator("#notify-error").textContent()).toContain("010으로 시작하는 휴대전화 번호");
    await page.getByLabel("휴대전화 번호").fill("010-1234-5678");
    await page.getByRole("button", { name: "문자 알림 신청" }).click();
    const left = page.locator('#notify [data-notify="left"]');
    await expect.poll(() => left.isVisible()).toBe(true);
    expect(await left.textContent()).toContain("이 화면을 닫아도 됩니다");
    expect(await left.textContent()).toContain("010-****-5678");
    await screenshot(page, "wait-texting", "ko");
    await page.close();

    await control(cohortId, "resume");
    await expect.poll(async () => (await outbox(cohortId)).map((m) => m.event), { timeout: 60_000 }).toContain("turn");
    const turn = (await outbox(cohortId)).find((m) => m.event === "turn")!;
    expect(turn.to).toBe("010-****-5678");
    expect(turn.text).toContain("예약 차례가 되었습니다");
  });
});
