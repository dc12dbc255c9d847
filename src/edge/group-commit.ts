/** How long a caller waits for its batch before answering "busy, retry" (its place, if made, is kept). */
export const BATCH_WAIT_TIMEOUT_MS = 10_000;

/** Waiting callers look for their result after 1 ms, then 2, 4 and every 4 ms. */
const FIRST_LOOK_MS = 1;
const MAX_LOOK_MS = 4;

/** The batch did not come back in time. Nothing is lost: a retry returns the same place. */
export class BatchWaitTimeout extends Error {
  constructor() {
    super("the batch sent to the queue object did not come back in time");
    this.name = "BatchWaitTimeout";
  }
}

/**
 * Group commit: callers in one isolate hand in items; at most one batch per instance is in flight,
 * and everything that arrived meanwhile goes out together as the next batch, in arrival order.
 * With no batch in flight an item goes out at once, so a quiet queue adds no delay, and under load
 * the batch size grows by itself with the arrival rate times the round trip.
 *
 * How results travel matters on Workers. A request that only awaits a promise another request will
 * settle is cancelled as hung, and (without the cross-request promise flag, as in the Vitest pool)
 * its continuation would run in the settling request's context, where its response cannot be sent.
 * So results are handed over as plain data, and each waiting caller picks up its own with timers
 * of its own, in its own request context. The caller at the head of the queue sends the next batch
 * from its own request, registered with `keepAlive` (`ctx.waitUntil`) so that it finishes for
 * everyone in it even if that caller's client hangs up.
 */
export class GroupCommit<Item, Result, Leader> {
  readonly #send: (items: Item[], leader: Leader) => Promise<Result[]>;
  readonly #maxBatch: number;
  readonly #timeoutMs: number;
  #waiting: Array<Pending<Item, Result, Leader>> = [];
  #inFlight = false;

  /** `send` turns a batch into one result per item, in the same order; `maxBatch` bounds a batch. */
  constructor(send: (items: Item[], leader: Leader) => Promise<Result[]>, maxBatch: number, timeoutMs = BATCH_WAIT_TIMEOUT_MS) {
    this.#send = send;
    this.#maxBatch = maxBatch;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Hands in one item and resolves with its own result. If the batch fails as a whole, every
   * caller in it gets the error. `leader` is what this caller would send a batch with (its
   * bindings); `keepAlive` keeps its request alive until a batch it sends has finished.
   */
  async submit(item: Item, leader: Leader, keepAlive: (work: Promise<unknown>) => void): Promise<Result> {
    const pending: Pending<Item, Result, Leader> = { item, leader, keepAlive, turn: false, outcome: null };
    this.#waiting.push(pending);
    if (!this.#inFlight) {
      this.#inFlight = true;
      pending.turn = true;
    }
    let look = FIRST_LOOK_MS;
    let waited = 0;
    for (;;) {
      if (pending.turn) {
        pending.turn = false;
        await this.#lead(pending);
      }
      const outcome = pending.outcome as Outcome<Result> | null;
      if (outcome?.ok) return outcome.value;
      if (outcome) throw outcome.error;
      if (waited >= this.#timeoutMs) {
        this.#leave(pending);
        throw new BatchWaitTimeout();
      }
      await new Promise((resolve) => setTimeout(resolve, look));
      waited += look;
      look = Math.min(look * 2, MAX_LOOK_MS);
    }
  }

  /** Sends the next batch from `head`'s request, then hands the turn to the next waiting caller. */
  async #lead(head: Pending<Item, Result, Leader>): Promise<void> {
    const batch = this.#waiting.splice(0, this.#maxBatch);
    const work = (async () => {
      try {
        const results = await this.#send(
          batch.map((p) => p.item),
          head.leader,
        );
        if (results.length !== batch.length) throw new Error(`batch of ${batch.length} answered with ${results.length} results`);
        batch.forEach((p, i) => (p.outcome = { ok: true, value: results[i]! }));
      } catch (error) {
        for (const p of batch) p.outcome = { ok: false, error };
      } finally {
        this.#passTurn();
      }
    })();
    head.keepAlive(work);
    await work;
  }

  /** A caller gives up: it leaves the queue, and hands on the turn if it had it. */
  #leave(pending: Pending<Item, Result, Leader>): void {
    const index = this.#waiting.indexOf(pending);
    if (index >= 0) this.#waiting.splice(index, 1);
    if (pending.turn) {
      pending.turn = false;
      this.#passTurn();
    }
  }

  #passTurn(): void {
    const next = this.#waiting[0];
    if (next) next.turn = true;
    else this.#inFlight = false;
  }
}

type Outcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

/** One caller's item and, once its batch is back, its outcome. */
interface Pending<Item, Result, Leader> {
  item: Item;
  leader: Leader;
  keepAlive: (work: Promise<unknown>) => void;
  /** Set when it is this caller's turn to send the next batch. */
  turn: boolean;
  outcome: Outcome<Result> | null;
}
