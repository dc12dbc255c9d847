import { expect, inject, it } from "vitest";
import { buildAssetsModule } from "../../scripts/build-client.mjs";

it("the service serves exactly the browser assets their sources build to", async () => {
  const built = await buildAssetsModule();
  const names = [...built.matchAll(/^ {2}"([^"]+)": \{ hash: "([0-9a-f]{12})"/gm)];
  expect(names.map(([, name]) => name).sort()).toEqual([
    "admin.css",
    "admin.js",
    "booking.js",
    "favicon.svg",
    "qr.js",
    "queue.js",
    "site.css",
  ]);
  for (const [, name = "", hash = ""] of names) {
    const dot = name.lastIndexOf(".");
    const response = await fetch(`${inject("baseUrl")}/assets/${name.slice(0, dot)}.${hash}${name.slice(dot)}`);
    expect(response.status, name).toBe(200);
    // The current build is immutable; a stale one would be answered with the short cache.
    expect(response.headers.get("Cache-Control"), name).toContain("immutable");
  }
});
