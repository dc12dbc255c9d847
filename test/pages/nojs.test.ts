import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ERROR_TEXT } from "../../src/copy/errors";
import { PERSONAL } from "../../src/platform/http-cache";
import { admissionTick, api, cohortConfig, createCohort, join, loadClinic, nationalIdFor, setServerTime } from "../helpers";
import { AFTER_OPENING, OPENING, twoDoseClinic } from "../supply-helpers";
import { formPost } from "./helpers";

afterEach(() => vi.useRealTimers());

async function bookings(cohortId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM bookings WHERE cohort_id = ?").bind(cohortId).first<{ n: number }>();
  return row?.n ?? 0;
}

describe("waiting and booking without JavaScript", () => {
  it("a form joins, the place page refreshes itself at the server's pace, and an admitted person books and gets the receipt", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("nojs", cohortConfig("2021-07-19T20:00:00+09:00"));
    await loadClinic("nojs-clinic", [{ id: "nojs-slot", capacity: 3 }], "2021-07-26T09:00:00+09:00");
    await join(cohortId, nationalIdFor("1967-01-02", 1)); // someone ahead
    const nationalId = nationalIdFor("1968-03-15", 77);

    const joined = await formPost(`/cohorts/${cohortId}/live`, { nationalId });
    expect(joined.status).toBe(303);
    expect(joined.headers.get("Location")).toBe(`/cohorts/${cohortId}/live`);
    const setCookie = joined.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(
      new RegExp(`^live_${cohortId}=[^;]+; Max-Age=\\d+; Path=/cohorts/${cohortId}/live; HttpOnly; Secure; SameSite=Strict$`),
    );
    const cookie = setCookie.split(";")[0]!;

    const waiting = await api(`/cohorts/${cohortId}/live`, { headers: { Cookie: cookie } });
    expect(waiting.headers.get("Cache-Control")).toBe(PERSONAL);
    const html = await waiting.text();
    const refresh = /<meta http-equiv="refresh" content="(\d+)"\/>/.exec(html);
    expect(refresh).not.toBeNull();
    expect(Number(refresh![1])).toBeGreaterThanOrEqual(1);
    expect(html).toContain(`이 화면은 <b data-v="seconds">${refresh![1]}</b>초마다`);
    expect(html).toMatch(/<section class="card" data-state="waiting">.*<dd data-v="position">2<\/dd>.*<dd data-v="ahead">1<\/dd>/s);
    expect(html).not.toContain(nationalId);

    await admissionTick(cohortId);
    await admissionTick(cohortId);
    const admitted = await (await api(`/cohorts/${cohortId}/live`, { headers: { Cookie: cookie } })).text();
    expect(admitted).not.toContain('http-equiv="refresh"'); // nothing moves the form away while the person types
    expect(admitted).toMatch(/<section class="card state-ok" data-state="admitted">/);
    expect(admitted).toContain('<option value="nojs-slot">');

    const booked = await formPost(
      `/cohorts/${cohortId}/live/booking`,
      { slotId: "nojs-slot", name: "Yi Sun-sin", nationalId },
      { Cookie: cookie },
    );
    expect(booked.status).toBe(200);
    expect(booked.headers.get("Cache-Control")).toBe(PERSONAL);
    const receipt = await booked.text();
    expect(receipt).toContain('<dd data-v="name">Yi Sun-sin</dd>');
    expect(receipt).toMatch(/<div id="qr" role="img" aria-label="[^"]+"><svg /);
    expect(await bookings(cohortId)).toBe(1);
  });

  it("a two-dose vaccine's form names the dose-2 day, and the receipt shows both doses", async () => {
    setServerTime(AFTER_OPENING);
    const { vaccineId, dose1Slot } = await twoDoseClinic("nojs-doses", 5, 5);
    const cohortId = await createCohort("nojs-doses", cohortConfig(OPENING, { vaccines: [vaccineId] }));
    const nationalId = nationalIdFor("1967-07-07", 78);
    const cookie = (await formPost(`/cohorts/${cohortId}/live`, { nationalId })).headers.get("Set-Cookie")!.split(";")[0]!;
    await admissionTick(cohortId);
    const form = await (await api(`/cohorts/${cohortId}/live`, { headers: { Cookie: cookie } })).text();
    expect(form).toContain("시험 백신 · 2회 접종 (21일 간격)");
    expect(form).toMatch(new RegExp(`<option value="${dose1Slot.replace(/\./g, "\\.")}">[^<]*5자리 남음 · 2차 2021년 8월 16일<`));

    const receipt = await (
      await formPost(`/cohorts/${cohortId}/live/booking`, { slotId: dose1Slot, name: "Heo Jun", nationalId }, { Cookie: cookie })
    ).text();
    expect(receipt).toContain('<dd data-v="vaccine" data-row="vaccine">시험 백신</dd>');
    expect(receipt).toMatch(/<dd data-v="dose2" data-row="dose2">8월 16일 \(월\) 오전 9:00<\/dd>/);
  });

  it("the place page without a ticket cookie says how to get the place back", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("nojs-lost", cohortConfig("2021-07-19T20:00:00+09:00"));
    const response = await api(`/cohorts/${cohortId}/live?lang=en`);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain(ERROR_TEXT.unauthorized.en.split(":")[0]!);
  });
});
