// The queue consumer: turns each notification message into one call to the message provider, at
// most once per person and event, retrying with backoff; what runs out of retries reaches the
// dead-letter queue, whose batches are recorded for operators.

import { idempotencyKey, messageText, type NotifyMessage, notifyMessageSchema } from "./messages";
import { decryptPhone } from "./phone-cipher";
import { type MessageProvider, providerFor } from "./providers";
import { claimSend, dropClaim, markSent, notifyDb, recordDead, type SendKey, wasSent } from "./store";

/** The dead-letter queue's name (wrangler.toml): its batches are recorded, never sent. */
export const DEAD_LETTER_QUEUE = "vaccine-notify-dlq";

/** A send claimed longer ago than this is taken to have died mid-send (the consumer's wall time is 15 min at most; a provider call is seconds). */
export const SEND_LEASE_MS = 5 * 60_000;

/** Seconds before retry `attempts` (1 for the first delivery): 10 s, 20 s, 40 s... at most 10 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(10 * 2 ** Math.max(0, attempts - 1), 600);
}

/** Handles one batch of the notification queue or of its dead-letter queue. */
export async function consumeNotifications(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue === DEAD_LETTER_QUEUE) return recordDeadLetters(batch, env);
  const provider = providerFor(env);
  for (const message of batch.messages) {
    if ("missing" in provider) {
      // Never "sent" into nowhere: the message waits (and ends in the dead-letter queue) until a provider is configured.
      console.error("no message provider", { reason: provider.missing });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      continue;
    }
    await deliver(message, env, provider);
  }
}

async function deliver(message: Message<unknown>, env: Env, provider: MessageProvider): Promise<void> {
  const parsed = notifyMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    console.error("notification message not understood", { id: message.id });
    return message.ack();
  }
  const body = parsed.data;
  const now = Date.now();
  // After the cohort's last window nothing is worth telling, and the number should be gone.
  if (body.expiresAt <= now) return message.ack();
  const db = notifyDb(env.DB);
  const key: SendKey = { cohortId: body.cohortId, identityKey: body.identity, event: body.event };
  if (!(await claimSend(db, key, now, SEND_LEASE_MS, body.expiresAt))) {
    // Sent already (a repeat delivery), or another delivery is sending it right now: look again later.
    if (await wasSent(db, key)) return message.ack();
    return message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
  const phone = await decryptPhone(env.PHONE_KEY, { cohortId: body.cohortId, identity: body.identity }, body.phone);
  if (phone === null) {
    console.error("notification number cannot be opened", { cohortId: body.cohortId, event: body.event });
    await markSent(db, key);
    return message.ack();
  }
  try {
    await provider.send(
      { to: phone, text: messageText(body, operatorOf(env, body)), idempotencyKey: idempotencyKey(body), ...where(body) },
      now,
    );
  } catch (error) {
    await dropClaim(db, key, now).catch(() => undefined);
    console.error("message provider failed", { ...where(body), attempts: message.attempts, message: String(error).split("\n", 1)[0] });
    return message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
  await markSent(db, key);
  message.ack();
}

/** Who a message says it is from, in its language. */
function operatorOf(env: Env, body: NotifyMessage): string {
  return body.lang === "ko" ? env.OPERATOR_NAME_KO : env.OPERATOR_NAME_EN;
}

/** The parts of a message that may be logged and recorded: cohort, place, event; never the number. */
function where(body: Pick<NotifyMessage, "cohortId" | "position" | "event">) {
  return { cohortId: body.cohortId, position: body.position, event: body.event };
}

/** Records each dead letter (cohort, place, event) for operators and acknowledges it. */
async function recordDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const rows = batch.messages.flatMap((message) => {
    const parsed = notifyMessageSchema.safeParse(message.body);
    return parsed.success ? [where(parsed.data)] : [];
  });
  console.error("notifications gave up after their retries", { count: batch.messages.length });
  await recordDead(notifyDb(env.DB), rows, Date.now());
  batch.ackAll();
}
