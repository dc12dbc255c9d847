/**
 * A per-isolate memo of slow-changing answers (a cohort's config, its slot list), so a crowd
 * reading them reaches neither the queue object nor D1. A copy is served while younger than the
 * TTL; the first request after that asks again itself, and requests arriving meanwhile get the
 * copy (never one older than `maxStaleMs`). Nobody waits on another request's promise.
 */
export class EdgeMemo<T> {
  readonly #entries = new Map<string, { value: T; storedAtMs: number; refreshing: boolean }>();
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
    if (entry) entry.refreshing = true;
    try {
      const value = await load();
      this.#store(key, value);
      return value;
    } finally {
      if (entry) entry.refreshing = false;
    }
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
