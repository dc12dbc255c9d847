import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dashboardRoutes } from "../../src/admin/dashboard-routes";
import { app } from "../../src/app";
import { pageRoutes } from "../../src/pages/routes";
import type { AppEnv } from "../../src/platform/app-env";
import { adminGate, publicGate } from "../../src/platform/gates";
import { API_PREFIXES, openApiDocument, openApiPath } from "../../src/platform/openapi/document";
import { OPERATIONS } from "../../src/platform/openapi/operations";
import { valid } from "../../src/platform/validate";
import { api } from "../helpers";

async function served() {
  const response = await api("/api/v1/openapi.json");
  expect(response.status).toBe(200);
  return { response, document: (await response.json()) as any };
}

/** Every route of the app as "METHOD path", app-wide middleware left out. */
const appRoutes = () => [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))];

describe("the OpenAPI document", () => {
  it("is served publicly and cacheably as OpenAPI 3.1", async () => {
    const { response, document } = await served();
    expect(response.headers.get("Cache-Control")).toContain("public");
    expect(document.openapi).toBe("3.1.0");
  });

  it("has every API route of the app, and every other route is a page", async () => {
    const { document } = await served();
    // Pages (and the no-JavaScript forms they post) are the routes of the page app and the dashboard.
    const pageApps = [pageRoutes(() => new Response()), dashboardRoutes];
    const pages = pageApps.flatMap((pageApp) => pageApp.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    const missing: string[] = [];
    for (const route of appRoutes()) {
      const [method, path] = route.split(" ") as [string, string];
      if (!API_PREFIXES.some((p) => path.startsWith(p))) {
        expect(pages, `${route} is outside the API, so it must be a page`).toContain(route);
        continue;
      }
      if (!document.paths[openApiPath(path)]?.[method.toLowerCase()]) missing.push(route);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(document.paths).length).toBeGreaterThan(15);
  });

  it("describes every API route in words, and describes no route that does not exist", () => {
    const api = appRoutes().filter((r) => API_PREFIXES.some((p) => r.split(" ")[1]!.startsWith(p)));
    expect(api.filter((route) => !OPERATIONS[route])).toEqual([]);
    expect(Object.keys(OPERATIONS).filter((route) => !api.includes(route))).toEqual([]);
  });

  it("takes parameters, bodies and who may call from the routes' own zod schemas and gates", async () => {
    const { document } = await served();
    const join = document.paths["/api/v1/cohorts/{cohortId}/queue"].post;
    expect(join.security).toEqual([]);
    expect(join.parameters).toContainEqual(expect.objectContaining({ name: "cohortId", in: "path", required: true }));
    expect(join.requestBody.content["application/json"].schema.properties.nationalId).toMatchObject({ type: "string", maxLength: 20 });
    expect(document.paths["/api/v1/cohorts/{cohortId}/queue"].get.security).toEqual([{ ticket: [] }, { ticketCookie: [] }]);

    const save = document.paths["/admin/v1/cohorts/{cohortId}"].put;
    expect(save.security).toEqual([{ adminToken: [] }]);
    expect(save.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(["query:dryRun", "query:force", "query:reason", "query:population", "header:X-Operator"]),
    );
    const body = save.requestBody.content["application/json"].schema;
    expect(body.properties.windows.items.properties.opensAt).toMatchObject({ type: "string", format: "date-time" });
    expect(body.required).toEqual(expect.arrayContaining(["name", "birthDates", "windows", "admissionRatePerMinute", "maxInBookingStep"]));
    const control = document.paths["/admin/v1/cohorts/{cohortId}/controls"].post.requestBody.content["application/json"].schema;
    expect(JSON.stringify(control)).toContain("set_rate");
    expect(document.components.schemas.Error.properties.error.properties.code.enum).toContain("config_conflict");
  });

  it("documents a cohort's Turnstile settings: the page's public site key, needed when the check is required, and the join's token", async () => {
    const { document } = await served();
    const turnstile =
      document.paths["/admin/v1/cohorts/{cohortId}"].put.requestBody.content["application/json"].schema.properties.turnstile;
    expect(Object.keys(turnstile.properties)).toEqual(["required", "siteKey"]);
    expect(turnstile.properties.siteKey.description).toMatch(/public site key.*TURNSTILE_SECRET_KEY/);
    expect(turnstile.description).toContain("When required is true, siteKey is required too");
    const join = document.paths["/api/v1/cohorts/{cohortId}/queue"].post;
    expect(join.requestBody.content["application/json"].schema.properties.turnstileToken).toMatchObject({ type: "string" });
    expect(join.description).toContain("turnstileToken");
  });

  it("a route added without a description shows up as undocumented, which the test above refuses", () => {
    const careless = new Hono<AppEnv>()
      .get("/api/v1/known", publicGate, (c) => c.text("ok"))
      .post("/admin/v1/new-thing", adminGate, valid("json", z.object({ n: z.number() })), (c) => c.text("ok"));
    const document = openApiDocument(careless);
    expect(document.paths["/admin/v1/new-thing"]!.post).toMatchObject({ summary: "(undocumented)", security: [{ adminToken: [] }] });
  });

  it("has a readable reference page listing every path", async () => {
    const response = await api("/api/v1/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    const html = await response.text();
    const { document } = await served();
    for (const path of Object.keys(document.paths)) expect(html).toContain(path);
    expect(html).toContain("Steer a cohort live");
  });
});
