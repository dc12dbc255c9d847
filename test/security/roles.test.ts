import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { parseReceiptKeys, signReceipt } from "../../src/crypto/receipts";
import { parseSigningKeys, signToken } from "../../src/crypto/tokens";
import { ADMIN, api, cohortConfig, createCohort, join, nationalIdFor, setServerTime } from "../helpers";

afterEach(() => vi.useRealTimers());

const COHORT = "roles-cohort";

/** Every route under a prefix (admin or agent), with its path parameters filled in. */
function routesUnder(prefix: "/admin/v1/" | "/agent/v1/"): Array<{ method: string; path: string }> {
  const routes = new Map<string, { method: string; path: string }>();
  for (const r of app.routes) {
    if (r.method === "ALL" || !r.path.startsWith(prefix)) continue;
    const path = r.path.replace(":cohortId", COHORT).replace(":version", "1").replace(":bookingId", "00000000-0000-4000-8000-000000000000");
    routes.set(`${r.method} ${path}`, { method: r.method, path });
  }
  return [...routes.values()];
}

/** Genuine, unexpired citizen tokens of every kind for the cohort in the paths, and a call-centre agent's token. */
async function citizenTokens(): Promise<Record<string, string>> {
  const keys = parseSigningKeys(env.TOKEN_KEYS);
  const now = Math.floor(Date.now() / 1000);
  const common = { coh: COHORT, sub: "someone", iat: now, exp: now + 3600 };
  return {
    ticket: await signToken<"ticket">(keys, { use: "ticket", pos: 1, ...common }),
    grant: await signToken<"grant">(keys, { use: "grant", jti: "g", ...common }),
    receipt: await signReceipt(parseReceiptKeys(env.RECEIPT_KEYS), {
      use: "receipt",
      bid: "00000000-0000-4000-8000-000000000000",
      ...common,
    }),
    agent: env.AGENT_TOKENS.split(" ")[0]!.split(":")[1]!,
  };
}

describe("operators, call-centre agents and citizens are separate roles", () => {
  it("every admin route refuses no token, a wrong token, and every citizen token, and changes nothing", async () => {
    setServerTime("2021-07-19T05:00:00Z");
    const routes = routesUnder("/admin/v1/");
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const tokens = { none: null, wrong: "not-the-admin-token", admin_prefix: env.ADMIN_TOKEN.slice(0, -1), ...(await citizenTokens()) };
    for (const { method, path } of routes) {
      for (const [kind, token] of Object.entries(tokens)) {
        const headers: Record<string, string> = {
          "Content-Type": "application/json",
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        };
        const body = method === "GET" ? undefined : JSON.stringify({ ...cohortConfig("2021-07-19T20:00:00+09:00"), action: "close" });
        const response = await api(path, { method, headers, ...(body ? { body } : {}) });
        expect(response.status, `${method} ${path} with ${kind}`).toBe(401);
        expect(((await response.json()) as any).error.code).toBe("unauthorized");
      }
    }
    expect(await env.COHORT_CONFIG.get(`cohort:${COHORT}`)).toBeNull();
    expect((await api(`/admin/v1/cohorts/${COHORT}`, { headers: ADMIN })).status).toBe(404);
  });

  it("every call-centre agent route refuses the admin token, a wrong token and every citizen token, and books nothing", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const routes = routesUnder("/agent/v1/");
    expect(routes.length).toBeGreaterThanOrEqual(4);
    const { agent: _agent, ...others } = await citizenTokens();
    const tokens = { none: null, admin: env.ADMIN_TOKEN, wrong: "not-an-agent-token-at-all-000000", ...others };
    const body = JSON.stringify({ nationalId: nationalIdFor("1968-07-02", 1), slotId: "x", newSlotId: "y" });
    for (const { method, path } of routes) {
      for (const [kind, token] of Object.entries(tokens)) {
        const headers: Record<string, string> = {
          "Content-Type": "application/json",
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        };
        const response = await api(path, { method, headers, ...(method === "GET" ? {} : { body }) });
        expect(response.status, `${method} ${path} with ${kind}`).toBe(401);
      }
    }
    expect(await env.DB.prepare("SELECT count(*) AS n FROM bookings WHERE cohort_id = ?").bind(COHORT).first("n")).toBe(0);
  });

  it("the admin token is no ticket, grant or receipt", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("roles-admin-citizen", cohortConfig("2021-07-19T20:00:00+09:00"));
    await join(cohortId, nationalIdFor("1968-07-01", 1));
    expect((await api(`/api/v1/cohorts/${cohortId}/queue`, { headers: ADMIN })).status).toBe(401);
    const booking = await api(`/api/v1/cohorts/${cohortId}/bookings`, {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ nationalId: nationalIdFor("1968-07-01", 1), name: "Admin", slotId: "x" }),
    });
    expect(booking.status).toBe(403);
    expect(((await booking.json()) as any).error.code).toBe("grant_invalid");
    expect((await api("/api/v1/bookings/00000000-0000-4000-8000-000000000000", { headers: ADMIN })).status).toBe(401);
  });
});
