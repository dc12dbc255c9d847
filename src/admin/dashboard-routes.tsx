import { Hono } from "hono";
import { LANGS, pathIn } from "../copy/lang";
import { renderPage } from "../pages/layout";
import { CONTENT_SECURITY_POLICY } from "../pages/render";
import type { AppEnv } from "../platform/app-env";
import { publicGate } from "../platform/gates";
import { DASHBOARD_PATH, Dashboard } from "./dashboard/dashboard";

/**
 * The operators' dashboard shell, Korean at `/admin` and English at `/en/admin` as the citizen
 * pages are. Public because it holds no data: every figure is fetched with the admin token.
 */
export const dashboardRoutes = new Hono<AppEnv>();
for (const lang of LANGS) {
  dashboardRoutes.get(pathIn(lang, DASHBOARD_PATH), publicGate, async (c) => {
    c.header("Cache-Control", "public, max-age=300");
    // The tab holds the admin token: the citizen pages' policy (own scripts only, never framed).
    c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    c.header("X-Content-Type-Options", "nosniff");
    return c.html(await renderPage(<Dashboard lang={lang} />));
  });
}
