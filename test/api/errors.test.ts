import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ADMIN,
  api,
  awayFromWindowEnd,
  book,
  cohortConfig,
  createCohort,
  errorCode,
  join,
  joinAndAdmit,
  loadClinic,
  nationalIdFor,
  poll,
  send,
  setServerTime,
} from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";
const AFTER_OPENING = "2021-07-19T11:00:05Z";

async function openCohort(label: string, overrides = {}) {
  setServerTime(AFTER_OPENING);
  return createCohort(label, cohortConfig(OPENING, overrides));
}

describe("every error is a typed JSON envelope with a stable code", () => {
  it("invalid_input: a malformed national ID number is refused with a precise message in both languages", async () => {
    const cohortId = await openCohort("err-input");
    const { response, body } = await join(cohortId, "68-03-15");
    expect(response.status).toBe(400);
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.message).toMatch(/13 digits/);
    expect(body.error.messageKo).toMatch(/13자리/);
  });

  it("invalid_input: an impossible birth date inside the number is refused", async () => {
    const cohortId = await openCohort("err-date");
    const { response, body } = await join(cohortId, "680230-1000000");
    expect(response.status).toBe(400);
    expect(body.error.message).toMatch(/not a real date of birth/);
  });

  it("invalid_input: a body that is not the expected shape names the field", async () => {
    const cohortId = await openCohort("err-shape");
    const response = await send("POST", `/api/v1/cohorts/${cohortId}/queue`, { nationalID: "680315-1000000" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.message).toMatch(/nationalId/);
  });

  it("invalid_input: a body that is not JSON is refused", async () => {
    const cohortId = await openCohort("err-json");
    const response = await api(`/api/v1/cohorts/${cohortId}/queue`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("invalid_input");
  });

  it("invalid_input: a cohort id that cannot exist in a URL is refused", async () => {
    const response = await api("/api/v1/cohorts/Not_A_Cohort");
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("invalid_input");
  });

  it("unauthorized: polling without a ticket, or with a forged one", async () => {
    const cohortId = await openCohort("err-ticket");
    const missing = await api(`/api/v1/cohorts/${cohortId}/queue`);
    expect(missing.status).toBe(401);
    expect(await errorCode(missing)).toBe("unauthorized");
    const forged = await poll(cohortId, "eyJhbGciOiJIUzI1NiJ9.eyJwb3MiOjF9.AAAA");
    expect(forged.response.status).toBe(401);
    expect(forged.body.error.code).toBe("unauthorized");
  });

  it("unauthorized: the admin API without the admin token, or with a wrong one", async () => {
    const none = await api("/admin/v1/cohorts/anything");
    expect(none.status).toBe(401);
    expect(await errorCode(none)).toBe("unauthorized");
    const wrong = await api("/admin/v1/cohorts/anything", { headers: { Authorization: "Bearer not-the-token" } });
    expect(wrong.status).toBe(401);
  });

  it("grant_required: booking without a grant", async () => {
    const cohortId = await openCohort("err-grant-req");
    const { response, body } = await book(cohortId, null, { nationalId: nationalIdFor("1968-01-01"), name: "A", slotId: "x" });
    expect(response.status).toBe(401);
    expect(body.error.code).toBe("grant_required");
  });

  it("grant_invalid: booking with a ticket in place of a grant", async () => {
    const cohortId = await openCohort("err-grant-inv");
    const joined = await join(cohortId, nationalIdFor("1968-01-01", 7));
    const { response, body } = await book(cohortId, joined.body.ticket, {
      nationalId: nationalIdFor("1968-01-01", 7),
      name: "A",
      slotId: "x",
    });
    expect(response.status).toBe(403);
    expect(body.error.code).toBe("grant_invalid");
  });

  it("not_eligible: someone born outside the cohort is told before waiting, with the eligible dates", async () => {
    const cohortId = await openCohort("err-eligible");
    const { response, body } = await join(cohortId, nationalIdFor("1969-01-01"));
    expect(response.status).toBe(403);
    expect(body.error.code).toBe("not_eligible");
    expect(body.error.message).toContain("1 January 1967");
    expect(body.error.message).toContain("31 December 1968");
  });

  it("not_open: joining before the pre-queue opens tells the opening time from the stored config", async () => {
    setServerTime("2021-07-19T09:00:00Z"); // 18:00 Seoul, two hours before the opening
    const cohortId = await createCohort("err-open", cohortConfig(OPENING));
    const { response, body } = await join(cohortId, nationalIdFor("1968-01-01"));
    expect(response.status).toBe(403);
    expect(body.error.code).toBe("not_open");
    expect(body.error.message).toContain("Monday, 19 July 2021 at 20:00 (Korean Standard Time)");
    expect(body.error.details.opensAt).toBe(OPENING);
  });

  it("cohort_not_found: a cohort nobody configured", async () => {
    const info = await api("/api/v1/cohorts/no-such-cohort");
    expect(info.status).toBe(404);
    expect(await errorCode(info)).toBe("cohort_not_found");
    const joined = await join("no-such-cohort", nationalIdFor("1968-01-01"));
    expect(joined.response.status).toBe(404);
    expect(joined.body.error.code).toBe("cohort_not_found");
  });

  it("already_booked: a second booking by the same person in the same cohort", async () => {
    const cohortId = await openCohort("err-booked");
    await loadClinic(
      "err-booked-clinic",
      [
        { id: "err-booked-a", capacity: 5 },
        { id: "err-booked-b", capacity: 5 },
      ],
      "2021-07-26T09:00:00+09:00",
    );
    const nationalId = nationalIdFor("1968-05-05", 3);
    const { grant } = await joinAndAdmit(cohortId, nationalId);
    const first = await book(cohortId, grant, { nationalId, name: "A", slotId: "err-booked-a" });
    expect(first.response.status).toBe(201);
    const second = await book(cohortId, grant, { nationalId, name: "A", slotId: "err-booked-b" });
    expect(second.response.status).toBe(409);
    expect(second.body.error.code).toBe("already_booked");
  });

  it("slot_full: a slot with no seat left", async () => {
    const cohortId = await openCohort("err-full");
    await loadClinic("err-full-clinic", [{ id: "err-full-slot", capacity: 0 }], "2021-07-26T09:00:00+09:00");
    const nationalId = nationalIdFor("1968-05-06", 4);
    const { grant } = await joinAndAdmit(cohortId, nationalId);
    const { response, body } = await book(cohortId, grant, { nationalId, name: "A", slotId: "err-full-slot" });
    expect(response.status).toBe(409);
    expect(body.error.code).toBe("slot_full");
  });

  it("rate_limited: too many joins from one address", async () => {
    const cohortId = await openCohort("err-rate");
    const headers = { "CF-Connecting-IP": "203.0.113.77" };
    await awayFromWindowEnd();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await join(cohortId, nationalIdFor("1968-02-02", 100 + i), headers)).response.status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const refused = await join(cohortId, nationalIdFor("1968-02-02", 200), headers);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(refused.response.headers.get("Retry-After")).toBe("60");
    // Other addresses are unaffected.
    expect((await join(cohortId, nationalIdFor("1968-02-02", 201))).response.status).toBe(200);
  });

  it("rate_limited: one IPv6 /64 is one client, whichever of its addresses each join comes from (issue 14, item 7)", async () => {
    const cohortId = await openCohort("err-rate-v6");
    await awayFromWindowEnd();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const headers = { "CF-Connecting-IP": `2001:db8:77:1::${(i + 1).toString(16)}` };
      statuses.push((await join(cohortId, nationalIdFor("1968-02-03", 100 + i), headers)).response.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    // The next /64 is another client.
    const neighbour = await join(cohortId, nationalIdFor("1968-02-03", 200), { "CF-Connecting-IP": "2001:db8:77:2::1" });
    expect(neighbour.response.status).toBe(200);
  });

  it("a refused request changes nothing: a refused join leaves no place behind", async () => {
    const cohortId = await openCohort("err-nothing");
    await join(cohortId, nationalIdFor("1970-01-01", 9));
    const ok = await join(cohortId, nationalIdFor("1968-01-01", 9));
    expect(ok.body.position).toBe(1);
  });

  it("an unknown path answers not_found in the same envelope", async () => {
    const response = await api("/api/v1/nothing-here");
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("not_found");
  });

  it("uses the test signing keys, not a developer's .dev.vars", () => {
    expect(env.ADMIN_TOKEN).toBe("test-admin-token-0123456789");
    expect(ADMIN.Authorization).toContain("test-admin-token");
  });
});
