import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { adminRoutes } from "./admin/config-routes";
import { dashboardRoutes } from "./admin/dashboard-routes";
import { adminHistoryRoutes } from "./admin/history-routes";
import { adminLiveRoutes } from "./admin/live-routes";
import { adminLoadRoutes } from "./admin/load-routes";
import { adminScheduleRoutes } from "./admin/schedule-routes";
import { adminSupplyRoutes } from "./admin/supply-routes";
import { agentRoutes } from "./bookings/agent-routes";
import { bookingFinderRoutes, bookingRoutes, cohortBookingRoutes } from "./bookings/booking-routes";
import { receiptRoutes } from "./bookings/receipt-routes";
import { notifyAdminRoutes, notifyRoutes } from "./notify/routes";
import { langOfPath, notFound } from "./pages/render";
import { pageRoutes } from "./pages/routes";
import type { AppEnv } from "./platform/app-env";
import { ApiError } from "./platform/errors";
import { faultRoutes } from "./platform/fault-routes";
import { denyUngatedRoutes } from "./platform/gates";
import { movedTo, withoutTrailingSlash } from "./platform/moved-routes";
import { noStoreUnlessSet } from "./platform/no-store";
import { openApiRoutes } from "./platform/openapi/routes";
import { secretsFrom } from "./platform/secrets";
import { auditRoutes } from "./queue/edge/audit-routes";
import { cohortRoutes } from "./queue/edge/cohort-routes";
import { queueRoutes } from "./queue/edge/queue-routes";
import { countEdgeRefusal } from "./queue/edge/refusal-counts";

/** Paths of the JSON API, operators' API and call-centre API; everything else is a page. */
const API_PATH = /^\/(api|admin\/v1|agent)\//;

/** The Worker's HTTP app: public API, admin API, one error path. */
export const app = new Hono<AppEnv>()
  .use(async (c, next) => {
    c.set("secrets", secretsFrom(c.env));
    await next();
  })
  .use(denyUngatedRoutes)
  .use("/api/*", noStoreUnlessSet)
  .use("/admin/v1/*", noStoreUnlessSet)
  .use("/agent/*", noStoreUnlessSet)
  .route("/api/v1/cohorts", cohortRoutes)
  .route("/api/v1/cohorts", queueRoutes)
  .route("/api/v1/cohorts", notifyRoutes)
  .route("/api/v1/cohorts", cohortBookingRoutes)
  .route("/api/v1/cohorts", auditRoutes)
  .route("/api/v1/bookings", bookingRoutes)
  .route("/api/v1", bookingFinderRoutes)
  .route(
    "/api/v1",
    openApiRoutes((): Hono<AppEnv> => app),
  )
  .route("/api/v1/receipts", receiptRoutes)
  .route("/admin/v1", adminRoutes)
  .route("/admin/v1", adminSupplyRoutes)
  .route("/agent/v1", agentRoutes)
  .route("/admin/v1", adminHistoryRoutes)
  .route("/admin/v1", adminLiveRoutes)
  .route("/admin/v1", adminLoadRoutes)
  .route("/admin/v1", adminScheduleRoutes)
  .route("/admin/v1", faultRoutes)
  .route("/admin/v1", notifyAdminRoutes)
  .route("/", dashboardRoutes)
  .route(
    "/",
    pageRoutes((request, env, ctx): Response | Promise<Response> => app.fetch(request, env, ctx)),
  )
  // A moved API path redirects; `/en/` and `/cohorts/x/` are the pages without the slash; the
  // JSON API answers in its envelope; a person who mistyped a page address gets a page. (Here, not
  // as middleware: a wrapper around every request was a tenth of a poll's time.)
  .notFound((c) => {
    const moved = movedTo(c.req.method, c.req.path);
    if (moved) return c.redirect(moved, 308);
    const trimmed = withoutTrailingSlash(c.req.method, c.req.url);
    if (trimmed) return c.redirect(trimmed, 301);
    return API_PATH.test(c.req.path) ? c.json(new ApiError("not_found").body(), 404) : notFound(c, langOfPath(c.req.path));
  })
  .onError((error, c) => {
    if (error instanceof ApiError) {
      countEdgeRefusal(c, error, error.code);
      // Every rate limit here counts a minute: say when to try again, as the sentence does.
      if (error.code === "rate_limited") c.header("Retry-After", "60");
      if (error.code === "unavailable") c.header("Retry-After", "5");
      return c.json(error.body(), error.status);
    }
    // Hono's own refusals (e.g. a body that is not JSON) are the client's mistake, not ours.
    if (error instanceof HTTPException && error.status < 500) {
      const refusal = new ApiError("invalid_input", { detail: error.message });
      countEdgeRefusal(c, refusal, refusal.code);
      return c.json(refusal.body(), refusal.status);
    }
    countEdgeRefusal(c, error, "internal");
    // Only the first line: database errors go on to list bound parameters, which hold personal data.
    const summary = error.message.split("\n", 1)[0];
    console.error("unhandled error", { path: new URL(c.req.url).pathname, name: error.name, message: summary });
    return c.json(new ApiError("internal").body(), 500);
  });

export type App = typeof app;
