import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { publicGate } from "../http/gates";
import { openApiDocument, type OpenApiDocument } from "../openapi/document";
import { ApiReference } from "../pages/api-reference";

/** The document changes only with a deploy: browsers and the edge may keep it a while. */
const CACHEABLE = "public, max-age=300, stale-while-revalidate=3600";

let cached: OpenApiDocument | null = null;

/** Built once per isolate from the app's own routes (imported late: the app mounts these routes). */
async function document(): Promise<OpenApiDocument> {
  cached ??= openApiDocument((await import("../app")).app);
  return cached;
}

/** The OpenAPI document of the public and admin APIs, and a readable reference page. */
export const openApiRoutes = new Hono<AppEnv>()
  .get("/openapi.json", publicGate, async (c) => {
    c.header("Cache-Control", CACHEABLE);
    return c.json(await document());
  })
  .get("/docs", publicGate, async (c) => {
    c.header("Cache-Control", CACHEABLE);
    return c.html(<ApiReference document={await document()} />);
  });
