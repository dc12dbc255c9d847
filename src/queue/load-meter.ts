/** Calls a queue object received since it last started, by RPC method, and the people they carried. */
export interface QueueLoad {
  /** When this count began: the object's last start (counts live in memory and restart with it). */
  sinceMs: number;
  /** Invocations: RPC calls and alarms, by method name. */
  calls: Record<string, number>;
  /** Every invocation together. */
  totalCalls: number;
  /** People carried by batched calls (joinMany, statusMany), by method name. */
  items: Record<string, number>;
}

/**
 * Counts the invocations a queue object receives, so the bench, the rehearsal and operators can see
 * how much of the crowd reaches it. A handful of counters: nothing grows with the queue.
 */
export class LoadMeter {
  readonly #sinceMs = Date.now();
  readonly #calls = new Map<string, number>();
  readonly #items = new Map<string, number>();

  /** Records one invocation of `method`, carrying `items` people when it is a batch. */
  count(method: string, items?: number): void {
    this.#calls.set(method, (this.#calls.get(method) ?? 0) + 1);
    if (items !== undefined) this.#items.set(method, (this.#items.get(method) ?? 0) + items);
  }

  /** The counts so far. */
  snapshot(): QueueLoad {
    const calls = Object.fromEntries(this.#calls);
    return {
      sinceMs: this.#sinceMs,
      calls,
      totalCalls: Object.values(calls).reduce((sum, n) => sum + n, 0),
      items: Object.fromEntries(this.#items),
    };
  }
}
