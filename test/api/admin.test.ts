import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ADMIN, api, cohortConfig, send, setServerTime, uniqueCohortId } from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";

describe("cohort configuration through the admin route", () => {
  it("validates, stores in KV and in the queue object, and reads back", async () => {
    setServerTime("2021-07-01T00:00:00Z");
    const id = uniqueCohortId("admin-save");
    const saved = await send("PUT", `/admin/v1/cohorts/${id}`, cohortConfig(OPENING), ADMIN);
    expect(saved.status).toBe(200);
    const stored = await env.COHORT_CONFIG.get(`cohort:${id}`, "json");
    expect(stored).toMatchObject({ id, windows: [{ opensAt: OPENING }] });
    const read = await api(`/admin/v1/cohorts/${id}`, { headers: ADMIN });
    expect(((await read.json()) as any).cohort).toMatchObject({ id, timeZone: "Asia/Seoul", birthDates: { from: "1967-01-01" } });
  });

  it("refuses an opening instant without an explicit offset, naming the field, and saves nothing", async () => {
    const id = uniqueCohortId("admin-offset");
    const config = cohortConfig(OPENING);
    const response = await send(
      "PUT",
      `/admin/v1/cohorts/${id}`,
      { ...config, windows: [{ ...config.windows[0], opensAt: "2021-07-19T20:00:00" }] },
      ADMIN,
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.message).toContain("windows.0.opensAt");
    expect(await env.COHORT_CONFIG.get(`cohort:${id}`)).toBeNull();
    expect((await api(`/api/v1/cohorts/${id}`)).status).toBe(404);
  });

  it("refuses a body whose id differs from the path", async () => {
    const id = uniqueCohortId("admin-mismatch");
    const response = await send("PUT", `/admin/v1/cohorts/${id}`, { ...cohortConfig(OPENING), id: "another-cohort" }, ADMIN);
    expect(response.status).toBe(400);
  });

  it("the public cohort page shows the stored opening in local time and the server's now", async () => {
    setServerTime("2021-07-19T10:59:59Z");
    const id = uniqueCohortId("admin-public");
    const saved = await send(
      "PUT",
      `/admin/v1/cohorts/${id}`,
      cohortConfig(OPENING, { birthDates: { from: "1969-01-01", to: "1971-12-31" } }),
      ADMIN,
    );
    expect(saved.status).toBe(200);
    const response = await api(`/api/v1/cohorts/${id}`);
    expect(response.headers.get("Cache-Control")).toContain("public");
    const body = (await response.json()) as any;
    expect(body).toMatchObject({ status: "prequeue", opensAt: OPENING, now: "2021-07-19T10:59:59.000Z" });
    expect(body.windows[0].opensAtLocal).toBe("2021-07-19 20:00");
    const list = (await (await api("/api/v1/cohorts")).json()) as any;
    expect(list.cohorts.map((c: any) => c.id)).toContain(id);
  });
});

describe("supply loading", () => {
  it("is all or nothing: a slot naming an unknown clinic loads no row", async () => {
    const response = await send(
      "PUT",
      "/admin/v1/supply",
      {
        clinics: [{ id: "supply-good", nameKo: "가", nameEn: "A", region: "Seoul", address: "x" }],
        slots: [
          {
            id: "supply-ok",
            clinicId: "supply-good",
            startsAt: "2030-01-01T09:00:00+09:00",
            endsAt: "2030-01-01T09:30:00+09:00",
            capacity: 3,
          },
          {
            id: "supply-bad",
            clinicId: "supply-missing",
            startsAt: "2030-01-01T09:00:00+09:00",
            endsAt: "2030-01-01T09:30:00+09:00",
            capacity: 3,
          },
        ],
      },
      ADMIN,
    );
    expect(response.status).toBe(400);
    const clinic = await env.DB.prepare("SELECT id FROM clinics WHERE id = 'supply-good'").first();
    const slot = await env.DB.prepare("SELECT id FROM slots WHERE id = 'supply-ok'").first();
    expect(clinic).toBeNull();
    expect(slot).toBeNull();
  });

  it("refuses a negative capacity with the row's path", async () => {
    const response = await send(
      "PUT",
      "/admin/v1/supply",
      {
        slots: [
          {
            id: "neg",
            clinicId: "c",
            vaccineId: "v",
            startsAt: "2030-01-01T09:00:00+09:00",
            endsAt: "2030-01-01T09:30:00+09:00",
            capacity: -1,
          },
        ],
      },
      ADMIN,
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.message).toContain("slots.0.capacity");
  });
});
