// The operators' dashboard keeps the admin token in the tab and steers every cohort: the page that
// most needs the citizen pages' protections. Only this origin's own scripts may run in it (an
// injected script could read the token) and no other site may frame it (clicks on its buttons).
import { describe, expect, it } from "vitest";
import { api } from "../helpers";

describe("the operators' dashboard", () => {
  it("runs only this origin's own scripts and cannot be framed by another site", async () => {
    const response = await api("/admin");
    expect(response.status).toBe(200);
    const policy = response.headers.get("Content-Security-Policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
