// Whether a genuine receipt still stands (its booking not cancelled, moved or cut), answered from
// a short-lived status in this location's edge cache: the database is read at most once per
// booking per location per STANDING_TTL_SECONDS, and only for receipts whose signature is genuine.
import type { RECEIPT_NO_LONGER_STANDS } from "../copy/bookings";
import { fromBase64Url, toBase64Url, utf8 } from "../crypto/base64url";
import { hmacSign, hmacVerify } from "../crypto/hmac";
import type { ReceiptClaims, SigningKeys } from "../crypto/tokens";
import { bookingDb, bookingStanding } from "./d1/store";

/** How old a booking's status may be when a receipt is checked against it: the verifier's staleness bound. */
export const STANDING_TTL_SECONDS = 60;

/** Most cached statuses one change forgets at once; the rest age out within the TTL. */
const MAX_FORGOTTEN = 500;

/** A booking as the verifier last read it; `asOf` is when. */
export interface Standing {
  bookingId: string;
  status: "active" | "cancelled" | "needs_reschedule" | "unknown";
  slotId: string | null;
  dose2SlotId: string | null;
  heldSince: string | null;
  asOf: string;
}

/** Why a genuine receipt no longer stands. */
export type NoLongerStands = keyof typeof RECEIPT_NO_LONGER_STANDS;

function cacheKey(origin: string, bookingId: string): string {
  return `${origin}/__edge-cache/receipt-standing/${encodeURIComponent(bookingId)}`;
}

/** The text a status is signed over: a cached entry someone else wrote is not taken. */
function signedText(standing: Standing): Uint8Array {
  return utf8(`receipt-standing:${JSON.stringify(standing)}`);
}

async function readCached(origin: string, bookingId: string, keys: SigningKeys, nowMs: number): Promise<Standing | null> {
  const hit = await caches.default.match(cacheKey(origin, bookingId));
  if (!hit) return null;
  try {
    const entry = (await hit.json()) as { standing: Standing; kid: string; sig: string };
    const secret = keys.byId.get(entry.kid);
    const sig = fromBase64Url(entry.sig);
    if (!secret || !sig || entry.standing.bookingId !== bookingId) return null;
    if (!(await hmacVerify(secret, sig, signedText(entry.standing)))) return null;
    // The entry's own age, not only the cache's: never older than the TTL.
    return nowMs - Date.parse(entry.standing.asOf) < STANDING_TTL_SECONDS * 1000 ? entry.standing : null;
  } catch {
    return null;
  }
}

async function writeCached(origin: string, standing: Standing, keys: SigningKeys): Promise<void> {
  const sig = toBase64Url(await hmacSign(keys.current.secret, signedText(standing)));
  const body = JSON.stringify({ standing, kid: keys.current.id, sig });
  await caches.default.put(
    cacheKey(origin, standing.bookingId),
    new Response(body, { headers: { "Content-Type": "application/json", "Cache-Control": `public, max-age=${STANDING_TTL_SECONDS}` } }),
  );
}

/** A booking's status from this location's cache, or read once from D1 and cached for the TTL. */
export async function standingOf(env: Env, origin: string, keys: SigningKeys, bookingId: string, nowMs: number): Promise<Standing> {
  const cached = await readCached(origin, bookingId, keys, nowMs);
  if (cached) return cached;
  const row = await bookingStanding(bookingDb(env.DB), bookingId);
  const standing: Standing = {
    bookingId,
    status: row?.status ?? "unknown",
    slotId: row?.slotId ?? null,
    dose2SlotId: row?.dose2SlotId ?? null,
    heldSince: row?.heldSince ?? null,
    asOf: new Date(nowMs).toISOString(),
  };
  await writeCached(origin, standing, keys);
  return standing;
}

/**
 * Why a receipt no longer stands against its booking's status, or null when it does: cancelled,
 * cut by supply, or moved (the receipt's appointment is not the seats held now; a receipt without
 * an appointment is moved when the seats were taken after it was issued).
 */
export function noLongerStands(claims: ReceiptClaims, standing: Standing): NoLongerStands | null {
  if (standing.status === "unknown") return "unknown_booking";
  if (standing.status !== "active") return standing.status;
  if (claims.appt) {
    const sameSeats = claims.appt.dose1.slotId === standing.slotId && (claims.appt.dose2?.slotId ?? null) === standing.dose2SlotId;
    return sameSeats ? null : "superseded";
  }
  return standing.heldSince !== null && Date.parse(standing.heldSince) >= (claims.iat + 1) * 1000 ? "superseded" : null;
}

/** Forgets this location's cached statuses of bookings that just changed; other locations' copies age out within the TTL. */
export async function forgetStanding(origin: string, bookingIds: readonly string[]): Promise<void> {
  await Promise.all(bookingIds.slice(0, MAX_FORGOTTEN).map((id) => caches.default.delete(cacheKey(origin, id))));
}
