import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { toBase64Url, utf8 } from "../../src/crypto/base64url";
import { hmacSign } from "../../src/crypto/hmac";
import { SITEVERIFY_URL } from "../../src/platform/turnstile";
import { api, freshAddress, send } from "../helpers";

/** Active bookings stored for a cohort, read straight from D1. */
export async function bookingCount(cohortId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM bookings WHERE cohort_id = ? AND status = 'active'")
    .bind(cohortId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The cohort's public info, as a page would fetch it. */
export async function cohortInfo(cohortId: string, init: RequestInit = {}, query = "") {
  const response = await api(`/api/v1/cohorts/${cohortId}${query}`, init);
  return (await response.json()) as Record<string, any>;
}

/** Splits a token into its decoded header and payload, and its signature. */
export function decodeToken(token: string) {
  const [header, payload, signature] = token.split(".");
  const decode = (part: string) => JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, any>;
  return { header: decode(header!), payload: decode(payload!), signature: signature! };
}

/** Encodes a JSON object as a token part. */
export function encodePart(value: unknown): string {
  return toBase64Url(utf8(JSON.stringify(value)));
}

/** A token with the given header and payload, signed HS256 with a secret the server does not hold. */
export async function forgeToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret = "attacker-guess",
): Promise<string> {
  const input = `${encodePart(header)}.${encodePart(payload)}`;
  return `${input}.${toBase64Url(await hmacSign(secret, utf8(input)))}`;
}

/** The positions a poll reported, in order. */
export type Trail = number[];

/**
 * Answers Cloudflare's siteverify with `outcome`, recording what was asked; every other fetch goes
 * through. Undo with `vi.restoreAllMocks()`.
 */
export function mockSiteverify(outcome: Record<string, unknown> | "unreachable" | "server_error") {
  const calls: Array<{ url: string; form: FormData }> = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== SITEVERIFY_URL) return realFetch(input, init);
    calls.push({ url, form: init?.body as FormData });
    if (outcome === "unreachable") throw new TypeError("network connection lost");
    if (outcome === "server_error") return new Response("oops", { status: 502 });
    return Response.json(outcome);
  });
  return calls;
}

/** Joins through the JSON API with a Turnstile token (or none), from a fresh address. */
export async function joinWithToken(cohortId: string, nationalId: string, turnstileToken?: string) {
  const response = await send(
    "POST",
    `/api/v1/cohorts/${cohortId}/queue`,
    { nationalId, ...(turnstileToken ? { turnstileToken } : {}) },
    { "CF-Connecting-IP": freshAddress() },
  );
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
