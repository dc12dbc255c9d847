import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ERROR_TEXT } from "../../src/copy/errors";
import { PERSONAL } from "../../src/platform/http-cache";
import { admissionTick, api, cohortConfig, createCohort, join, loadClinic, nationalIdFor, send, setServerTime } from "../helpers";
import { AFTER_OPENING, OPENING, twoDoseClinic } from "../supply-helpers";
import { formPost } from "./helpers";

afterEach(() => vi.useRealTimers());

async function bookings(cohortId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM bookings WHERE cohort_id = ?").bind(cohortId).first<{ n: number }>();
  return row?.n ?? 0;
}

/** Books through the no-JavaScript form: the 303 to the confirmation page and the cookie that holds the booking. */
async function bookNoJs(cohortId: string, ticketCookie: string, form: Record<string, string>) {
  const posted = await formPost(`/cohorts/${cohortId}/live/booking`, form, { Cookie: ticketCookie });
  const setCookie = posted.headers.get("Set-Cookie") ?? "";
  return { posted, setCookie, cookie: setCookie.split(";")[0]! };
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
    expect(html).toMatch(/<section class="card" data-state="waiting">.*<dd data-v="ahead">1<\/dd>.*<span data-v="position">2<\/span>/s);
    expect(html).not.toContain(nationalId);

    await admissionTick(cohortId);
    await admissionTick(cohortId);
    const admitted = await (await api(`/cohorts/${cohortId}/live`, { headers: { Cookie: cookie } })).text();
    expect(admitted).not.toContain('http-equiv="refresh"'); // nothing moves the form away while the person types
    expect(admitted).toMatch(/<section class="card state-ok" data-state="admitted">/);
    expect(admitted).toContain('<option value="nojs-slot">');

    // Post/Redirect/Get: the booking goes into a cookie of these pages, and the confirmation is a GET.
    const {
      posted,
      setCookie: bookingSetCookie,
      cookie: bookingCookie,
    } = await bookNoJs(cohortId, cookie, { slotId: "nojs-slot", name: "Yi Sun-sin", nationalId });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("Location")).toBe(`/cohorts/${cohortId}/live/booking`);
    expect(bookingSetCookie).toMatch(
      new RegExp(`^live_booking_${cohortId}=[^;]+; Max-Age=\\d+; Path=/cohorts/${cohortId}/live; HttpOnly; Secure; SameSite=Strict$`),
    );
    for (const attempt of [1, 2]) {
      // The second read is a reload: the same booking, and nothing booked again.
      const shown = await api(`/cohorts/${cohortId}/live/booking`, { headers: { Cookie: `${cookie}; ${bookingCookie}` } });
      expect(shown.status, `read ${attempt}`).toBe(200);
      expect(shown.headers.get("Cache-Control")).toBe(PERSONAL);
      const receipt = await shown.text();
      expect(receipt).toContain('<h1 id="receipt-heading">예약이 완료되었습니다</h1>');
      expect(receipt).toContain('<p class="status" id="booking-status" data-standing="active" data-v="status">예약 확정</p>');
      expect(receipt).not.toContain("Yi Sun-sin"); // the receipt alone never reads the name
      expect(receipt).toMatch(/<div id="qr" role="img" aria-label="[^"]+"><svg /);
      expect(receipt).not.toContain(`/cohorts/${cohortId}/manage`); // the scripted page would be blank here
      expect(receipt).toContain("번으로 전화해 예약 번호를 알려 주시면");
      expect(receipt).toContain(`<a class="lang" href="/cohorts/${cohortId}/live/booking?lang=en"`);
    }
    expect(await bookings(cohortId)).toBe(1);
  });

  it("an untouched time list books nothing: its first option is empty, and the server refuses a missing time in the page's words", async () => {
    setServerTime(AFTER_OPENING);
    const cohortId = await createCohort("nojs-untouched", cohortConfig(OPENING));
    await loadClinic("nojs-untouched-clinic", [{ id: "nojs-untouched-slot", capacity: 3 }], "2021-07-26T09:00:00+09:00");
    const nationalId = nationalIdFor("1967-08-08", 79);
    const cookie = (await formPost(`/cohorts/${cohortId}/live?lang=en`, { nationalId })).headers.get("Set-Cookie")!.split(";")[0]!;
    await admissionTick(cohortId);
    const form = await (await api(`/cohorts/${cohortId}/live?lang=en`, { headers: { Cookie: cookie } })).text();
    expect(form).toMatch(/<select id="slot" name="slotId" required="" [^>]*><option value="" selected="">Choose a time<\/option><optgroup/);

    const refused = await formPost(
      `/cohorts/${cohortId}/live/booking?lang=en`,
      { slotId: "", name: "Heo Jun", nationalId },
      { Cookie: cookie },
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Please choose a clinic and a time.");
    expect(await bookings(cohortId)).toBe(0);
  });

  it("the confirmation says where the booking stands now: cancelled after a cancel, without a QR code", async () => {
    setServerTime(AFTER_OPENING);
    const cohortId = await createCohort("nojs-cancel", cohortConfig(OPENING));
    await loadClinic("nojs-cancel-clinic", [{ id: "nojs-cancel-slot", capacity: 3 }], "2021-07-26T09:00:00+09:00");
    const nationalId = nationalIdFor("1967-09-09", 80);
    const cookie = (await formPost(`/cohorts/${cohortId}/live?lang=en`, { nationalId })).headers.get("Set-Cookie")!.split(";")[0]!;
    await admissionTick(cohortId);
    const { cookie: bookingCookie } = await bookNoJs(cohortId, cookie, { slotId: "nojs-cancel-slot", name: "Heo Jun", nationalId });
    const [bookingId, receipt] = decodeURIComponent(bookingCookie.split("=")[1]!).split(/:(.*)/s) as [string, string];
    const cancelled = await send("POST", `/api/v1/bookings/${bookingId}/cancel`, { nationalId }, { Authorization: `Bearer ${receipt}` });
    expect(cancelled.status).toBe(200);
    const html = await (await api(`/cohorts/${cohortId}/live/booking?lang=en`, { headers: { Cookie: bookingCookie } })).text();
    expect(html).toContain('<h1 id="receipt-heading">This booking is cancelled</h1>');
    expect(html).toMatch(/<div class="qr" hidden="">/);
  });

  it("the confirmation page without a saved booking says so, with one main heading", async () => {
    setServerTime(AFTER_OPENING);
    const cohortId = await createCohort("nojs-none", cohortConfig(OPENING));
    const response = await api(`/cohorts/${cohortId}/live/booking?lang=en`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("No booking is saved on this device.");
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
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

    const { cookie: bookingCookie } = await bookNoJs(cohortId, cookie, { slotId: dose1Slot, name: "Heo Jun", nationalId });
    const receipt = await (await api(`/cohorts/${cohortId}/live/booking`, { headers: { Cookie: bookingCookie } })).text();
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
