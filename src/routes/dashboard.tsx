import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { publicGate } from "../http/gates";
import { Dashboard } from "../pages/admin/dashboard";
import { renderPage } from "../pages/layout";

/** The operators' dashboard shell. Public because it holds no data: every figure is fetched with the admin token. */
export const dashboardRoutes = new Hono<AppEnv>().get("/", publicGate, async (c) => {
  c.header("Cache-Control", "public, max-age=300");
  return c.html(await renderPage(<Dashboard />));
});
