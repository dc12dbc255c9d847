/** How long a caller waits for its batch before answering "busy, retry" (its place, if made, is kept). */
export const BATCH_WAIT_TIMEOUT_MS = 10_000;

/** Waiting callers look for their result after 1 ms, then 2, 4 and every 4 ms. */
const FIRST_LOOK_MS = 1;
const MAX_LOOK_MS = 4;

/** A sending caller sends at most this many batches in a row before handing the turn on. */
const MAX_BATCHES_PER_SENDER = 16;

/** The batch did not come back in time. Nothing is lost: a retry returns the same place. */
export class BatchWaitTimeout extends Error {
  constructor() {
    super("the batch sent to the queue object did not come back in time");
    this.name = "BatchWaitTimeout";
  }
}

/** How batches are formed and sent. */
export interface GroupCommitOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** Most batches in flight at once (each from its own sender); 1 keeps batches strictly one after another. */
  maxInFlight?: number;
  /** How long a caller waits for its result. */
  timeoutMs?: number;
}

/**
 * Group commit: callers in one isolate hand in items, and everything that arrived while earlier
 * batches were in flight goes out together as the next batch, in arrival order. With nothing in
 * flight an item goes out at once, so a quiet queue adds no delay; under load the batch size grows
 * by itself with the arrival rate times the round trip.
 *
 * How work and results travel matters on Workers. A request that only awaits a promise another
 * request will settle is cancelled as hung, and (without the cross-request promise flag, as in the
 * Vitest pool) its continuation would run in the settling request's context, where its response
 * cannot be sent. So a batch is always sent from the request of a caller that is waiting (the
 * sender), registered with its `keepAlive` (`ctx.waitUntil`) so it finishes for everyone in it even
 * if that caller's client hangs up; results are handed over as plain data; and each caller picks up
 * its own with timers of its own, in its own request context. A sender keeps sending the batches
 * that formed meanwhile (up to 16), then hands the turn to a waiting caller.
 */
export class GroupCommit<Item, Result, Leader> {
  readonly #send: (items: Item[], leader: Leader) => Promise<Result[]>;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  readonly #timeoutMs: number;
  #waiting: Array<Pending<Item, Result, Leader>> = [];
  #senders = 0;

  /** `send` turns a batch into one result per item, in the same order. */
  constructor(send: (items: Item[], leader: Leader) => Promise<Result[]>, options: GroupCommitOptions) {
    this.#send = send;
    this.#maxBatch = options.maxBatch;
    this.#maxInFlight = options.maxInFlight ?? 1;
    this.#timeoutMs = options.timeoutMs ?? BATCH_WAIT_TIMEOUT_MS;
  }

  /**
   * Hands in one item and resolves with its own result. If its batch fails as a whole, every
   * caller in it gets the error. `leader` is what this caller would send batches with (its
   * bindings); `keepAlive` keeps its request alive while batches it sends are in flight.
   */
  async submit(item: Item, leader: Leader, keepAlive: (work: Promise<unknown>) => void): Promise<Result> {
    const pending: Pending<Item, Result, Leader> = { item, leader, keepAlive, turn: false, outcome: null };
    this.#waiting.push(pending);
    if (this.#senders < this.#maxInFlight) {
      this.#senders += 1;
      pending.turn = true;
    }
    let look = FIRST_LOOK_MS;
    let waited = 0;
    for (;;) {
      if (pending.turn) {
        pending.turn = false;
        await this.#startSending(pending);
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

  /**
   * Sends batches from `sender`'s request while callers are waiting, up to the per-sender limit.
   * Resolves once the first batch is back; the rest go on in the background, kept alive.
   */
  #startSending(sender: Pending<Item, Result, Leader>): Promise<void> {
    let firstBack!: () => void;
    const first = new Promise<void>((resolve) => (firstBack = resolve));
    const work = (async () => {
      for (let round = 0; round < MAX_BATCHES_PER_SENDER; round++) {
        const batch = this.#waiting.splice(0, this.#maxBatch);
        if (batch.length === 0) break;
        try {
          const results = await this.#send(
            batch.map((p) => p.item),
            sender.leader,
          );
          if (results.length !== batch.length) throw new Error(`batch of ${batch.length} answered with ${results.length} results`);
          for (const [i, p] of batch.entries()) p.outcome = { ok: true, value: results[i]! };
        } catch (error) {
          for (const p of batch) p.outcome = { ok: false, error };
        }
        firstBack();
      }
    })().finally(() => {
      firstBack();
      this.#handOn();
    });
    sender.keepAlive(work);
    return first;
  }

  /** A sender stops: the first waiting caller without the turn gets it, or the slot is freed. */
  #handOn(): void {
    const next = this.#waiting.find((p) => !p.turn);
    if (next) next.turn = true;
    else this.#senders -= 1;
  }

  /** A caller gives up: it leaves the queue, and hands on the turn if it had it. */
  #leave(pending: Pending<Item, Result, Leader>): void {
    const index = this.#waiting.indexOf(pending);
    if (index >= 0) this.#waiting.splice(index, 1);
    if (pending.turn) {
      pending.turn = false;
      this.#handOn();
    }
  }
}

type Outcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

/** One caller's item and, once its batch is back, its outcome. */
interface Pending<Item, Result, Leader> {
  item: Item;
  leader: Leader;
  keepAlive: (work: Promise<unknown>) => void;
  /** Set when it is this caller's turn to send batches. */
  turn: boolean;
  outcome: Outcome<Result> | null;
}
