import { parseIdPairs } from "../crypto/key-pairs";
import { parseReceiptKeys, type ReceiptKeys } from "../crypto/receipts";
import { parseSigningKeys, type SigningKeys } from "../crypto/tokens";

/** Secrets every request needs, parsed once per isolate. */
export interface Secrets {
  signingKeys: SigningKeys;
  idHashKey: string;
  adminToken: string;
  /** Ed25519 keys that sign booking receipts; their public halves are published. */
  receiptKeys: ReceiptKeys;
  /** Call-centre agents' bearer tokens by agent id. Empty when no agent is configured. */
  agentTokens: ReadonlyMap<string, string>;
}

type SecretBindings = "TOKEN_KEYS" | "ID_HASH_KEY" | "ADMIN_TOKEN" | "RECEIPT_KEYS" | "AGENT_TOKENS";

let cached: { source: string; secrets: Secrets } | null = null;

/** Reads and checks the secrets from the environment; throws at the first request when one is missing or weak. */
export function secretsFrom(env: Pick<Env, SecretBindings>): Secrets {
  const source = `${env.TOKEN_KEYS}\n${env.ID_HASH_KEY}\n${env.ADMIN_TOKEN}\n${env.RECEIPT_KEYS}\n${env.AGENT_TOKENS}`;
  if (cached?.source === source) return cached.secrets;
  if (!env.ID_HASH_KEY || env.ID_HASH_KEY.length < 32) throw new Error("ID_HASH_KEY must be at least 32 characters");
  if (!env.ADMIN_TOKEN || env.ADMIN_TOKEN.length < 16) throw new Error("ADMIN_TOKEN must be at least 16 characters");
  const secrets = {
    signingKeys: parseSigningKeys(env.TOKEN_KEYS ?? ""),
    idHashKey: env.ID_HASH_KEY,
    adminToken: env.ADMIN_TOKEN,
    receiptKeys: parseReceiptKeys(env.RECEIPT_KEYS ?? ""),
    agentTokens: parseAgentTokens(env.AGENT_TOKENS ?? "", env.ADMIN_TOKEN),
  };
  cached = { source, secrets };
  return secrets;
}

/**
 * Parses `AGENT_TOKENS`: space-separated `agentId:token` pairs, one per call-centre agent. Empty
 * means no agents. Each token is at least 24 characters, belongs to one agent only (the audit names
 * who acted), and none may equal the admin token, so neither can stand in for the other.
 */
export function parseAgentTokens(text: string, adminToken: string): ReadonlyMap<string, string> {
  if (text.trim() === "") return new Map();
  const pairs = parseIdPairs(text);
  if (!pairs || pairs.some((p) => p.value.length < 24 || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(p.id))) {
    throw new Error(
      "AGENT_TOKENS must be space-separated agentId:token pairs (ids in lowercase letters, digits, dashes; tokens of at least 24 characters)",
    );
  }
  if (pairs.some((p) => p.value === adminToken)) throw new Error("AGENT_TOKENS must not reuse the admin token");
  if (new Set(pairs.map((p) => p.id)).size !== pairs.length) throw new Error("AGENT_TOKENS lists an agent twice");
  // A shared token would make the audit name whichever agent is listed first.
  if (new Set(pairs.map((p) => p.value)).size !== pairs.length) throw new Error("AGENT_TOKENS gives two agents the same token");
  return new Map(pairs.map((p) => [p.id, p.value]));
}
