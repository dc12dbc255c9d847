import { Hono } from "hono";
// Build output of scripts/build-client.mjs (npm start, npm test and every wrangler build write it).
import { BUILT_ASSETS } from "../../.build/browser-assets";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { publicGate } from "../platform/gates";
import { ASSET_CACHE, SHORT_CACHE } from "../platform/http-cache";

/** A browser asset by name: `queue.js`, `booking.js`, `qr.js`, `site.css`, `favicon.svg`. */
export type AssetName = keyof typeof BUILT_ASSETS;

/** The fingerprinted URL of an asset, e.g. `/assets/queue.3f9c1a2b7d0e.js`: a new build is a new URL. */
export function assetPath(name: AssetName): string {
  const dot = name.lastIndexOf(".");
  return `/assets/${name.slice(0, dot)}.${BUILT_ASSETS[name].hash}${name.slice(dot)}`;
}

const FINGERPRINTED = /^([a-z0-9-]+)\.([0-9a-f]{12})\.(js|css|svg)$/;

/**
 * Serves the browser assets. The current hash is immutable for a year. Any other hash (a page
 * cached before a deploy asking for the previous build) gets the current file, cached briefly,
 * so that a stale page still works instead of losing its styles and script.
 */
export const assetRoutes = new Hono<AppEnv>().get("/assets/:file", publicGate, (c) => {
  const match = FINGERPRINTED.exec(c.req.param("file"));
  const name = match ? `${match[1]}.${match[3]}` : "";
  if (!match || !(name in BUILT_ASSETS)) throw new ApiError("not_found");
  const asset = BUILT_ASSETS[name as AssetName];
  c.header("Content-Type", asset.type);
  c.header("Cache-Control", asset.hash === match[2] ? ASSET_CACHE : SHORT_CACHE);
  c.header("X-Content-Type-Options", "nosniff");
  return c.body(asset.body);
});
