import { Hono } from "hono";
import { z } from "zod";
import { RECEIPT_REFUSALS as REFUSALS } from "../copy/bookings";
import { receiptKeySet, verifyReceipt } from "../crypto/receipts";
import type { AppEnv } from "../platform/app-env";
import { publicGate } from "../platform/gates";
import { valid } from "../platform/validate";

/** The public keys change only when an operator rotates them. */
const KEYS_CACHE = "public, max-age=3600, stale-while-revalidate=86400";

/**
 * Public, stateless receipt checks: the key set and a verifier. Neither reads the database or the
 * queue, so checks arriving in millions (as the 2021 vaccination-pass checks did) cost only
 * signature verifications at the edge, and both answers are cacheable.
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
    // A genuine receipt's verdict holds until it expires; cache it for at most five minutes of that.
    c.header("Cache-Control", `public, max-age=${Math.max(0, Math.min(300, claims.exp - Math.floor(nowMs / 1000)))}`);
    return c.json({
      valid: true,
      keyId: verified.keyId,
      receipt: {
        bookingId: claims.bid,
        cohortId: claims.coh,
        issuedAt: new Date(claims.iat * 1000).toISOString(),
        expiresAt: new Date(claims.exp * 1000).toISOString(),
        appointment: claims.appt ?? null,
      },
    });
  });
