import { Hono } from "hono";
import { z } from "zod";
import { RECEIPT_NO_LONGER_STANDS as NO_LONGER_STANDS, RECEIPT_REFUSALS as REFUSALS } from "../copy/bookings";
import { receiptKeySet, verifyReceipt } from "../crypto/receipts";
import type { AppEnv } from "../platform/app-env";
import { publicGate } from "../platform/gates";
import { valid } from "../platform/validate";
import { noLongerStands, STANDING_TTL_SECONDS, standingOf } from "./receipt-standing";

/** The public keys change only when an operator rotates them. */
const KEYS_CACHE = "public, max-age=3600, stale-while-revalidate=86400";

/**
 * Public receipt checks: the key set and a verifier. Checks arriving in millions (as the 2021
 * vaccination-pass checks did) cost signature verifications at the edge; a genuine receipt is also
 * checked against its booking's status, read from D1 at most once per booking per location per
 * `STANDING_TTL_SECONDS` (`receipt-standing.ts`), so a cancelled or moved booking's receipt is
 * reported as no longer standing. A forged one never reaches the database. Both answers are cacheable.
 */
export const receiptRoutes = new Hono<AppEnv>()
  .get("/keys", publicGate, async (c) => {
    c.header("Cache-Control", KEYS_CACHE);
    return c.json(await receiptKeySet(c.var.secrets.receiptKeys));
  })
  .get("/verify", publicGate, valid("query", z.object({ receipt: z.string().min(1).max(4096) }).strict()), async (c) => {
    const nowMs = Date.now();
    const verified = await verifyReceipt(c.var.secrets.receiptKeys, c.req.valid("query").receipt, nowMs);
    if (!verified.ok) {
      c.header("Cache-Control", "public, max-age=60");
      return c.json({
        valid: false,
        reason: verified.problem,
        message: REFUSALS[verified.problem].en,
        messageKo: REFUSALS[verified.problem].ko,
      });
    }
    const { claims } = verified;
    // Only a genuine receipt reaches the booking's status: from this location's cache, else one D1 read.
    const standing = await standingOf(c.env, new URL(c.req.url).origin, c.var.secrets.signingKeys, claims.bid, nowMs);
    const problem = noLongerStands(claims, standing);
    // The answer is as fresh as the status it was checked against: cached for what is left of its TTL.
    const left = STANDING_TTL_SECONDS - Math.floor((nowMs - Date.parse(standing.asOf)) / 1000);
    c.header("Cache-Control", `public, max-age=${Math.max(0, Math.min(left, claims.exp - Math.floor(nowMs / 1000)))}`);
    return c.json({
      valid: problem === null,
      ...(problem === null ? {} : { reason: problem, message: NO_LONGER_STANDS[problem].en, messageKo: NO_LONGER_STANDS[problem].ko }),
      keyId: verified.keyId,
      receipt: {
        bookingId: claims.bid,
        cohortId: claims.coh,
        issuedAt: new Date(claims.iat * 1000).toISOString(),
        expiresAt: new Date(claims.exp * 1000).toISOString(),
        appointment: claims.appt ?? null,
      },
      status: standing.status,
      statusAsOf: standing.asOf,
    });
  });
