import { Hono } from "hono";
import { secretsFrom } from "./config/secrets";
import type { AppEnv } from "./http/app-env";
import { ApiError } from "./http/errors";
import { adminRoutes } from "./routes/admin";
import { bookingRoutes, cohortBookingRoutes } from "./routes/bookings";
import { cohortRoutes } from "./routes/cohorts";
import { queueRoutes } from "./routes/queue";

/** The Worker's HTTP app: public API, admin API, one error path. */
export const app = new Hono<AppEnv>()
  .use(async (c, next) => {
    c.set("secrets", secretsFrom(c.env));
    await next();
  })
  .route("/api/v1/cohorts", cohortRoutes)
  .route("/api/v1/cohorts", queueRoutes)
  .route("/api/v1/cohorts", cohortBookingRoutes)
  .route("/api/v1/bookings", bookingRoutes)
  .route("/admin/v1", adminRoutes)
  .notFound((c) => c.json(new ApiError("not_found").body(), 404))
  .onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.body(), error.status);
    // Never log request bodies: they may hold national ID numbers.
    console.error("unhandled error", { path: new URL(c.req.url).pathname, name: error.name, message: error.message });
    return c.json(new ApiError("internal").body(), 500);
  });

export type App = typeof app;
