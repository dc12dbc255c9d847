// Public reads that would otherwise reach the queue object or D1 on every call: a per-client rate
// limit, and a copy of each answer in this location's Cache API.
import type { Context, MiddlewareHandler } from "hono";
import { clientAddressKey } from "../../domain/client-address";
import type { AppEnv } from "../../platform/app-env";
import { ApiError } from "../../platform/errors";

/** Calls to public reads per client address (an IPv6 /64 counts as one); over it, 429 `rate_limited`. */
export const publicReadLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { success } = await c.env.PUBLIC_READ_RATE_LIMITER.limit({ key: `read:${clientAddressKey(c.req.header("CF-Connecting-IP"))}` });
  if (!success) throw new ApiError("rate_limited");
  await next();
};

/** When the copy was stored, by the Worker's clock (the clock the TTL is judged by). */
const STORED_AT = "X-Edge-Stored-At";
/** The route's own `Cache-Control`, handed back to clients with the copy. */
const ROUTE_CACHE_CONTROL = "X-Edge-Cache-Control";
/** How long the Cache API may hold a copy; whether it is still served is judged by its `max-age`. */
const KEEP_SECONDS = 60;

/**
 * Serves a public answer from this location's Cache API (`caches.default`) while younger than the
 * `max-age` its route set, so repeat calls within it reach neither the queue object nor D1. Only
 * 200 answers marked `public` are stored. The key is the path and the listed query parameters
 * (already validated), so adding made-up parameters does not get past the copy.
 */
export function edgeCached(queryNames: readonly string[] = []): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = cacheKey(c, queryNames);
    const cache = caches.default;
    const hit = await cache.match(key);
    const storedAt = Number(hit?.headers.get(STORED_AT));
    const routeCacheControl = hit?.headers.get(ROUTE_CACHE_CONTROL) ?? "";
    const age = Date.now() - storedAt;
    if (hit && age >= 0 && age < maxAgeSeconds(routeCacheControl) * 1000) {
      const served = new Response(hit.body, hit);
      served.headers.set("Cache-Control", routeCacheControl);
      served.headers.delete(STORED_AT);
      served.headers.delete(ROUTE_CACHE_CONTROL);
      return served;
    }
    await next();
    const cacheControl = c.res.headers.get("Cache-Control") ?? "";
    if (c.res.status !== 200 || !cacheControl.startsWith("public") || c.res.headers.has("Set-Cookie")) return;
    const copy = new Response(c.res.clone().body, c.res);
    copy.headers.set(STORED_AT, String(Date.now()));
    copy.headers.set(ROUTE_CACHE_CONTROL, cacheControl);
    // The Cache API's own expiry runs on wall time; a little longer, so that the TTL above decides.
    copy.headers.set("Cache-Control", `public, max-age=${Math.max(KEEP_SECONDS, maxAgeSeconds(cacheControl))}`);
    waitUntil(c, cache.put(key, copy));
  };
}

function cacheKey(c: Context<AppEnv>, queryNames: readonly string[]): Request {
  const url = new URL(c.req.url);
  const key = new URL(url.pathname, url.origin);
  for (const name of [...queryNames].sort()) {
    const value = url.searchParams.get(name);
    if (value !== null) key.searchParams.set(name, value);
  }
  return new Request(key.toString(), { method: "GET" });
}

function maxAgeSeconds(cacheControl: string | null): number {
  const match = /(?:^|[,\s])max-age=(\d+)/.exec(cacheControl ?? "");
  return match ? Number(match[1]) : 0;
}

function waitUntil(c: Context<AppEnv>, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (app.request() in a unit test): the write finishes on its own.
  }
}
