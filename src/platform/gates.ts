import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { matchedRoutes } from "hono/route";
import { secretsEqual } from "../crypto/hmac";
import { verifyReceipt } from "../crypto/receipts";
import { type ClaimsByUse, type TokenUse, verifyToken } from "../crypto/tokens";
import type { AppEnv } from "./app-env";
import { bearerToken } from "./bearer";
import { ApiError, type ErrorCode } from "./errors";
import { ticketFromCookies } from "./tickets";

/** Who may call a route. Every route declares exactly one; a test fails on any route without. */
export type GateKind = "public" | "ticket" | "grant" | "receipt" | "admin" | "agent";

const gateKinds = new WeakMap<object, GateKind>();

/** Hono wraps a mounted sub-app's handlers; the original is kept under this key. */
const COMPOSED_HANDLER = "__COMPOSED_HANDLER";

/** The handler Hono wrapped when mounting a sub-app's route, if this is such a wrapper. */
export function composedHandler(handler: object): object | undefined {
  const inner = (handler as unknown as Record<string, unknown>)[COMPOSED_HANDLER];
  return typeof inner === "function" ? inner : undefined;
}

/** The gate a handler is, if it is one (seeing through Hono's wrapping of mounted routes). */
export function gateOf(handler: object): GateKind | undefined {
  const inner = composedHandler(handler);
  return gateKinds.get(handler) ?? (inner ? gateKinds.get(inner) : undefined);
}

/**
 * Deny by default: refuses a request whose matched route declares no gate, before any of the
 * route's handlers run. App-wide middleware (method ALL) is not a route and is skipped.
 */
export const denyUngatedRoutes: MiddlewareHandler<AppEnv> = async (c, next) => {
  const endpoints = matchedRoutes(c).filter((route) => route.method !== "ALL");
  if (endpoints.length > 0 && !endpoints.some((route) => gateOf(route.handler) !== undefined)) {
    console.error("route without a gate refused", { method: c.req.method, path: endpoints[0]!.path });
    throw new ApiError("unauthorized");
  }
  await next();
};

function declareGate(kind: GateKind, middleware: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  gateKinds.set(middleware, kind);
  return middleware;
}

/** Anyone may call: public, cacheable information and the join itself. */
export const publicGate = declareGate("public", async (_c, next) => {
  await next();
});

/** Operators only: the admin bearer token, compared in constant time. */
export const adminGate = declareGate("admin", async (c, next) => {
  const token = bearerToken(c.req.header("Authorization"));
  if (!token || !(await secretsEqual(token, c.var.secrets.adminToken))) throw new ApiError("unauthorized");
  await next();
});

/**
 * Call-centre agents only: a bearer token listed in `AGENT_TOKENS`, compared in constant time
 * against every agent's token (no early exit). Sets `agentId`. The admin token is not an agent
 * token and an agent token opens no admin route.
 */
export const agentGate = declareGate("agent", async (c, next) => {
  const token = bearerToken(c.req.header("Authorization"));
  if (!token) throw new ApiError("unauthorized");
  const agents = [...c.var.secrets.agentTokens];
  const matches = await Promise.all(agents.map(([, agentToken]) => secretsEqual(token, agentToken)));
  const index = matches.indexOf(true);
  if (index < 0) throw new ApiError("unauthorized");
  c.set("agentId", agents[index]![0]);
  await next();
});

/** A verified token of one use, bound to the cohort in the path when there is one. */
function tokenGate<U extends TokenUse>(
  use: U,
  options: { missing: ErrorCode; invalid: ErrorCode; fromCookie?: (c: Context<AppEnv>) => string | undefined },
): MiddlewareHandler<AppEnv> {
  return declareGate(use, async (c, next) => {
    const token = bearerToken(c.req.header("Authorization")) ?? options.fromCookie?.(c);
    if (!token) throw new ApiError(options.missing);
    const verified = await verifyToken(c.var.secrets.signingKeys, token, use, Date.now());
    const cohortId = c.req.param("cohortId");
    // One refusal for every failure (forged, expired, wrong use, wrong cohort): no hints for an attacker.
    if (!verified.ok || (cohortId !== undefined && verified.claims.coh !== cohortId)) throw new ApiError(options.invalid);
    c.set("claims", verified.claims as ClaimsByUse[TokenUse]);
    await next();
  });
}

/** A queue ticket, as a bearer token or the cohort's HttpOnly cookie. */
export const ticketGate = tokenGate("ticket", {
  missing: "unauthorized",
  invalid: "unauthorized",
  fromCookie: (c) => ticketFromCookies(getCookie(c), c.req.param("cohortId") ?? "", c.req.query("holder")),
});

/** An admission grant, as a bearer token. */
export const grantGate = tokenGate("grant", { missing: "grant_required", invalid: "grant_invalid" });

/** A booking receipt (Ed25519), as a bearer token. Verified with the public keys alone. */
export const receiptGate = declareGate("receipt", async (c, next) => {
  const token = bearerToken(c.req.header("Authorization"));
  if (!token) throw new ApiError("unauthorized");
  const verified = await verifyReceipt(c.var.secrets.receiptKeys, token, Date.now());
  if (!verified.ok) throw new ApiError("unauthorized");
  c.set("claims", verified.claims);
  await next();
});

/** The verified claims a token gate put on the context. */
export function claimsOf<U extends TokenUse>(c: Context<AppEnv>, use: U): ClaimsByUse[U] {
  const claims = c.get("claims");
  if (!claims || claims.use !== use) throw new ApiError("unauthorized");
  return claims as ClaimsByUse[U];
}
