import { describe, expect, it } from "vitest";
import securityDoc from "../../docs/security.md?raw";
import { app } from "../../src/app";
import { gateOf } from "../../src/platform/gates";

interface TableRow {
  gate: string;
  limit: string;
  reaches: string;
}

/** The rows of the "Every route" table in docs/security.md, by "METHOD path". */
function routeTable(doc: string): Map<string, TableRow> {
  const section = doc.split(/^## Every route$/m)[1]?.split(/^## /m)[0] ?? "";
  const table = new Map<string, TableRow>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    const route = /^`([A-Z]+ \S+)`$/.exec(cells[1] ?? "")?.[1];
    if (!route) continue;
    table.set(route, { gate: cells[2] ?? "", limit: cells[3] ?? "", reaches: cells[4] ?? "" });
  }
  return table;
}

/** Every route of the app as "METHOD path" with the gate it declares. */
function appRoutes(): Map<string, string | undefined> {
  const routes = new Map<string, string | undefined>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue;
    const key = `${route.method} ${route.path}`;
    routes.set(key, routes.get(key) ?? gateOf(route.handler));
  }
  return routes;
}

/** What differs between the app and the table: routes missing, routes listed that do not exist, gates that differ. */
function differences(doc: string): string[] {
  const table = routeTable(doc);
  const found: string[] = [];
  for (const [route, gate] of appRoutes()) {
    const row = table.get(route);
    if (!row) found.push(`missing: ${route}`);
    else if (row.gate !== gate) found.push(`gate of ${route}: table says ${row.gate}, the app ${gate}`);
  }
  for (const route of table.keys()) if (!appRoutes().has(route)) found.push(`not a route: ${route}`);
  return found;
}

describe("the table of every route in docs/security.md", () => {
  it("lists every route of the app, each with the gate it declares, and nothing else", () => {
    expect(routeTable(securityDoc).size).toBeGreaterThan(40);
    expect(differences(securityDoc)).toEqual([]);
  });

  it("says for every public route that can reach a queue object or D1 what bounds it", () => {
    const unbounded = [...routeTable(securityDoc)]
      .filter(([, row]) => row.gate === "public" && /object|D1/.test(row.reaches) && (row.limit === "" || row.limit === "none"))
      .map(([route]) => route);
    expect(unbounded).toEqual([]);
  });

  it("notices a route left out, a route that no longer exists, and a wrong gate", () => {
    const withoutVerify = securityDoc
      .split("\n")
      .filter((line) => !line.startsWith("| `GET /api/v1/receipts/verify`"))
      .join("\n");
    expect(differences(withoutVerify)).toEqual(["missing: GET /api/v1/receipts/verify"]);
    const withGhost = securityDoc.replace(
      "| `GET /api/v1/receipts/keys`",
      "| `GET /api/v1/receipts/everything` | public | none | D1 | none |\n| `GET /api/v1/receipts/keys`",
    );
    expect(differences(withGhost)).toEqual(["not a route: GET /api/v1/receipts/everything"]);
    const wrongGate = securityDoc.replace(/^(\| `POST \/api\/v1\/bookings\/:bookingId\/cancel`\s*\|\s*)receipt/m, "$1public");
    expect(differences(wrongGate)).toEqual(["gate of POST /api/v1/bookings/:bookingId/cancel: table says public, the app receipt"]);
  });
});
