// Addresses that lead elsewhere: API paths that moved, answered with a permanent redirect that
// keeps the method and body (308), so a page or script from before the move still works; and a
// page's address with a trailing slash.

/** Old path to new, for POST. */
const MOVED: ReadonlyMap<string, string> = new Map([
  // Beside `/bookings/:bookingId/view` a fixed name kept Hono from its fastest router (see booking-routes.ts).
  ["/api/v1/bookings/find", "/api/v1/find-booking"],
  ["/agent/v1/bookings/find", "/agent/v1/find-booking"],
]);

/** Where a request that matched no route moved to, if it is one of the moved ones. */
export function movedTo(method: string, path: string): string | undefined {
  return method === "POST" ? MOVED.get(path) : undefined;
}

/** A page read with a trailing slash (`/en/`), to its address without (`/en`), query kept; undefined otherwise. */
export function withoutTrailingSlash(method: string, url: string): string | undefined {
  if (method !== "GET" && method !== "HEAD") return undefined;
  const address = new URL(url);
  if (address.pathname === "/" || !address.pathname.endsWith("/")) return undefined;
  address.pathname = address.pathname.slice(0, -1);
  return address.toString();
}
