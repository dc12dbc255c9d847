// One test per bypass that worked in July 2021 (../shared/brief/MISSION.md). Each shows the
// bypass gains nothing, is answered with a clear error, and that nothing was lost.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ERROR_TEXT } from "../../src/copy/errors";
import { prequeueOrder, seedCommitment } from "../../src/domain/shuffle";
import { personFrom } from "../../src/platform/person";
import {
  admissionTick,
  advanceServerTime,
  api,
  book,
  cohortConfig,
  createCohort,
  errorCode,
  freshAddress,
  join,
  joinAndAdmit,
  loadClinic,
  nationalIdFor,
  poll,
  queueStub,
  send,
  setServerTime,
} from "../helpers";
import { bookingCount, cohortInfo, decodeToken, encodePart, forgeToken } from "./helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const LATER = "2021-07-26T20:00:00Z"; // a week after the opening, as a client might claim

describe("1. back door: a direct link to the booking step before the opening", () => {
  it("books nothing without a grant, with a ticket, or with a forged grant, and says why", async () => {
    setServerTime("2021-07-19T10:00:00Z"); // 19:00 in Seoul, when the 2021 back door answered
    const cohortId = await createCohort("back-door", cohortConfig(OPENING));
    await loadClinic("back-door-clinic", [{ id: "back-door-slot", capacity: 10 }], "2021-07-26T09:00:00+09:00");
    const nationalId = nationalIdFor("1968-05-05", 1);
    const form = { nationalId, name: "Kim", slotId: "back-door-slot" };

    const noGrant = await book(cohortId, null, form);
    expect(noGrant.response.status).toBe(401);
    expect(noGrant.body.error.code).toBe("grant_required");

    const joined = await join(cohortId, nationalId);
    expect(joined.body).toMatchObject({ state: "prequeue", position: null });
    expect(joined.body.grant).toBeUndefined();
    const withTicket = await book(cohortId, joined.body.ticket, form);
    expect(withTicket.body.error.code).toBe("grant_invalid");

    const { sub } = decodeToken(joined.body.ticket).payload;
    const now = Math.floor(Date.now() / 1000);
    const forged = await forgeToken(
      { alg: "HS256", kid: "test-new", typ: "JWT" },
      { use: "grant", coh: cohortId, sub, jti: "x", iat: now, exp: now + 600 },
    );
    expect((await book(cohortId, forged, form)).body.error.code).toBe("grant_invalid");

    expect(await bookingCount(cohortId)).toBe(0);
    // The person's pre-queue place survived the attempts.
    expect((await poll(cohortId, joined.body.ticket)).body.state).toBe("prequeue");
  });

  it("the booking page opened by direct link before the opening books nothing and says why", async () => {
    setServerTime("2021-07-19T10:00:00Z"); // 19:00 in Seoul
    const cohortId = await createCohort("back-door-page", cohortConfig(OPENING));
    await loadClinic("back-door-page-clinic", [{ id: "back-door-page-slot", capacity: 10 }], "2021-07-26T09:00:00+09:00");
    const nationalId = nationalIdFor("1968-05-06", 1);

    // The page itself is the same public shell for everyone: it holds no grant and books nothing.
    const page = await api(`/cohorts/${cohortId}/book`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain("back-door-page-slot");
    expect(html).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/); // no token of any kind

    // Its form, posted straight away (as a no-JavaScript browser or a script would), is refused with the reason.
    const form = { slotId: "back-door-page-slot", name: "Kim", nationalId };
    const post = (headers: Record<string, string> = {}) =>
      api(`/cohorts/${cohortId}/live/booking`, {
        method: "POST",
        body: new URLSearchParams(form),
        headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": freshAddress(), ...headers },
      });
    const direct = await post();
    expect(direct.status).toBe(401);
    expect(await direct.text()).toContain(ERROR_TEXT.grant_required.ko);

    // With a pre-queue place (the join form's cookie) there is still no grant before the opening.
    const joined = await api(`/cohorts/${cohortId}/live`, {
      method: "POST",
      body: new URLSearchParams({ nationalId }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": freshAddress() },
      redirect: "manual",
    });
    const cookie = joined.headers.get("Set-Cookie")!.split(";")[0]!;
    const withPlace = await post({ Cookie: cookie });
    expect(withPlace.status).toBe(401);
    expect(await withPlace.text()).toContain(ERROR_TEXT.grant_required.ko);
    const english = await api(`/cohorts/${cohortId}/live/booking?lang=en`, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    });
    expect(await english.text()).toContain(ERROR_TEXT.grant_required.en);

    expect(await bookingCount(cohortId)).toBe(0);
    expect((await join(cohortId, nationalId)).body.state).toBe("prequeue"); // the place is intact
  });

  it("the booking step's read paths answer nothing personal without a receipt", async () => {
    setServerTime("2021-07-19T10:00:00Z");
    const response = await api(`/api/v1/bookings/${crypto.randomUUID()}`);
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe("unauthorized");
  });
});

describe("2. client clock: a device claiming a later time", () => {
  it("no header, cookie, query or body field moves the opening or eligibility", async () => {
    setServerTime("2021-07-19T10:30:00Z"); // 19:30 in Seoul: pre-queue, not open
    const cohortId = await createCohort("client-clock", cohortConfig(OPENING));
    const claimsLater = {
      Date: new Date(LATER).toUTCString(),
      "X-Client-Time": LATER,
      "X-Forwarded-Date": LATER,
      Cookie: `now=${LATER}; clientTime=${Date.parse(LATER)}`,
    };

    const info = await cohortInfo(cohortId, { headers: claimsLater }, `?now=${encodeURIComponent(LATER)}&at=${Date.parse(LATER)}`);
    expect(info.status).toBe("prequeue");
    expect(info.now).toBe("2021-07-19T10:30:00.000Z");

    const joined = await send(
      "POST",
      `/api/v1/cohorts/${cohortId}/queue?now=${encodeURIComponent(LATER)}`,
      { nationalId: nationalIdFor("1967-02-02", 1) },
      {
        ...claimsLater,
        "CF-Connecting-IP": freshAddress(),
      },
    );
    const body = (await joined.json()) as Record<string, any>;
    expect(body).toMatchObject({ state: "prequeue", position: null });
    expect(body.grant).toBeUndefined();

    const withTimeField = await send(
      "POST",
      `/api/v1/cohorts/${cohortId}/queue`,
      { nationalId: nationalIdFor("1967-02-02", 2), clientTime: LATER },
      { "CF-Connecting-IP": freshAddress() },
    );
    expect(withTimeField.status).toBe(400);
    expect(await errorCode(withTimeField)).toBe("invalid_input");
    // The refused request left no place behind: this person is new when they join properly.
    expect((await join(cohortId, nationalIdFor("1967-02-02", 2))).body.state).toBe("prequeue");

    const polled = await api(`/api/v1/cohorts/${cohortId}/queue?now=${encodeURIComponent(LATER)}`, {
      headers: { Authorization: `Bearer ${body.ticket}`, ...claimsLater },
    });
    expect(((await polled.json()) as any).state).toBe("prequeue");
  });
});

describe("3. reconnect: dropping the connection and coming back", () => {
  it("returns the same place from any address or device, and the place never gets worse", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("reconnect", cohortConfig(OPENING, { admissionRatePerMinute: 60 }));
    for (let i = 0; i < 5; i++) await join(cohortId, nationalIdFor("1967-03-03", 100 + i));
    const me = nationalIdFor("1968-08-08", 7);
    const first = await join(cohortId, me);
    expect(first.body.position).toBe(6);
    for (let i = 0; i < 5; i++) await join(cohortId, nationalIdFor("1967-03-03", 200 + i));

    let ahead = first.body.ahead as number;
    for (const device of ["Mozilla/5.0 (iPhone)", "Mozilla/5.0 (Android 8; cheap phone)", "curl/8"]) {
      await admissionTick(cohortId);
      const again = await join(cohortId, me, { "User-Agent": device }); // new address each time, no cookie
      expect(again.body.position).toBe(6);
      expect(again.body.ahead).toBeLessThanOrEqual(ahead);
      ahead = again.body.ahead;
      // The old ticket keeps working too.
      expect((await poll(cohortId, first.body.ticket)).body.position).toBe(6);
    }
    const size = await queueStub(cohortId).progress();
    expect(size?.lastPosition).toBe(11); // reconnects created no places
  });
});

describe("4. console: calling the APIs directly with every client-side value forged", () => {
  it("a ticket edited to claim position 1 is refused, and the real place is unchanged", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("console", cohortConfig(OPENING));
    for (let i = 0; i < 3; i++) await join(cohortId, nationalIdFor("1967-04-04", i));
    const me = await join(cohortId, nationalIdFor("1968-04-04", 9));
    expect(me.body.position).toBe(4);

    const { header, payload, signature } = decodeToken(me.body.ticket);
    const edited = `${encodePart(header)}.${encodePart({ ...payload, pos: 1 })}.${signature}`;
    expect((await poll(cohortId, edited)).response.status).toBe(401);
    const unsigned = `${encodePart({ ...header, alg: "none" })}.${encodePart({ ...payload, pos: 1 })}.`;
    expect((await poll(cohortId, unsigned)).response.status).toBe(401);
    const asGrant = `${encodePart(header)}.${encodePart({ ...payload, use: "grant", jti: "mine" })}.${signature}`;
    expect((await book(cohortId, asGrant, { nationalId: nationalIdFor("1968-04-04", 9), name: "X", slotId: "s" })).body.error.code).toBe(
      "grant_invalid",
    );

    expect((await poll(cohortId, me.body.ticket)).body.position).toBe(4);
  });

  it("hidden fields for position, state or admission in a body are refused, never believed", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("console-fields", cohortConfig(OPENING));
    const nationalId = nationalIdFor("1967-04-05", 1);
    for (const extra of [{ position: 1 }, { state: "admitted" }, { admitted: true }, { grant: "x" }, { isAdmin: true }]) {
      const response = await send(
        "POST",
        `/api/v1/cohorts/${cohortId}/queue`,
        { nationalId, ...extra },
        { "CF-Connecting-IP": freshAddress() },
      );
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe("invalid_input");
    }
    const admin = await send("PUT", `/admin/v1/cohorts/${cohortId}`, cohortConfig("2021-07-19T19:00:00+09:00"), {
      Authorization: "Bearer guess",
    });
    expect(await errorCode(admin)).toBe("unauthorized");
    expect((await join(cohortId, nationalId)).body.position).toBe(1); // nothing was created by the refusals
  });

  it("a booking body cannot name a different grant, slot owner or person", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("console-book", cohortConfig(OPENING));
    await loadClinic("console-clinic", [{ id: "console-slot", capacity: 5 }], "2021-07-26T09:00:00+09:00");
    const me = nationalIdFor("1967-09-09", 1);
    const { grant } = await joinAndAdmit(cohortId, me);
    const extra = await book(cohortId, grant, {
      nationalId: me,
      name: "Me",
      slotId: "console-slot",
      grantId: "someone-else",
      status: "active",
    });
    expect(extra.body.error.code).toBe("invalid_input");
    const otherPerson = await book(cohortId, grant, { nationalId: nationalIdFor("1967-09-09", 2), name: "Other", slotId: "console-slot" });
    expect(otherPerson.body.error.code).toBe("grant_invalid");
    expect(await bookingCount(cohortId)).toBe(0);
    // The grant is still good for its own holder.
    expect((await book(cohortId, grant, { nationalId: me, name: "Me", slotId: "console-slot" })).response.status).toBe(201);
  });
});

describe("5a. ten windows opened hours early", () => {
  it("gains nothing: one place, drawn from a committed seed, recomputable by anyone", async () => {
    setServerTime("2021-07-19T10:00:00Z"); // 19:00 Seoul: the pre-queue opens 60 minutes before
    const cohortId = await createCohort("ten-windows", cohortConfig(OPENING));
    const before = (await (await api(`/api/v1/cohorts/${cohortId}/audit`)).json()) as any;
    const commitment = before.windows[0].commitment as string;
    expect(before.windows[0].seed).toBeNull();

    const eager = nationalIdFor("1968-10-10", 10);
    const eagerWindows = await Promise.all(Array.from({ length: 10 }, () => join(cohortId, eager)));
    expect(new Set(eagerWindows.map((w) => decodeToken(w.body.ticket).payload.sub)).size).toBe(1);

    advanceServerTime(50 * 60_000); // 19:50: others arrive once each, ten minutes early
    for (let i = 0; i < 30; i++) await join(cohortId, nationalIdFor("1967-11-11", i));

    setServerTime("2021-07-19T11:00:00Z");
    await runDurableObjectAlarm(queueStub(cohortId));
    const after = (await (await api(`/api/v1/cohorts/${cohortId}/audit`)).json()) as any;
    const seed = after.windows[0].seed as string;
    expect(await seedCommitment(seed)).toBe(commitment);
    const prequeue = (await (await api(`/api/v1/cohorts/${cohortId}/audit/windows/0/prequeue`)).json()) as any;
    expect(prequeue.identities).toHaveLength(31);

    const recomputed = await prequeueOrder(seed, prequeue.identities, after.windows[0].firstPosition);
    const positions = new Set<number>();
    for (const [index, window] of eagerWindows.entries()) {
      const polled = await poll(cohortId, window.body.ticket);
      positions.add(polled.body.position);
      if (index === 0) expect(polled.body.position).toBe(recomputed.get(decodeToken(window.body.ticket).payload.sub));
    }
    expect(positions.size).toBe(1); // ten windows, one place
    for (let i = 0; i < 30; i += 7) {
      const person = await personFrom(nationalIdFor("1967-11-11", i), env.ID_HASH_KEY);
      const polled = await join(cohortId, nationalIdFor("1967-11-11", i));
      expect(polled.body.position).toBe(recomputed.get(person.identity));
    }
    expect([...recomputed.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
  });
});

describe("5b. the form pre-filled and fired at the opening instant", () => {
  it("a booking fired at 20:00:00 without waiting books nothing; a join then lands behind the pre-queue", async () => {
    setServerTime("2021-07-19T10:40:00Z");
    const cohortId = await createCohort("prefilled", cohortConfig(OPENING));
    await loadClinic("prefilled-clinic", [{ id: "prefilled-slot", capacity: 50 }], "2021-07-26T09:00:00+09:00");
    for (let i = 0; i < 5; i++) await join(cohortId, nationalIdFor("1967-12-12", i));

    setServerTime("2021-07-19T10:59:59.999Z");
    const justBefore = await join(cohortId, nationalIdFor("1968-01-20", 1));
    expect(justBefore.body.state).toBe("prequeue");

    setServerTime("2021-07-19T11:00:00.000Z");
    const prefilled = nationalIdFor("1968-01-20", 2);
    const fired = await book(cohortId, null, { nationalId: prefilled, name: "Fast", slotId: "prefilled-slot" });
    expect(fired.body.error.code).toBe("grant_required");
    const joined = await join(cohortId, prefilled);
    expect(joined.body).toMatchObject({ state: "waiting", position: 7, ahead: 6 });
    const withTicket = await book(cohortId, joined.body.ticket, { nationalId: prefilled, name: "Fast", slotId: "prefilled-slot" });
    expect(withTicket.body.error.code).toBe("grant_invalid");
    expect(await bookingCount(cohortId)).toBe(0);
  });
});

describe("6. thrown back to the start at zero", () => {
  it("ahead only ever falls; at zero the person is admitted, and an unused grant re-enters at the front", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort(
      "thrown-back",
      cohortConfig(OPENING, { admissionRatePerMinute: 60, maxInBookingStep: 2, grantLifetimeSeconds: 60, reentryWindowSeconds: 300 }),
    );
    for (let i = 0; i < 4; i++) await join(cohortId, nationalIdFor("1967-05-05", i));
    const me = nationalIdFor("1968-06-06", 1);
    const joined = await join(cohortId, me);
    for (let i = 0; i < 20; i++) await join(cohortId, nationalIdFor("1967-07-07", i));
    const last = await join(cohortId, nationalIdFor("1967-08-08", 1));

    const aheadTrail: number[] = [];
    let state = "waiting";
    for (let tick = 0; tick < 400 && state === "waiting"; tick++) {
      const polled = await poll(cohortId, joined.body.ticket);
      state = polled.body.state;
      aheadTrail.push(polled.body.ahead);
      expect(polled.body.position).toBe(5);
      await admissionTick(cohortId);
    }
    expect(state).toBe("admitted");
    expect(aheadTrail).toEqual([...aheadTrail].sort((a, b) => b - a));

    // The grant runs out unused: the person is told until when they may come back at the front.
    advanceServerTime(61_000);
    await admissionTick(cohortId);
    const lapsed = await poll(cohortId, joined.body.ticket);
    expect(lapsed.body.state).toBe("expired");
    expect(Date.parse(lapsed.body.reentryUntil)).toBeGreaterThan(Date.now());

    const back = await join(cohortId, me);
    expect(back.body.position).toBe(5); // the same place, not the back of the line
    // Ahead of everyone still waiting: readmitted as soon as the booking step has room.
    let readmitted = false;
    for (let tick = 0; tick < 120 && !readmitted; tick++) {
      await admissionTick(cohortId);
      readmitted = (await poll(cohortId, joined.body.ticket)).body.state === "admitted";
    }
    expect(readmitted).toBe(true);
    expect((await poll(cohortId, last.body.ticket)).body.state).toBe("waiting");
  });
});

describe("7. the eligibility check near midnight in Seoul", () => {
  const fiftyFiveToFiftyNine = () =>
    cohortConfig("2021-07-12T00:00:00+09:00", {
      name: { ko: "55~59세", en: "Ages 55-59" },
      birthDates: { from: "1962-01-01", to: "1966-12-31" },
    });

  it("the 00:00 Seoul opening is open at 15:00 UTC the day before, and not a millisecond earlier", async () => {
    setServerTime("2021-07-11T14:59:59.999Z");
    const cohortId = await createCohort("midnight", fiftyFiveToFiftyNine());
    expect((await cohortInfo(cohortId)).status).toBe("prequeue");

    setServerTime("2021-07-11T15:00:00.000Z"); // 00:00 on the 12th in Seoul, still the 11th in UTC
    expect((await cohortInfo(cohortId)).status).toBe("open");
    const oldest = await join(cohortId, nationalIdFor("1962-01-01", 1));
    const youngest = await join(cohortId, nationalIdFor("1966-12-31", 1));
    expect(oldest.body.state).toBe("waiting");
    expect(youngest.body.state).toBe("waiting");
    const tooYoung = await join(cohortId, nationalIdFor("1967-01-01", 1));
    expect(tooYoung.body.error.code).toBe("not_eligible");
  });
});

describe("8. the wrong announced date", () => {
  it("each cohort's opening is told from its own stored config, never another's", async () => {
    setServerTime("2021-07-19T05:00:00Z");
    const a = await createCohort("announce-a", cohortConfig("2021-07-19T20:00:00+09:00"));
    const b = await createCohort(
      "announce-b",
      cohortConfig("2021-07-20T20:00:00+09:00", { birthDates: { from: "1969-01-01", to: "1971-12-31" } }),
    );
    expect(Date.parse((await cohortInfo(a)).opensAt)).toBe(Date.parse("2021-07-19T11:00:00Z"));
    expect(Date.parse((await cohortInfo(b)).opensAt)).toBe(Date.parse("2021-07-20T11:00:00Z"));

    const early = await join(b, nationalIdFor("1970-01-01", 1));
    expect(early.body.error.code).toBe("not_open");
    expect(early.body.error.message).toContain("Tuesday, 20 July 2021 at 20:00");
    expect(early.body.error.message).not.toContain("19 July");
  });
});
