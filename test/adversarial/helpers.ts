import { env } from "cloudflare:workers";
import { toBase64Url, utf8 } from "../../src/security/base64url";
import { hmacSign } from "../../src/security/hmac";
import { api } from "../helpers";

/** Active bookings stored for a cohort, read straight from D1. */
export async function bookingCount(cohortId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM bookings WHERE cohort_id = ? AND status = 'active'").bind(cohortId).first<{ n: number }>();
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
export async function forgeToken(header: Record<string, unknown>, payload: Record<string, unknown>, secret = "attacker-guess"): Promise<string> {
  const input = `${encodePart(header)}.${encodePart(payload)}`;
  return `${input}.${toBase64Url(await hmacSign(secret, utf8(input)))}`;
}

/** The positions a poll reported, in order. */
export type Trail = number[];
