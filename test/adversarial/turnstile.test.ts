import { afterEach, describe, expect, it, vi } from "vitest";
import { ADMIN, api, cohortConfig, createCohort, join, nationalIdFor, send, setServerTime, uniqueCohortId } from "../helpers";
import { joinWithToken, mockSiteverify } from "./helpers";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const OPENING = "2021-07-19T20:00:00+09:00";
/** Cloudflare's documented test site key (always passes); only the page shows it. */
const SITE_KEY = "1x00000000000000000000AA";

async function turnstileCohort(label: string) {
  setServerTime("2021-07-19T11:00:00Z");
  return createCohort(label, cohortConfig(OPENING, { turnstile: { required: true, siteKey: SITE_KEY } }));
}

describe("Turnstile on join, per cohort", () => {
  it("a cohort that requires it refuses a join without a token, and creates no place", async () => {
    const cohortId = await turnstileCohort("ts-missing");
    const calls = mockSiteverify({ success: true, hostname: "vaccine.test", action: "join" });
    const refused = await joinWithToken(cohortId, nationalIdFor("1967-01-05", 1));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("turnstile_required");
    expect(calls).toHaveLength(0);

    const accepted = await joinWithToken(cohortId, nationalIdFor("1967-01-05", 2), "token-ok");
    expect(accepted.body.position).toBe(1); // the refused join left nothing behind
    expect(calls[0]!.form.get("response")).toBe("token-ok");
    expect(calls[0]!.form.get("secret")).toBe("test-turnstile-secret");
  });

  it.each([
    ["a token Cloudflare rejects (forged or already redeemed)", { success: false, "error-codes": ["timeout-or-duplicate"] }],
    ["a token minted for another site", { success: true, hostname: "evil.example", action: "join" }],
    ["a token minted for another action", { success: true, hostname: "vaccine.test", action: "login" }],
    ["verification that cannot be reached (fails closed)", "unreachable" as const],
    ["verification that answers an error (fails closed)", "server_error" as const],
  ])("refuses %s", async (_label, outcome) => {
    const cohortId = await turnstileCohort("ts-refused");
    mockSiteverify(outcome);
    const refused = await joinWithToken(cohortId, nationalIdFor("1967-02-05", 1), "some-token");
    expect(refused.body.error.code).toBe("turnstile_required");
  });

  it("is never the only control: a verified human outside the cohort is still refused", async () => {
    const cohortId = await turnstileCohort("ts-eligibility");
    mockSiteverify({ success: true, hostname: "vaccine.test", action: "join" });
    const refused = await joinWithToken(cohortId, nationalIdFor("1990-02-05", 1), "token-ok");
    expect(refused.body.error.code).toBe("not_eligible");
  });

  it("a person who already holds a place gets it back without a new check", async () => {
    const cohortId = await turnstileCohort("ts-rejoin");
    mockSiteverify({ success: true, hostname: "vaccine.test", action: "join" });
    const nationalId = nationalIdFor("1967-03-05", 1);
    const first = await joinWithToken(cohortId, nationalId, "token-ok");
    vi.restoreAllMocks();
    mockSiteverify("unreachable");
    const again = await join(cohortId, nationalId);
    expect(again.body.position).toBe(first.body.position);
  });

  it("an operator config requiring it without the page's site key is refused naming turnstile.siteKey, and nothing is saved", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = uniqueCohortId("ts-no-key");
    const refused = await send("PUT", `/admin/v1/cohorts/${cohortId}`, cohortConfig(OPENING, { turnstile: { required: true } }), ADMIN);
    expect(refused.status).toBe(400);
    const error = ((await refused.json()) as { error: { code: string; details: Array<{ path: string; message: string }> } }).error;
    expect(error.code).toBe("invalid_input");
    expect(error.details).toEqual([
      { path: "turnstile.siteKey", message: expect.stringMatching(/^required when turnstile\.required is true/) },
    ]);
    expect((await api(`/admin/v1/cohorts/${cohortId}`, { headers: ADMIN })).status).toBe(404);
  });

  it("cohorts that do not require it accept joins without a token", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("ts-off", cohortConfig(OPENING));
    const calls = mockSiteverify("unreachable");
    expect((await join(cohortId, nationalIdFor("1967-04-05", 1))).body.position).toBe(1);
    expect(calls).toHaveLength(0);
  });
});
