// The producer: after an admission tick, queue the messages its progress calls for; after a booking,
// queue its code and time and forget the number. Never throws: a message must never stop admission
// or a booking, and the provider is only ever called by the consumer.
import type { CohortConfig } from "../domain/cohort-config";
import { grantExpiries, nearAhead } from "../domain/notify-timing";
import type { NotifyMessage } from "./messages";
import type { NotifySubscription } from "./schema";
import { claimNear, claimSeatsBack, claimTurns, deleteSubscription, findSubscription, notifyDb, releaseClaims } from "./store";

/** What one admission tick changed, as the producer needs it (built by {@link progressChange}). */
export interface ProgressChange {
  cohortId: string;
  enabled: boolean;
  previousAdmittedThrough: number;
  admittedThrough: number;
  wasSoldOut: boolean;
  soldOut: boolean;
  /** Places behind the front that count as near now (`src/domain/notify-timing.ts`). */
  nearAhead: number;
  /** When the grants of people who left a number, admitted at this tick, expire. */
  grantUntilMs: number;
}

/** The counters before a tick: read them at its start, hand them to {@link progressChange} at its end. */
export interface TickStart {
  admittedThrough: number;
  soldOut: boolean;
}

/** The change of one tick from the counters at its start and the progress at its end. */
export function progressChange(
  config: CohortConfig,
  before: TickStart,
  after: { admittedThrough: number; soldOut: boolean; admissionRatePerMinute: number },
  nowMs: number,
): ProgressChange {
  const settings = config.notifications;
  return {
    cohortId: config.id,
    enabled: settings?.enabled === true,
    previousAdmittedThrough: before.admittedThrough,
    admittedThrough: after.admittedThrough,
    wasSoldOut: before.soldOut,
    soldOut: after.soldOut,
    nearAhead: settings ? nearAhead({ places: settings.nearPlaces, minutes: settings.nearMinutes }, after.admissionRatePerMinute) : 0,
    grantUntilMs: grantExpiries(config, nowMs).notifiedGrantExpiresAtMs,
  };
}

/** Queues allow at most this many messages in one `sendBatch`. */
const SEND_BATCH = 100;

/** The queue message for one subscription and event. */
function messageOf(row: NotifySubscription, event: NotifyMessage["event"], facts: NotifyMessage["facts"]): NotifyMessage {
  return {
    v: 1,
    cohortId: row.cohortId,
    position: row.position,
    identity: row.identityKey,
    event,
    phone: row.phone,
    lang: row.lang,
    timeZone: row.timeZone,
    expiresAt: row.expiresAt,
    facts,
  };
}

/** Sends messages to the queue in batches, in the order given (the line's order). */
async function enqueue(queue: Queue, messages: NotifyMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += SEND_BATCH) {
    await queue.sendBatch(messages.slice(i, i + SEND_BATCH).map((body) => ({ body, contentType: "json" as const })));
  }
}

/**
 * Queues what a tick's progress calls for, in line order: "your turn" for everyone it admitted who
 * left a number, "seats are back" when supply returned to a sold-out cohort (to those still
 * waiting who asked), and "your turn is near" for those now within `nearAhead` of the front. Each
 * subscription is claimed before it is queued, so no tick queues a message twice; a claim whose
 * queueing failed is released for the next tick. Reads D1 only when the front moved or sold-out ended.
 */
export async function notifyProgress(env: Env, change: ProgressChange): Promise<void> {
  const moved = change.admittedThrough > change.previousAdmittedThrough;
  const seatsBack = change.wasSoldOut && !change.soldOut;
  if (!change.enabled || (!moved && !seatsBack)) return;
  const db = notifyDb(env.DB);
  const steps = [
    { flag: "turnQueued" as const, claim: () => claimTurns(db, change.cohortId, change.admittedThrough), event: "turn" as const },
    ...(seatsBack
      ? [
          {
            flag: "seatsQueued" as const,
            claim: () => claimSeatsBack(db, change.cohortId, change.admittedThrough),
            event: "seats_back" as const,
          },
        ]
      : []),
    {
      flag: "nearQueued" as const,
      claim: () => claimNear(db, change.cohortId, change.admittedThrough, change.nearAhead),
      event: "near" as const,
    },
  ];
  for (const step of steps) {
    let rows: NotifySubscription[] = [];
    try {
      rows = await step.claim();
      const facts = (row: NotifySubscription): NotifyMessage["facts"] =>
        step.event === "turn"
          ? { grantUntilMs: change.grantUntilMs }
          : step.event === "near"
            ? { ahead: Math.max(0, row.position - change.admittedThrough - 1) }
            : {};
      await enqueue(
        env.NOTIFY_QUEUE,
        rows.map((row) => messageOf(row, step.event, facts(row))),
      );
    } catch (error) {
      // Only what failed, never a number: the rows' claims go back for the next tick.
      console.error("notifications not queued", { cohortId: change.cohortId, event: step.event, message: String(error).split("\n", 1)[0] });
      await releaseClaims(
        db,
        change.cohortId,
        step.flag,
        rows.map((row) => row.position),
      ).catch(() => undefined);
    }
  }
}

/** A booking as its message tells it: the short code, the dose-1 time and the clinic's name. */
export interface BookedFacts {
  code: string | null;
  startsAt: string;
  clinic: { ko: string; en: string };
}

/**
 * After a booking: if the person left a number, queues the booking's code and time, then deletes
 * the subscription and with it the number (which from then on exists only sealed in that message).
 * If queueing fails the number is kept, and goes when the cohort's last window closes.
 */
export async function notifyBooked(env: Env, cohortId: string, identityKey: string, booking: BookedFacts): Promise<void> {
  try {
    const db = notifyDb(env.DB);
    const row = await findSubscription(db, cohortId, identityKey);
    if (!row) return;
    const facts = { startsAt: booking.startsAt, clinic: booking.clinic[row.lang], ...(booking.code ? { code: booking.code } : {}) };
    await enqueue(env.NOTIFY_QUEUE, [messageOf(row, "booked", facts)]);
    await deleteSubscription(db, cohortId, identityKey);
  } catch (error) {
    console.error("booking message not queued", { cohortId, message: String(error).split("\n", 1)[0] });
  }
}
