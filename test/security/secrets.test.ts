import { describe, expect, it } from "vitest";
import { parseReceiptKeys } from "../../src/crypto/receipts";
import { parseAgentTokens } from "../../src/platform/secrets";

const ADMIN_TOKEN = "the-admin-token-0123456789";

describe("call-centre agent tokens", () => {
  it("are read as agentId:token pairs, and none at all means no agents", () => {
    const agents = parseAgentTokens("seoul-01:token-for-seoul-0123456789 busan-02:token-for-busan-0123456789", ADMIN_TOKEN);
    expect([...agents.keys()]).toEqual(["seoul-01", "busan-02"]);
    expect(parseAgentTokens("  ", ADMIN_TOKEN).size).toBe(0);
  });

  it("refuse the admin token, short tokens, a repeated agent and malformed pairs at start-up", () => {
    expect(() => parseAgentTokens(`seoul-01:${ADMIN_TOKEN}`, ADMIN_TOKEN)).toThrow(/admin token/);
    expect(() => parseAgentTokens("seoul-01:short", ADMIN_TOKEN)).toThrow();
    expect(() => parseAgentTokens("a:token-for-seoul-0123456789 a:token-for-busan-0123456789", ADMIN_TOKEN)).toThrow(/twice/);
    expect(() => parseAgentTokens("no-colon-token-for-seoul-0123456789", ADMIN_TOKEN)).toThrow();
    expect(() => parseAgentTokens("Seoul_01:token-for-seoul-0123456789", ADMIN_TOKEN)).toThrow();
  });
});

describe("receipt signing keys", () => {
  it("are Ed25519 PKCS #8 keys with ids, the first one signing", () => {
    const keys = parseReceiptKeys(
      "new:MC4CAQAwBQYDK2VwBCIEIH4ws6bdqnRs24Tgs-DS4QWmT_mUEAWLRFoXqrLeVN6n old:MC4CAQAwBQYDK2VwBCIEIBog1xKuDs-FxzL-m4nLlPgSZErFMnV0LK3jT1j_y52T",
    );
    expect(keys.signing.id).toBe("new");
    expect(keys.all.map((k) => k.id)).toEqual(["new", "old"]);
  });

  it("refuse anything that is not one, at start-up", () => {
    expect(() => parseReceiptKeys("")).toThrow(/RECEIPT_KEYS/);
    expect(() => parseReceiptKeys("k:not-a-key")).toThrow();
    expect(() => parseReceiptKeys("k:test-signing-key-new-0123456789abcdef")).toThrow();
  });
});
