// Receipts are Ed25519-signed, verifiable by anyone with the published public key, at the edge,
// with no database read: the lesson of the 2021 vaccination-pass outage.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { fromBase64Url, toBase64Url, utf8 } from "../../src/crypto/base64url";
import { parseReceiptKeys, signReceipt } from "../../src/crypto/receipts";
import { parseSigningKeys, type ReceiptClaims, signToken } from "../../src/crypto/tokens";
import { decodeToken, encodePart } from "../adversarial/helpers";
import { api, book, cohortConfig, createCohort, joinAndAdmit, nationalIdFor, setServerTime } from "../helpers";
import { AFTER_OPENING, blockId, DOSE1_DAY, DOSE2_DAY, OPENING, twoDoseClinic } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

// One live booking per person in the whole campaign: each receipt is a new person's.
let lastSerial = 0;

/** Books a two-dose appointment and returns the booking, its receipt and the person's national ID. */
async function genuineReceipt(label: string) {
  const { vaccineId, clinicId, dose1Slot } = await twoDoseClinic(label, 4, 4);
  setServerTime(AFTER_OPENING);
  const cohortId = await createCohort(label, cohortConfig(OPENING, { vaccines: [vaccineId] }));
  const person = nationalIdFor("1967-07-07", ++lastSerial);
  const { grant } = await joinAndAdmit(cohortId, person);
  const { body } = await book(cohortId, grant, { nationalId: person, name: "Receipt", slotId: dose1Slot });
  return { cohortId, clinicId, vaccineId, person, booking: body.booking, receipt: body.receipt as string };
}

/** Bindings that fail loudly if touched: the check must not reach the database or any queue object. */
function bindingsThatMustNotBeUsed(touched: string[]) {
  const trap = (name: string) =>
    new Proxy(
      {},
      {
        get(_target, property) {
          touched.push(`${name}.${String(property)}`);
          throw new Error(`${name} was used`);
        },
      },
    );
  return { ...env, DB: trap("DB"), COHORT_QUEUE: trap("COHORT_QUEUE"), COHORT_CONFIG: trap("COHORT_CONFIG") } as unknown as Env;
}

async function verifyAtTheEdge(receipt: string, bindings: Env) {
  const ctx = createExecutionContext();
  const response = await app.fetch(
    new Request(`https://vaccine.test/api/v1/receipts/verify?receipt=${encodeURIComponent(receipt)}`),
    bindings,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

describe("receipt verification", () => {
  it("accepts a genuine receipt and refuses an altered one, with no database or queue read once its status is cached", async () => {
    const { booking, receipt, clinicId, vaccineId, cohortId } = await genuineReceipt("receipt-verify");
    // The first check of a booking at a location reads its status once (receipt-standing.test.ts).
    expect((await verifyAtTheEdge(receipt, env)).status).toBe(200);
    const touched: string[] = [];
    const bindings = bindingsThatMustNotBeUsed(touched);

    const genuine = await verifyAtTheEdge(receipt, bindings);
    expect(genuine.status).toBe(200);
    expect(genuine.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+/);
    const verdict = (await genuine.json()) as any;
    expect(verdict).toMatchObject({
      valid: true,
      keyId: "test-receipt-1",
      receipt: {
        bookingId: booking.id,
        cohortId,
        appointment: {
          clinicId,
          vaccineId,
          dose1: { slotId: blockId(clinicId, vaccineId, DOSE1_DAY), startsAt: "2021-07-26T00:00:00.000Z" },
          dose2: { slotId: blockId(clinicId, vaccineId, DOSE2_DAY), startsAt: "2021-08-16T00:00:00.000Z" },
        },
      },
    });

    const { header, payload, signature } = decodeToken(receipt);
    const altered = `${encodePart(header)}.${encodePart({ ...payload, appt: { ...payload.appt, clinicId: "elsewhere" } })}.${signature}`;
    const refused = (await (await verifyAtTheEdge(altered, bindings)).json()) as any;
    expect(refused).toMatchObject({ valid: false, reason: "bad_signature" });
    expect(refused.messageKo).toBeTruthy();
    expect(touched).toEqual([]);
  });

  it("can be done by anyone with the published public key alone", async () => {
    const { receipt } = await genuineReceipt("receipt-jwks");
    const response = await api("/api/v1/receipts/keys");
    expect(response.headers.get("Cache-Control")).toContain("public");
    const { keys } = (await response.json()) as { keys: Array<{ kid: string; x: string; crv: string; alg: string }> };
    expect(keys.map((k) => k.kid)).toEqual(["test-receipt-1", "test-receipt-old"]);
    expect(JSON.stringify(keys)).not.toContain('"d"');

    // What a clinic's check-in desk would do offline: import the JWK and check the signature.
    const [headerText, payloadText, signatureText] = receipt.split(".");
    const jwk = keys.find((k) => k.kid === decodeToken(receipt).header.kid)!;
    const publicKey = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: jwk.crv, x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
    const valid = await crypto.subtle.verify(
      { name: "Ed25519" },
      publicKey,
      fromBase64Url(signatureText!)!,
      utf8(`${headerText}.${payloadText}`),
    );
    expect(valid).toBe(true);
  });

  it("accepts receipts signed by a key still listed after rotation, and refuses HMAC, unsigned and unknown-key receipts", async () => {
    const { receipt } = await genuineReceipt("receipt-rotation");
    const claims = decodeToken(receipt).payload as ReceiptClaims;
    const oldKeyOnly = parseReceiptKeys(env.RECEIPT_KEYS.split(" ")[1]!);
    const byOldKey = await signReceipt(oldKeyOnly, claims);
    expect((await (await api(`/api/v1/receipts/verify?receipt=${byOldKey}`)).json()) as any).toMatchObject({
      valid: true,
      keyId: "test-receipt-old",
    });

    const hmac = await signToken<"ticket">(parseSigningKeys(env.TOKEN_KEYS), { ...claims, use: "ticket", pos: 1 });
    const asReceipt = `${encodePart({ alg: "HS256", kid: decodeToken(hmac).header.kid, typ: "JWT" })}.${encodePart(claims)}.${decodeToken(hmac).signature}`;
    const unsigned = `${encodePart({ alg: "none", typ: "JWT" })}.${encodePart(claims)}.`;
    const unknownKey = `${encodePart({ alg: "EdDSA", kid: "someone-elses", typ: "JWT" })}.${encodePart(claims)}.${decodeToken(byOldKey).signature}`;
    for (const forged of [asReceipt, unsigned, unknownKey]) {
      const verdict = (await (await api(`/api/v1/receipts/verify?receipt=${forged}`)).json()) as any;
      expect(verdict.valid, forged).toBe(false);
      expect((await api(`/api/v1/bookings/${claims.bid}`, { headers: { Authorization: `Bearer ${forged}` } })).status).toBe(401);
    }
  });

  it("refuses an expired receipt on the server clock", async () => {
    const { receipt } = await genuineReceipt("receipt-expiry");
    setServerTime(Date.parse(AFTER_OPENING) + 366 * 24 * 3600_000);
    expect((await (await api(`/api/v1/receipts/verify?receipt=${receipt}`)).json()) as any).toMatchObject({
      valid: false,
      reason: "expired",
    });
  });
});

// Issue 14, item 6: a signature that is not 64 bytes made Ed25519 verification throw, and every
// receipt route answered 500. Any malformed token is a clean refusal.
/** A genuine receipt with its signature cut or padded to `bytes` bytes. */
function withSignatureLength(receipt: string, bytes: number): string {
  const [header, payload, signature] = receipt.split(".") as [string, string, string];
  const raw = fromBase64Url(signature) ?? new Uint8Array();
  const resized = new Uint8Array(bytes);
  resized.set(raw.subarray(0, Math.min(bytes, raw.length)));
  return `${header}.${payload}.${toBase64Url(resized)}`;
}

describe("a receipt with a signature of the wrong length", () => {
  it("is reported invalid by the public verifier, not a 500", async () => {
    const { receipt } = await genuineReceipt("malformed-verify");
    for (const bytes of [0, 1, 32, 63, 65, 128]) {
      const response = await api(`/api/v1/receipts/verify?receipt=${encodeURIComponent(withSignatureLength(receipt, bytes))}`);
      expect(response.status, `${bytes} bytes`).toBe(200);
      expect(((await response.json()) as { valid: boolean }).valid, `${bytes} bytes`).toBe(false);
    }
  });

  it("is refused with 401 by every route a receipt opens", async () => {
    const { booking, receipt, person } = await genuineReceipt("malformed-routes");
    const bookingId = booking.id as string;
    const forged = withSignatureLength(receipt, 63);
    const headers = { Authorization: `Bearer ${forged}`, "Content-Type": "application/json" };
    const body = JSON.stringify({ nationalId: person });
    const answers = [
      await api(`/api/v1/bookings/${bookingId}`, { headers }),
      await api(`/api/v1/bookings/${bookingId}/view`, { method: "POST", headers, body }),
      await api(`/api/v1/bookings/${bookingId}/cancel`, { method: "POST", headers, body }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
  });
});
