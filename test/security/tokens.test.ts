import { describe, expect, it } from "vitest";
import { type ClaimsByUse, parseCompactToken, parseSigningKeys, signToken, verifyToken } from "../../src/crypto/tokens";
import { decodeToken, encodePart, forgeToken } from "../adversarial/helpers";

const OLD = `old-key:${"o".repeat(40)}`;
const NEW = `new-key:${"n".repeat(40)}`;
const NOW = Date.parse("2021-07-19T11:00:00Z");
const seconds = Math.floor(NOW / 1000);
const ticket: ClaimsByUse["ticket"] = { use: "ticket", coh: "c53", sub: "person", pos: 7, iat: seconds, exp: seconds + 3600 };

describe("signed tokens", () => {
  it("round-trips its claims under the current key", async () => {
    const keys = parseSigningKeys(NEW);
    const verified = await verifyToken(keys, await signToken(keys, ticket), "ticket", NOW);
    expect(verified).toEqual({ ok: true, claims: ticket });
  });

  it("survives a key rotation: a token signed by the old key verifies while the old key is still listed", async () => {
    const token = await signToken(parseSigningKeys(OLD), ticket);
    expect(decodeToken(token).header.kid).toBe("old-key");
    const rotated = parseSigningKeys(`${NEW} ${OLD}`);
    expect((await verifyToken(rotated, token, "ticket", NOW)).ok).toBe(true);
    expect(decodeToken(await signToken(rotated, ticket)).header.kid).toBe("new-key");
    // Once the old key is retired, its tokens are refused.
    expect(await verifyToken(parseSigningKeys(NEW), token, "ticket", NOW)).toEqual({ ok: false, problem: "bad_signature" });
  });

  it("refuses an altered payload, a guessed key, another algorithm, and no signature", async () => {
    const keys = parseSigningKeys(NEW);
    const token = await signToken(keys, ticket);
    const { header, payload, signature } = decodeToken(token);
    const altered = `${encodePart(header)}.${encodePart({ ...payload, pos: 1 })}.${signature}`;
    expect(await verifyToken(keys, altered, "ticket", NOW)).toEqual({ ok: false, problem: "bad_signature" });
    expect((await verifyToken(keys, await forgeToken(header, payload), "ticket", NOW)).ok).toBe(false);
    for (const alg of ["none", "HS512", "RS256", "hs256"]) {
      const other = `${encodePart({ ...header, alg })}.${encodePart(payload)}.${signature}`;
      expect(await verifyToken(keys, other, "ticket", NOW)).toEqual({ ok: false, problem: "malformed" });
    }
    expect((await verifyToken(keys, `${encodePart(header)}.${encodePart(payload)}.`, "ticket", NOW)).ok).toBe(false);
    expect((await verifyToken(keys, "not a token", "ticket", NOW)).ok).toBe(false);
  });

  it("refuses a token presented for another use", async () => {
    const keys = parseSigningKeys(NEW);
    expect(await verifyToken(keys, await signToken(keys, ticket), "grant", NOW)).toEqual({ ok: false, problem: "wrong_use" });
  });

  it("checks expiry and issue time on the server clock it is given", async () => {
    const keys = parseSigningKeys(NEW);
    const token = await signToken(keys, ticket);
    expect((await verifyToken(keys, token, "ticket", NOW + 3599_000)).ok).toBe(true);
    expect(await verifyToken(keys, token, "ticket", NOW + 3600_000)).toEqual({ ok: false, problem: "expired" });
    expect(await verifyToken(keys, token, "ticket", NOW - 60_000)).toEqual({ ok: false, problem: "not_yet_valid" });
  });

  it("round-trips claims that are not ASCII (a cohort named in Korean)", async () => {
    const keys = parseSigningKeys(NEW);
    const korean = { ...ticket, coh: "서울-1967" };
    expect(await verifyToken(keys, await signToken(keys, korean), "ticket", NOW)).toEqual({ ok: true, claims: korean });
  });

  it("keeps trusting a header it has read only for the algorithm it named, and refuses its token altered", async () => {
    const keys = parseSigningKeys(NEW);
    const token = await signToken(keys, ticket);
    expect((await verifyToken(keys, token, "ticket", NOW)).ok).toBe(true);
    // The same header text, now known to name new-key under HS256, is no EdDSA header.
    expect(parseCompactToken(token, "EdDSA")).toBeNull();
    expect(parseCompactToken(token, "HS256")?.keyId).toBe("new-key");
    const { header, payload, signature } = decodeToken(token);
    const altered = `${encodePart(header)}.${encodePart({ ...payload, pos: 1 })}.${signature}`;
    expect(await verifyToken(keys, altered, "ticket", NOW)).toEqual({ ok: false, problem: "bad_signature" });
    expect(await verifyToken(parseSigningKeys(OLD), token, "ticket", NOW)).toEqual({ ok: false, problem: "bad_signature" });
  });

  it("refuses short secrets and malformed key lists at start-up", () => {
    expect(() => parseSigningKeys("k:short")).toThrow();
    expect(() => parseSigningKeys("no-colon-here-at-all-but-long-enough-000000")).toThrow();
  });
});
