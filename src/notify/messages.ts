// The body of a notification queue message, and the text it becomes. A message carries the number
// only sealed (phone-cipher.ts); the consumer opens it just before calling the provider.
import { z } from "zod";
import { formatClock, formatSlotTime } from "../copy/format";
import { fill } from "../copy/lang";
import { MESSAGE_TEXT } from "../copy/notify";

/** The events a person may be told of. */
export const NOTIFY_EVENTS = ["near", "turn", "booked", "seats_back"] as const;

/** One message on the notification queue: who (place and identity key), what, and the sealed number. */
export const notifyMessageSchema = z
  .object({
    v: z.literal(1),
    cohortId: z.string().min(1).max(63),
    position: z.number().int().min(1),
    identity: z.string().min(1).max(100),
    event: z.enum(NOTIFY_EVENTS),
    phone: z.string().min(1).max(200),
    lang: z.enum(["ko", "en"]),
    timeZone: z.string().min(1).max(64),
    /** When the cohort's last window closes (ms): a message still undelivered then is dropped. */
    expiresAt: z.number().int(),
    facts: z
      .object({
        ahead: z.number().int().min(0).optional(),
        grantUntilMs: z.number().int().optional(),
        code: z.string().max(20).optional(),
        startsAt: z.string().max(40).optional(),
        clinic: z.string().max(200).optional(),
      })
      .strict(),
  })
  .strict();

export type NotifyMessage = z.infer<typeof notifyMessageSchema>;

/** The same key on every attempt of one person's message for one event (positions are not personal). */
export function idempotencyKey(message: Pick<NotifyMessage, "cohortId" | "position" | "event">): string {
  return `${message.cohortId}:${message.position}:${message.event}`;
}

/** The text of a message in the person's language, signed with who sends it. */
export function messageText(message: NotifyMessage, operator: string): string {
  const { facts, lang, timeZone } = message;
  return fill(MESSAGE_TEXT[message.event][lang], {
    operator,
    ahead: facts.ahead ?? 0,
    grantUntil: facts.grantUntilMs === undefined ? "" : formatClock(facts.grantUntilMs, lang, timeZone, false),
    code: facts.code ?? "",
    startsAt: facts.startsAt ? formatSlotTime(facts.startsAt, lang, timeZone) : "",
    clinic: facts.clinic ?? "",
  });
}
