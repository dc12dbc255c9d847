// `npm run receipt-key [keyId]`: prints a new Ed25519 receipt signing key as `keyId:<base64url PKCS #8>`,
// ready for `wrangler secret put RECEIPT_KEYS`. To rotate, put the new pair first and keep the old
// one after it until the receipts it signed have expired.
import { generateKeyPairSync } from "node:crypto";

const keyId = process.argv[2] ?? `receipt-${new Date().toISOString().slice(0, 10)}`;
const { privateKey } = generateKeyPairSync("ed25519");
const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
console.log(`${keyId}:${pkcs8.toString("base64url")}`);
