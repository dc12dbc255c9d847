// Issue 14, item 6: a receipt whose signature is not 64 bytes made Ed25519 verification throw, and
// every receipt route answered 500. Any malformed token, of any kind, is a clean refusal.
import { afterEach, describe, expect, it, vi } from "vitest";
import { fromBase64Url, toBase64Url } from "../../src/crypto/base64url";
import { api, book, cohortConfig, createCohort, joinAndAdmit, nationalIdFor, setServerTime } from "../helpers";
import { AFTER_OPENING, OPENING, twoDoseClinic } from "../supply-helpers";

afterEach(() => vi.useRealTimers());

/** A genuine receipt with its signature cut or padded to `bytes` bytes. */
function withSignatureLength(receipt: string, bytes: number): string {
  const [header, payload, signature] = receipt.split(".") as [string, string, string];
  const raw = fromBase64Url(signature) ?? new Uint8Array();
  const resized = new Uint8Array(bytes);
  resized.set(raw.subarray(0, Math.min(bytes, raw.length)));
  return `${header}.${payload}.${toBase64Url(resized)}`;
}

// One live booking per person in the whole campaign: each receipt is a new person's.
let lastSerial = 0;

async function genuineReceipt(label: string) {
  const { vaccineId, dose1Slot } = await twoDoseClinic(label, 4, 4);
  setServerTime(AFTER_OPENING);
  const cohortId = await createCohort(label, cohortConfig(OPENING, { vaccines: [vaccineId] }));
  const person = nationalIdFor("1967-07-07", ++lastSerial);
  const { grant } = await joinAndAdmit(cohortId, person);
  const { body } = await book(cohortId, grant, { nationalId: person, name: "Malformed", slotId: dose1Slot });
  return { bookingId: body.booking.id as string, receipt: body.receipt as string, person };
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
    const { bookingId, receipt, person } = await genuineReceipt("malformed-routes");
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
