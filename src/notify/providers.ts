// Who actually delivers a text message: a signed webhook to an SMS or KakaoTalk gateway, or the
// local fake that records messages in D1 for tests and `npm start`.
import { drizzle } from "drizzle-orm/d1";
import { toBase64Url, utf8 } from "../crypto/base64url";
import { hmacSign } from "../crypto/hmac";
import { maskPhone } from "../domain/phone";
import { fakeOutbox } from "./schema";

/** One message to one number. `idempotencyKey` is the same on every attempt, so a gateway can drop a repeat. */
export interface OutgoingMessage {
  to: string;
  text: string;
  idempotencyKey: string;
  cohortId: string;
  position: number;
  event: string;
}

/** A message provider. `send` resolves once the provider accepted the message and throws when it did not (the consumer retries). */
export interface MessageProvider {
  readonly name: "fake" | "webhook";
  send(message: OutgoingMessage, nowMs: number): Promise<void>;
}

/** The provider settings a Worker reads from its environment (wrangler.toml vars and secrets). */
export interface ProviderEnv {
  DB: D1Database;
  NOTIFY_PROVIDER?: string;
  NOTIFY_WEBHOOK_URL?: string;
  NOTIFY_WEBHOOK_SECRET?: string;
}

/**
 * The provider this Worker sends with, or why it has none. `NOTIFY_PROVIDER = "fake"` is set only in
 * `.dev.vars` and the test bindings; wrangler.toml says "webhook", so a deployment never "sends" into
 * the fake outbox: without a webhook URL and secret it has no provider, and nobody is offered texts.
 */
export function providerFor(env: ProviderEnv): MessageProvider | { missing: string } {
  if (env.NOTIFY_PROVIDER === "fake") return fakeProvider(env.DB);
  if (env.NOTIFY_PROVIDER !== "webhook") return { missing: "NOTIFY_PROVIDER must be 'webhook' (or 'fake' locally)" };
  if (!env.NOTIFY_WEBHOOK_URL?.startsWith("https://")) return { missing: "NOTIFY_WEBHOOK_URL must be an https:// address" };
  if (!env.NOTIFY_WEBHOOK_SECRET || env.NOTIFY_WEBHOOK_SECRET.length < 32)
    return { missing: "NOTIFY_WEBHOOK_SECRET must be at least 32 characters" };
  return webhookProvider(env.NOTIFY_WEBHOOK_URL, env.NOTIFY_WEBHOOK_SECRET);
}

/** Whether this Worker can send at all: only then is anyone offered a text message. */
export function canSend(env: ProviderEnv): boolean {
  return !("missing" in providerFor(env));
}

/** The signature header of a webhook call: `t=<unix seconds>,v1=<base64url HMAC-SHA-256 of "<t>.<body>">`. */
export async function webhookSignature(secret: string, timestamp: number, body: string): Promise<string> {
  const mac = await hmacSign(secret, utf8(`${timestamp}.${body}`));
  return `t=${timestamp},v1=${toBase64Url(mac)}`;
}

/**
 * POSTs each message as JSON to the gateway, signed over the timestamp and the body (docs/notifications.md
 * says how a gateway checks it), with the idempotency key as a header too. Any answer but 2xx is a failure.
 */
export function webhookProvider(url: string, secret: string): MessageProvider {
  return {
    name: "webhook",
    async send(message, nowMs) {
      const body = JSON.stringify({ to: message.to, text: message.text, idempotencyKey: message.idempotencyKey, event: message.event });
      const timestamp = Math.floor(nowMs / 1000);
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Idempotency-Key": message.idempotencyKey,
          "X-Signature": await webhookSignature(secret, timestamp, body),
        },
        body,
      });
      await response.body?.cancel();
      // The status only: a gateway's answer may echo the number.
      if (!response.ok) throw new Error(`message provider answered ${response.status}`);
    },
  };
}

/** Records each message in D1 (`fake_outbox`, with the number masked) instead of sending it. */
export function fakeProvider(db: D1Database): MessageProvider {
  return {
    name: "fake",
    async send(message, nowMs) {
      await drizzle(db)
        .insert(fakeOutbox)
        .values({
          cohortId: message.cohortId,
          position: message.position,
          event: message.event,
          to: maskPhone(message.to),
          text: message.text,
          idempotencyKey: message.idempotencyKey,
          at: nowMs,
        });
    },
  };
}
