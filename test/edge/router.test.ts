// Every route fits Hono's RegExpRouter. One that does not (a fixed name beside a parameter with a
// path after it, as `/bookings/find` beside `/bookings/:bookingId/view` once was) makes the
// SmartRouter serve every request with its TrieRouter: a tenth of a poll's CPU at the edge.
import { env } from "cloudflare:workers";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";

describe("the app's router", () => {
  it("serves with the RegExpRouter", async () => {
    await app.request("/api/v1/cohorts/no-such-cohort/queue", {}, env); // the SmartRouter chooses at the first request
    expect(app.router.name).toBe("SmartRouter + RegExpRouter");
  });

  it("would not if a fixed name stood beside a parameter with a path after it (what the check above catches)", () => {
    const router = new RegExpRouter<number>();
    expect(() => {
      router.add("POST", "/api/v1/bookings/find", 1);
      router.add("POST", "/api/v1/bookings/:bookingId/view", 2);
      router.match("POST", "/api/v1/bookings/find");
    }).toThrow();
  });
});
