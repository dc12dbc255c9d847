// Every agent action is audited with the agent who acted. Two agents given the same token would
// be indistinguishable: the gate takes the first listed, so the audit would name the wrong person.
import { describe, expect, it } from "vitest";
import { parseAgentTokens } from "../../src/platform/secrets";

describe("call-centre agent tokens", () => {
  it("two agents sharing one token are refused at start-up, so every audit row names the agent who acted", () => {
    const shared = "token-shared-by-two-agents-0123";
    expect(() => parseAgentTokens(`seoul-01:${shared} busan-02:${shared}`, "the-admin-token-0123456789")).toThrow(/token/);
  });
});
