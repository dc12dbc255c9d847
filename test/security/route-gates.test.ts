import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import type { AppEnv } from "../../src/platform/app-env";
import { ApiError } from "../../src/platform/errors";
import { denyUngatedRoutes, gateOf, publicGate } from "../../src/platform/gates";

/** Every route of an app as "METHOD path", with the gates its handlers declare. */
function routeGates(target: Hono<AppEnv>) {
  const byRoute = new Map<string, Set<string>>();
  for (const route of target.routes) {
    if (route.method === "ALL") continue; // app-wide middleware, not a route
    const key = `${route.method} ${route.path}`;
    const gates = byRoute.get(key) ?? new Set<string>();
    const gate = gateOf(route.handler);
    if (gate) gates.add(gate);
    byRoute.set(key, gates);
  }
  return byRoute;
}

describe("every route declares its gate", () => {
  it("the app has no route without exactly one gate", () => {
    const routes = routeGates(app);
    expect(routes.size).toBeGreaterThan(10);
    const ungated = [...routes].filter(([, gates]) => gates.size !== 1).map(([route]) => route);
    expect(ungated).toEqual([]);
  });

  it("the routes that read or change booking state need a token or the admin token", () => {
    const routes = routeGates(app);
    const gateOfRoute = (route: string) => [...(routes.get(route) ?? [])][0];
    expect(gateOfRoute("GET /api/v1/cohorts/:cohortId/queue")).toBe("ticket");
    expect(gateOfRoute("POST /api/v1/cohorts/:cohortId/bookings")).toBe("grant");
    expect(gateOfRoute("GET /api/v1/bookings/:bookingId")).toBe("receipt");
    expect(gateOfRoute("POST /api/v1/bookings/:bookingId/cancel")).toBe("receipt");
    expect(gateOfRoute("POST /api/v1/bookings/:bookingId/reschedule")).toBe("receipt");
    for (const [route, gates] of routes) {
      if (route.includes(" /admin/")) expect([...gates], route).toEqual(["admin"]);
      if (route.includes(" /agent/")) expect([...gates], route).toEqual(["agent"]);
    }
    expect([...routes.keys()].filter((r) => r.includes(" /agent/")).length).toBeGreaterThanOrEqual(4);
  });

  it("the enumeration notices a route added without a gate", () => {
    const careless = new Hono<AppEnv>().get("/gated", publicGate, (c) => c.text("ok")).get("/forgotten", (c) => c.text("booking state"));
    const ungated = [...routeGates(careless)].filter(([, gates]) => gates.size !== 1).map(([route]) => route);
    expect(ungated).toEqual(["GET /forgotten"]);
  });

  it("at run time an ungated route is refused before its handler runs", async () => {
    let handlerRan = false;
    const careless = new Hono<AppEnv>()
      .use(denyUngatedRoutes)
      .get("/gated", publicGate, (c) => c.text("ok"))
      .get("/forgotten", (c) => {
        handlerRan = true;
        return c.text("booking state");
      })
      .onError((error, c) => (error instanceof ApiError ? c.json(error.body(), error.status) : c.text("?", 500)));
    expect((await careless.request("/gated")).status).toBe(200);
    const refused = await careless.request("/forgotten");
    expect(refused.status).toBe(401);
    expect(handlerRan).toBe(false);
  });
});
