import type { Hono } from "hono";
import { Hono as Router } from "hono";
import type { AppEnv } from "../app-env";
import { publicGate } from "../gates";
import { type OpenApiDocument, openApiDocument } from "./document";
import { ApiReference } from "./reference";

/** The document changes only with a deploy: browsers and the edge may keep it a while. */
const CACHEABLE = "public, max-age=300, stale-while-revalidate=3600";

/**
 * The OpenAPI document of the public and admin APIs, and a readable reference page. The app that
 * mounts these routes is passed in as a getter (it does not exist yet when they are made), so this
 * module never imports the app; the document is built once per isolate, on first ask.
 */
export function openApiRoutes(documentedApp: () => Hono<AppEnv>) {
  let cached: OpenApiDocument | null = null;
  const document = (): OpenApiDocument => {
    cached ??= openApiDocument(documentedApp());
    return cached;
  };
  return new Router<AppEnv>()
    .get("/openapi.json", publicGate, (c) => {
      c.header("Cache-Control", CACHEABLE);
      return c.json(document());
    })
    .get("/docs", publicGate, (c) => {
      c.header("Cache-Control", CACHEABLE);
      return c.html(<ApiReference document={document()} />);
    });
}
