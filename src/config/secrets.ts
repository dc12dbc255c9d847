import { parseSigningKeys, type SigningKeys } from "../security/tokens";

/** Secrets every request needs, parsed once per isolate. */
export interface Secrets {
  signingKeys: SigningKeys;
  idHashKey: string;
  adminToken: string;
}

let cached: { source: string; secrets: Secrets } | null = null;

/** Reads and checks the secrets from the environment; throws at the first request when one is missing or weak. */
export function secretsFrom(env: Pick<Env, "TOKEN_KEYS" | "ID_HASH_KEY" | "ADMIN_TOKEN">): Secrets {
  const source = `${env.TOKEN_KEYS}\n${env.ID_HASH_KEY}\n${env.ADMIN_TOKEN}`;
  if (cached?.source === source) return cached.secrets;
  if (!env.ID_HASH_KEY || env.ID_HASH_KEY.length < 32) throw new Error("ID_HASH_KEY must be at least 32 characters");
  if (!env.ADMIN_TOKEN || env.ADMIN_TOKEN.length < 16) throw new Error("ADMIN_TOKEN must be at least 16 characters");
  const secrets = { signingKeys: parseSigningKeys(env.TOKEN_KEYS ?? ""), idHashKey: env.ID_HASH_KEY, adminToken: env.ADMIN_TOKEN };
  cached = { source, secrets };
  return secrets;
}
