// The D1 reads and writes of notifications, through drizzle's builder: subscriptions, the producer's
// claims on them, the consumer's one-send-per-person-and-event rows, and the cleanup.
import { and, asc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";
import { type NotifyEvent, type NotifySubscription, notifyDead, notifySent, notifySubscriptions } from "./schema";

/** A drizzle client over the notification tables. Cheap: call it per request or batch. */
export type NotifyDb = DrizzleD1Database<typeof schema>;

export function notifyDb(d1: D1Database): NotifyDb {
  return drizzle(d1, { schema });
}

/** At most this many subscriptions are claimed for one event at one tick; the rest at the next. */
export const CLAIM_LIMIT = 1000;

/** A subscription as written: the person's place and the sealed number. */
export type NewSubscription = Omit<NotifySubscription, "nearQueued" | "turnQueued" | "seatsQueued">;

/** Saves a person's subscription, replacing any earlier one of theirs in the cohort (a new number, or a new place after re-joining). */
export async function saveSubscription(db: NotifyDb, row: NewSubscription): Promise<void> {
  await db.batch([
    db
      .delete(notifySubscriptions)
      .where(and(eq(notifySubscriptions.cohortId, row.cohortId), eq(notifySubscriptions.identityKey, row.identityKey))),
    db
      .insert(notifySubscriptions)
      .values(row)
      .onConflictDoUpdate({
        target: [notifySubscriptions.cohortId, notifySubscriptions.position],
        set: { ...row, nearQueued: false, turnQueued: false, seatsQueued: false },
      }),
  ]);
}

/** A person's subscription in a cohort, if any. */
export async function findSubscription(db: NotifyDb, cohortId: string, identityKey: string): Promise<NotifySubscription | null> {
  const rows = await db
    .select()
    .from(notifySubscriptions)
    .where(and(eq(notifySubscriptions.cohortId, cohortId), eq(notifySubscriptions.identityKey, identityKey)))
    .limit(1);
  return rows[0] ?? null;
}

/** Deletes a person's subscription (and so their number); true when there was one. */
export async function deleteSubscription(db: NotifyDb, cohortId: string, identityKey: string): Promise<boolean> {
  const deleted = await db
    .delete(notifySubscriptions)
    .where(and(eq(notifySubscriptions.cohortId, cohortId), eq(notifySubscriptions.identityKey, identityKey)))
    .returning({ position: notifySubscriptions.position });
  return deleted.length > 0;
}

type Flag = "nearQueued" | "turnQueued" | "seatsQueued";

/**
 * Marks the subscriptions matching `where` as queued for an event (at most {@link CLAIM_LIMIT}, the
 * first in line first) and returns them in position order. Marking them first means a later tick
 * never queues the same message again; {@link releaseClaims} undoes it if queueing then fails.
 */
async function claim(db: NotifyDb, cohortId: string, set: Partial<Record<Flag, true>>, where: ReturnType<typeof and>) {
  const first = db
    .select({ position: notifySubscriptions.position })
    .from(notifySubscriptions)
    .where(and(eq(notifySubscriptions.cohortId, cohortId), where))
    .orderBy(asc(notifySubscriptions.position))
    .limit(CLAIM_LIMIT);
  const claimed = await db
    .update(notifySubscriptions)
    .set(set)
    .where(and(eq(notifySubscriptions.cohortId, cohortId), inArray(notifySubscriptions.position, first)))
    .returning();
  return claimed.sort((a, b) => a.position - b.position);
}

/** Everyone up to `admittedThrough` not yet told their turn came (their near message is then moot, and so is seats back). */
export function claimTurns(db: NotifyDb, cohortId: string, admittedThrough: number) {
  const s = notifySubscriptions;
  return claim(
    db,
    cohortId,
    { turnQueued: true, nearQueued: true, seatsQueued: true },
    and(eq(s.turnQueued, false), lte(s.position, admittedThrough)),
  );
}

/** Everyone within `near` places behind `admittedThrough` not yet told their turn is near. */
export function claimNear(db: NotifyDb, cohortId: string, admittedThrough: number, near: number) {
  const s = notifySubscriptions;
  return claim(
    db,
    cohortId,
    { nearQueued: true },
    and(eq(s.nearQueued, false), gt(s.position, admittedThrough), lte(s.position, admittedThrough + near)),
  );
}

/** Everyone still waiting behind `admittedThrough` who asked to be told when seats return, and was not yet. */
export function claimSeatsBack(db: NotifyDb, cohortId: string, admittedThrough: number) {
  const s = notifySubscriptions;
  return claim(db, cohortId, { seatsQueued: true }, and(eq(s.seatsBack, true), eq(s.seatsQueued, false), gt(s.position, admittedThrough)));
}

/** Undoes a claim whose messages could not be queued, so the next tick tries again. */
export async function releaseClaims(db: NotifyDb, cohortId: string, flag: Flag, positions: number[]): Promise<void> {
  if (positions.length === 0) return;
  const reset: Partial<Record<Flag, boolean>> = { [flag]: false };
  await db
    .update(notifySubscriptions)
    .set(reset)
    .where(and(eq(notifySubscriptions.cohortId, cohortId), inArray(notifySubscriptions.position, positions)));
}

/** One person and event, as the consumer's send record names them. */
export interface SendKey {
  cohortId: string;
  identityKey: string;
  event: NotifyEvent;
}

const sentWhere = (key: SendKey) =>
  and(eq(notifySent.cohortId, key.cohortId), eq(notifySent.identityKey, key.identityKey), eq(notifySent.event, key.event));

/**
 * Claims the right to send one person's message for one event: true when this delivery may send.
 * The row is written before the provider is called. Another delivery of the same message finds it:
 * `sent` means done; `sending` means another attempt is at it, unless that claim is older than
 * `leaseMs` (that attempt died mid-send), when this one takes over and sends with the same
 * idempotency key, so the gateway drops the repeat if the first did reach it.
 */
export async function claimSend(db: NotifyDb, key: SendKey, nowMs: number, leaseMs: number, expiresAt: number): Promise<boolean> {
  const claimed = await db
    .insert(notifySent)
    .values({ ...key, state: "sending", claimedAt: nowMs, expiresAt })
    .onConflictDoUpdate({
      target: [notifySent.cohortId, notifySent.identityKey, notifySent.event],
      set: { claimedAt: nowMs },
      setWhere: sql`${notifySent.state} = 'sending' AND ${notifySent.claimedAt} < ${nowMs - leaseMs}`,
    })
    .returning({ state: notifySent.state });
  return claimed.length > 0;
}

/** Whether one person's message for one event was sent already. */
export async function wasSent(db: NotifyDb, key: SendKey): Promise<boolean> {
  const rows = await db.select({ state: notifySent.state }).from(notifySent).where(sentWhere(key)).limit(1);
  return rows[0]?.state === "sent";
}

/** Records that the provider accepted the message. */
export async function markSent(db: NotifyDb, key: SendKey): Promise<void> {
  await db.update(notifySent).set({ state: "sent" }).where(sentWhere(key));
}

/** Gives up this attempt's claim after the provider refused, so the retry may claim again at once. */
export async function dropClaim(db: NotifyDb, key: SendKey, claimedAt: number): Promise<void> {
  await db.delete(notifySent).where(and(sentWhere(key), eq(notifySent.state, "sending"), eq(notifySent.claimedAt, claimedAt)));
}

/** Records a message that ran out of retries: where and what, never the number or the text. */
export async function recordDead(db: NotifyDb, rows: Array<{ cohortId: string; position: number; event: string }>, nowMs: number) {
  if (rows.length > 0) await db.insert(notifyDead).values(rows.map((row) => ({ ...row, at: nowMs })));
}

/** Deletes subscriptions (numbers) and send records of cohorts whose last window has closed. Returns how many numbers went. */
export async function purgeExpired(db: NotifyDb, nowMs: number): Promise<number> {
  const [numbers] = await db.batch([
    db.delete(notifySubscriptions).where(lte(notifySubscriptions.expiresAt, nowMs)).returning({ position: notifySubscriptions.position }),
    db.delete(notifySent).where(lte(notifySent.expiresAt, nowMs)),
  ]);
  return numbers.length;
}
