import { afterEach, describe, expect, it, vi } from "vitest";
import { axis, niceMax } from "../../src/admin/dashboard/charts";
import { ADMIN, admissionTick, api, cohortConfig, createCohort, join, nationalIdFor, send, setServerTime } from "../helpers";

afterEach(() => vi.useRealTimers());

describe("the operators' dashboard", () => {
  it("serves a public page shell that carries no cohort data and asks for the token", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("dash-shell", cohortConfig("2021-07-19T20:00:00+09:00"));
    const response = await api("/admin");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('id="token"');
    expect(html).not.toContain(cohortId);
    expect(html).not.toContain("1967-01-01");
  });

  it("fetches a panel of figures and SVG charts only with the admin token", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("dash-panel", cohortConfig("2021-07-19T20:00:00+09:00", { admissionRatePerMinute: 60 }));
    for (let i = 0; i < 3; i++) await join(cohortId, nationalIdFor("1968-08-01", i));
    await admissionTick(cohortId);
    await send("POST", `/admin/v1/cohorts/${cohortId}/controls`, { action: "hold" }, ADMIN);

    expect((await api(`/admin/v1/cohorts/${cohortId}/stats/panel`)).status).toBe(401);
    const response = await api(`/admin/v1/cohorts/${cohortId}/stats/panel`, { headers: ADMIN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("HELD (emergency stop)");
    expect(html.match(/<svg/g)).toHaveLength(5);
    expect(html).toMatch(/<div class="label">waiting<\/div><div class="value">2<\/div>/);
    expect(html).toContain("People waiting");
  });

  it("scales chart axes to round steps", () => {
    expect([0, 0.3, 1, 7, 12, 3000, 3001].map(niceMax)).toEqual([1, 0.5, 1, 10, 20, 5000, 5000]);
    expect([5, 44, 500, 0].map(axis)).toEqual([
      { step: 2, top: 6 },
      { step: 20, top: 60 },
      { step: 200, top: 600 },
      { step: 1, top: 1 },
    ]);
  });
});
