import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";

/**
 * API answers carry tickets, grants, receipts, names and bookings: unless a route chose its own
 * cache policy (the public, cacheable ones do), the answer is `no-store`, so no edge or proxy
 * cache ever keeps a personal answer and serves it to someone else. Errors included.
 */
export const noStoreUnlessSet: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
};
