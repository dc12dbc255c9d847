import type { Context, MiddlewareHandler } from "hono";
import { etag } from "hono/etag";
import type { AppEnv } from "./app-env";

/**
 * Citizen pages: the same bytes for everyone (no personal data, no cookies), so any edge or
 * browser may keep them. Fresh for 30 s, then served stale for up to 2 min while revalidating;
 * a config change reaches everyone within that.
 */
export const PAGE_CACHE = "public, max-age=30, stale-while-revalidate=120";
/** Fingerprinted assets: the URL changes with the content, so the content never does. */
export const ASSET_CACHE = "public, max-age=31536000, immutable";
/** Answers that may change soon (a missing cohort, an asset of an older build). */
export const SHORT_CACHE = "public, max-age=10";
/** Anything personal: the no-JavaScript place, booking and receipt pages. */
export const PERSONAL = "no-store";

/** Cache API name holding rendered pages at each edge location. */
const PAGE_CACHE_NAME = "pages";

/**
 * Serves a page from this edge location's cache when it holds one, and stores what is rendered
 * otherwise, so a surge of page loads reaches neither KV nor the queue object. Only complete,
 * public answers are stored.
 */
const edgeCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  const cache = await caches.open(PAGE_CACHE_NAME);
  const key = new Request(c.req.url, { method: "GET" });
  const hit = await cache.match(key);
  if (hit) return new Response(hit.body, hit);
  await next();
  const cacheControl = c.res.headers.get("Cache-Control") ?? "";
  if (c.res.status === 200 && cacheControl.startsWith("public") && !c.res.headers.has("Set-Cookie")) {
    waitUntil(c, cache.put(key, c.res.clone()));
  }
};

function waitUntil(c: Context<AppEnv>, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context (e.g. app.request() in a unit test): let the write finish on its own.
  }
}

/** A cacheable page: ETag with 304 answers to If-None-Match, in front of the edge cache. */
export const cacheablePage: MiddlewareHandler<AppEnv>[] = [etag(), edgeCache];
