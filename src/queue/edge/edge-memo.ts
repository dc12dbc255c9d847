/**
 * A per-isolate memo of slow-changing answers (a cohort's config, its slot list), so a crowd
 * reading them reaches neither the queue object nor D1. A copy is served while younger than the
 * TTL; the first request after that asks again itself, and requests arriving meanwhile get the
 * copy (never one older than `maxStaleMs`). With no copy yet, requests arriving while one asks
 * wait for its answer on timers of their own (up to `COLD_WAIT_MS`) instead of all asking: a cold
 * isolate under a crowd would otherwise send one ask per request. Nobody waits on another
 * request's promise (see `GroupCommit` for why).
 */
/** How long a request with no copy to serve waits for another request's ask to land. */
const COLD_WAIT_MS = 2000;

export class EdgeMemo<T> {
  readonly #entries = new Map<string, { value: T; storedAtMs: number; refreshing: boolean }>();
  /** Keys with no copy that a request is asking for now. */
  readonly #coldLoads = new Set<string>();
  readonly #ttlMs: number;
  readonly #maxStaleMs: number;
  readonly #maxKeys: number;

  constructor(ttlMs: number, maxStaleMs: number, maxKeys = 256) {
    this.#ttlMs = ttlMs;
    this.#maxStaleMs = maxStaleMs;
    this.#maxKeys = maxKeys;
  }

  /** The copy for `key` while fresh, else what `load` answers now. */
  async get(key: string, load: () => Promise<T>, nowMs = Date.now()): Promise<T> {
    const entry = this.#entries.get(key);
    const age = entry ? nowMs - entry.storedAtMs : Number.POSITIVE_INFINITY;
    if (entry && age >= 0 && age < this.#ttlMs) return entry.value;
    if (entry?.refreshing && age >= 0 && age < this.#maxStaleMs) return entry.value;
    if (!entry && this.#coldLoads.has(key)) {
      const landed = await this.#landing(key);
      if (landed) return landed.value;
      // That ask failed: ask anew, unless another waiter already took over (a slow one: ask too).
      if (!this.#coldLoads.has(key)) return this.get(key, load);
    }
    if (entry) entry.refreshing = true;
    else this.#coldLoads.add(key);
    try {
      const value = await load();
      this.#store(key, value);
      return value;
    } finally {
      if (entry) entry.refreshing = false;
      else this.#coldLoads.delete(key);
    }
  }

  /** Waits on this request's own timers until the ask in flight for `key` lands or fails; undefined if it failed or took longer than `COLD_WAIT_MS`. */
  async #landing(key: string): Promise<{ value: T } | undefined> {
    let waited = 0;
    for (let look = 1; waited < COLD_WAIT_MS && this.#coldLoads.has(key); look = Math.min(look * 2, 4)) {
      await new Promise((resolve) => setTimeout(resolve, look));
      waited += look;
    }
    const entry = this.#entries.get(key);
    return entry ? { value: entry.value } : undefined;
  }

  /** The copy for `key` while fresh, without asking anyone (undefined: none). */
  peek(key: string, nowMs = Date.now()): T | undefined {
    const entry = this.#entries.get(key);
    const age = entry ? nowMs - entry.storedAtMs : Number.POSITIVE_INFINITY;
    return entry && age >= 0 && age < this.#ttlMs ? entry.value : undefined;
  }

  /** Keeps `value` as the copy for `key` from now (the oldest key goes when full). */
  set(key: string, value: T): void {
    this.#store(key, value);
  }

  /** Drops the copy for `key`. */
  forget(key: string): void {
    this.#entries.delete(key);
  }

  #store(key: string, value: T): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxKeys) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, storedAtMs: Date.now(), refreshing: false });
  }
}
