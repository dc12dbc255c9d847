import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The D1 tables of text-message notifications (included by drizzle.config.ts beside the bookings
 * schema). A phone number is kept only encrypted (`phone-cipher.ts`), only while needed: a row goes
 * once the booking's message is queued, or when the cohort's last window closes (`expiresAt`).
 */

/**
 * Who asked to be told, keyed by cohort and place in line (positions are the line's order, so the
 * producer reads ranges of them) and once per person (the identity key). `*Queued`: the producer has
 * queued that message, so a tick never queues it again.
 */
export const notifySubscriptions = sqliteTable(
  "notify_subscriptions",
  {
    cohortId: text("cohort_id").notNull(),
    position: integer("position").notNull(),
    identityKey: text("identity_key").notNull(),
    /** AES-GCM ciphertext of the number, `iv.ciphertext` in base64url, bound to cohort and identity. */
    phone: text("phone").notNull(),
    lang: text("lang", { enum: ["ko", "en"] }).notNull(),
    timeZone: text("time_zone").notNull(),
    /** Also told when seats return, if none are left while they wait. */
    seatsBack: integer("seats_back", { mode: "boolean" }).notNull(),
    nearQueued: integer("near_queued", { mode: "boolean" }).notNull().default(false),
    turnQueued: integer("turn_queued", { mode: "boolean" }).notNull().default(false),
    seatsQueued: integer("seats_queued", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    /** When the cohort's last window closes (ms): the row is deleted then at the latest. */
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.position] }),
    uniqueIndex("notify_subscriptions_by_identity").on(t.cohortId, t.identityKey),
    index("notify_subscriptions_by_expiry").on(t.expiresAt),
  ],
);

/**
 * Messages the consumer sent or is sending, one per person and event: the consumer writes the row
 * before it calls the provider (`sending`) and marks it `sent` after, so a message delivered twice
 * is sent once. No number here.
 */
export const notifySent = sqliteTable(
  "notify_sent",
  {
    cohortId: text("cohort_id").notNull(),
    identityKey: text("identity_key").notNull(),
    event: text("event", { enum: ["near", "turn", "booked", "seats_back"] }).notNull(),
    state: text("state", { enum: ["sending", "sent"] }).notNull(),
    claimedAt: integer("claimed_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.identityKey, t.event] }), index("notify_sent_by_expiry").on(t.expiresAt)],
);

/** Messages that ran out of retries (the dead-letter queue's consumer writes them) for operators: no number, no text. */
export const notifyDead = sqliteTable(
  "notify_dead",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    cohortId: text("cohort_id").notNull(),
    position: integer("position").notNull(),
    event: text("event").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("notify_dead_by_cohort").on(t.cohortId, t.at)],
);

/**
 * What the local fake provider "sent" (tests and `npm start`; never in production): the masked
 * number and the text, in the order sent, so tests and the demo can read them.
 */
export const fakeOutbox = sqliteTable(
  "fake_outbox",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    cohortId: text("cohort_id").notNull(),
    position: integer("position").notNull(),
    event: text("event").notNull(),
    to: text("to_masked").notNull(),
    text: text("text").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("fake_outbox_by_cohort").on(t.cohortId, t.seq)],
);

export type NotifySubscription = typeof notifySubscriptions.$inferSelect;
export type NotifyEvent = (typeof notifySent.$inferSelect)["event"];
