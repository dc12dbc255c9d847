/**
 * A copy of a slow-changing answer (a cohort's config) kept in the location's cache (the Cache
 * API, shared by every machine of a Cloudflare location), so a location's isolates ask its source
 * once per TTL between them, not once each. The copy carries the instant it was read from its
 * source and is served only while younger than the TTL by that instant, whichever isolate read it.
 */
export class LocationCopy<T> {
  readonly #path: string;
  readonly #ttlMs: number;
  /** Ids whose next read here goes to the source itself: something changed them through this isolate. */
  readonly #skip = new Set<string>();

  constructor(path: string, ttlMs: number) {
    this.#path = path;
    this.#ttlMs = ttlMs;
  }

  /** The location's copy while fresh, else what `source.load` answers now (then kept for the location). */
  async read(id: string, source: { origin: string; load: () => Promise<T>; keepAlive(work: Promise<unknown>): void }): Promise<T> {
    const key = `${source.origin}/__edge-cache/${this.#path}/${encodeURIComponent(id)}`;
    if (!this.#skip.delete(id)) {
      const hit = await caches.default.match(key);
      if (hit) {
        const copy = (await hit.json()) as { value: T; readAtMs: number };
        const age = Date.now() - copy.readAtMs;
        if (age >= 0 && age < this.#ttlMs) return copy.value;
      }
    }
    const value = await source.load();
    const body = JSON.stringify({ value, readAtMs: Date.now() });
    const headers = {
      "Content-Type": "application/json",
      "Cache-Control": `public, max-age=${Math.max(1, Math.ceil(this.#ttlMs / 1000))}`,
    };
    source.keepAlive(caches.default.put(key, new Response(body, { headers })));
    return value;
  }

  /** The next read of `id` in this isolate asks the source (and renews the location's copy): after a change made here. */
  skipOnce(id: string): void {
    if (this.#skip.size >= 256) this.#skip.clear();
    this.#skip.add(id);
  }
}
