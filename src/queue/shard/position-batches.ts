// A shard's joins after the opening, gathered into batches that each get one range of positions.
import { run } from "../object/sql";
import type { QueueRefusal } from "../object/types";
import type { Allocation } from "./types";

/** What a batch came back with: nothing (its places have positions) or the refusal of all of them. */
export type BatchResult = QueueRefusal | null;

interface Waiter {
  promise: Promise<BatchResult>;
  resolve(result: BatchResult): void;
  reject(error: unknown): void;
}

/** How a shard's batches reach the cohort's object and its storage. */
export interface BatchSender {
  /** The lowest batch with places still waiting for positions (null: none). */
  lowestPending(): number | null;
  /** Whether a batch has places still waiting for positions. */
  isPending(batch: number): boolean;
  /** Asks the cohort's object for the batch's positions and writes them; resolves with the refusal if it gave none. */
  send(batch: number): Promise<BatchResult>;
  /** A send failed: try again later even if nobody asks (an alarm). */
  retryLater(): void;
}

/**
 * Joins from every isolate that reach the shard within `intervalMs` of the last batch sent go out
 * together: one call to the cohort's object per batch, whatever its size. Batches go strictly one
 * after another and lowest first, so a batch that failed is sent again (with the same number, which
 * the cohort's object answers idempotently) before any later one: no position is lost or doubled.
 * The wait a join adds is at most the interval plus one round trip: the fairness cost of sharding.
 */
export class PositionBatches {
  readonly #sender: BatchSender;
  readonly #intervalMs: () => number;
  #waiters = new Map<number, Waiter>();
  #open: number | null = null;
  #openSize = 0;
  #sending = false;
  #lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(sender: BatchSender, intervalMs: () => number) {
    this.#sender = sender;
    this.#intervalMs = intervalMs;
  }

  /** The batch a new join goes into (a new number once the open one has been sent) and its rank in it, in arrival order. */
  slot(next: () => number): { batch: number; rank: number } {
    if (this.#open === null) {
      this.#open = next();
      this.#openSize = 0;
    }
    return { batch: this.#open, rank: this.#openSize++ };
  }

  /** Resolves when the batch's places have positions (or with the refusal of them all); sends pending batches as due. */
  whenPlaced(batch: number): Promise<BatchResult> {
    let waiter = this.#waiters.get(batch);
    if (!waiter && !this.#sender.isPending(batch)) return Promise.resolve(null);
    if (!waiter) {
      let resolve!: (r: BatchResult) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<BatchResult>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      waiter = { promise, resolve, reject };
      this.#waiters.set(batch, waiter);
    }
    void this.flush();
    return waiter.promise;
  }

  /** Sends every pending batch, lowest first, each at least the interval after the last. */
  async flush(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      for (;;) {
        const batch = this.#sender.lowestPending();
        if (batch === null) break;
        const wait = this.#lastSentAt + this.#intervalMs() - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (batch === this.#open) this.#open = null;
        this.#lastSentAt = performance.now();
        try {
          const result = await this.#sender.send(batch);
          this.#settle(batch, (w) => w.resolve(result));
        } catch (error) {
          this.#settle(batch, (w) => w.reject(error));
          this.#sender.retryLater();
          break;
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  #settle(batch: number, settle: (waiter: Waiter) => void): void {
    const waiter = this.#waiters.get(batch);
    this.#waiters.delete(batch);
    if (waiter) settle(waiter);
  }
}

/**
 * Writes what the cohort's object answered for a batch: its places numbered from the range's first
 * position in arrival order, or dropped if it refused them all (the refusal comes back). Call inside a transaction.
 */
export function writeBatchPositions(sql: SqlStorage, batch: number, allocation: Allocation): BatchResult {
  if (!allocation.ok) {
    run(sql, "DELETE FROM entries WHERE batch = ?", batch);
    return allocation;
  }
  // Numbered by rank order, not by the ranks themselves: a rank lost to a failed insert leaves no gap.
  run(
    sql,
    `UPDATE entries SET position = ? - 1 + ranked.n, batch = NULL
     FROM (SELECT identity, row_number() OVER (ORDER BY batch_rank) AS n FROM entries WHERE batch = ?) AS ranked
     WHERE entries.identity = ranked.identity`,
    allocation.firstPosition,
    batch,
  );
  return null;
}
