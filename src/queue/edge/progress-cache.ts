import type { QueueProgress } from "../object/types";

/**
 * Where the edge keeps a cohort's progress between asks to its queue object:
 * - `memo`: in this isolate's memory (free to read; the object sees about one read a second per isolate);
 * - `cache-api`: in the location's cache (one read a second per location, but every poll pays a cache lookup);
 * - `memo+cache-api`: the memo in front of the cache, so a poll usually costs nothing and the object
 *   still sees about one read a second per location. The default; the bench measures all three.
 */
export type ProgressCacheMode = "memo" | "cache-api" | "memo+cache-api";

/** The modes by name, for reading the setting. */
export const PROGRESS_CACHE_MODES: readonly ProgressCacheMode[] = ["memo", "cache-api", "memo+cache-api"];

/** How old a cached progress may be, on the object's clock, before the object is asked again. Admission ticks once a second. */
export const PROGRESS_TTL_MS = 1000;

/** A client that has seen a newer progress than the cache may force a refresh, at most this often per isolate. */
export const FORCED_REFRESH_INTERVAL_MS = 500;

/** At most this many cohorts are remembered per isolate; the least recently added is dropped. */
const MAX_COHORTS = 256;

/**
 * With the Cache API tier, each isolate treats its own copy as fresh for the TTL less a share of
 * this, drawn once per isolate. Copies loaded at the same instant would otherwise expire in every
 * isolate of a location at once, and each would ask the object before any wrote the new copy back;
 * staggered, the first to expire refreshes the location's copy and the others find it there.
 */
export const MEMO_STAGGER_MS = 400;

/** A copy older than this is never served; the request asks the object itself. */
export const PROGRESS_MAX_STALE_MS = 3000;

/** How the cache reaches the queue object and the request it serves. */
export interface ProgressSource {
  /** Asks the queue object (null: no such cohort). */
  load(): Promise<QueueProgress | null>;
  /** The origin the Cache API key is made under (the request's). */
  origin: string;
  /** Keeps the request alive for background work (`ctx.waitUntil`). */
  keepAlive(work: Promise<unknown>): void;
}

interface Slot {
  /** Undefined: nothing known; null: the cohort does not exist (remembered for one TTL). */
  value: QueueProgress | null | undefined;
  storedAtMs: number;
  lastLoadAtMs: number;
  /** A request of this isolate is asking the object right now. */
  refreshing: boolean;
  /** Refreshes finished so far, so a waiting request sees one land. */
  refreshes: number;
}

/** How long a request with nothing servable waits for a refresh another request started. */
const REFRESH_WAIT_MS = 2000;

/**
 * Waits, on timers of this request's own (see `GroupCommit` for why), until the refresh in flight
 * lands; false when it takes longer than `REFRESH_WAIT_MS`.
 */
async function refreshLands(slot: Slot): Promise<boolean> {
  const started = slot.refreshes;
  let waited = 0;
  for (let look = 1; waited < REFRESH_WAIT_MS; look = Math.min(look * 2, 4)) {
    await new Promise((resolve) => setTimeout(resolve, look));
    waited += look;
    if (slot.refreshes !== started) return true;
  }
  return false;
}

/**
 * True while a progress reported at `progress.nowMs` is younger than `ttlMs` at `nowMs` and no
 * opening or closing has passed since: the phase at an opening instant is never a stale one.
 */
export function isFresh(progress: QueueProgress, nowMs: number, ttlMs = PROGRESS_TTL_MS): boolean {
  const age = nowMs - progress.nowMs;
  return age >= 0 && age < ttlMs && (progress.phaseUntilMs === null || nowMs < progress.phaseUntilMs);
}

/** True when `next` may replace `current`: it never moves admission or the line backwards. */
export function isNoOlder(next: QueueProgress, current: QueueProgress): boolean {
  if (next.admittedThrough < current.admittedThrough || next.lastPosition < current.lastPosition) return false;
  if (next.admittedThrough > current.admittedThrough || next.lastPosition > current.lastPosition) return true;
  return next.nowMs >= current.nowMs;
}

/**
 * Each cohort's queue progress as the edge serves it to waiting people. A waiting person's ticket
 * carries their signed position, so progress (the same for everyone) is all a poll needs.
 *
 * A copy is served while it is younger than the TTL on the object's clock. The first poll after
 * that asks the object itself and waits for the answer; polls arriving while it does get the copy
 * they would have got a moment earlier (at most the TTL plus one round trip old). So the object
 * sees about one read per TTL per isolate, however many people poll. No request ever waits on
 * another's promise (see `GroupCommit` for why that matters on Workers).
 *
 * A copy never replaces a newer one, so within an isolate nobody's place looks worse than it did.
 * A client that has already seen a newer progress (from another isolate) may force one refresh,
 * at most every 500 ms per isolate; the hint can only cause a refresh, never change an answer.
 */
export class ProgressCache {
  readonly mode: ProgressCacheMode;
  readonly #slots = new Map<string, Slot>();
  /** How long this isolate's memo serves a copy (see `MEMO_STAGGER_MS`). */
  readonly #memoTtlMs: number;

  /** `staggerMs`: this isolate's share of `MEMO_STAGGER_MS` (random unless a test picks it); only with the Cache API tier. */
  constructor(mode: ProgressCacheMode, staggerMs = Math.floor(Math.random() * MEMO_STAGGER_MS)) {
    this.mode = mode;
    this.#memoTtlMs = mode !== "memo" ? PROGRESS_TTL_MS - Math.min(staggerMs, MEMO_STAGGER_MS) : PROGRESS_TTL_MS;
  }

  /** Keeps a progress the object reported with another answer (a join, a status) if it is no older. */
  offer(cohortId: string, progress: QueueProgress, nowMs = Date.now()): void {
    if (this.mode === "cache-api") return;
    const slot = this.#slot(cohortId);
    const current = slot.value;
    // A stale copy with the same counters gives way even to an earlier clock reading (clocks differ between machines).
    const replace =
      current === undefined ||
      current === null ||
      isNoOlder(progress, current) ||
      (!isFresh(current, nowMs) && isNoOlder(progress, { ...current, nowMs: progress.nowMs }));
    if (replace) {
      slot.value = progress;
      slot.storedAtMs = nowMs;
    }
  }

  /**
   * The cohort's progress: the copy while fresh, else from the object. `seenAdmittedThrough` is
   * how far admission had advanced in the last answer this client got.
   */
  async read(cohortId: string, source: ProgressSource, seenAdmittedThrough = 0, nowMs = Date.now()): Promise<QueueProgress | null> {
    if (this.mode === "cache-api") return this.#fetch(cohortId, source, false);
    const slot = this.#slot(cohortId);
    const value = slot.value;
    if (value === null && nowMs - slot.storedAtMs >= 0 && nowMs - slot.storedAtMs < PROGRESS_TTL_MS) return null;
    const known = value !== undefined && value !== null ? value : null;
    const sinceLoad = nowMs - slot.lastLoadAtMs;
    const mayForce =
      known !== null && known.admittedThrough < seenAdmittedThrough && !(sinceLoad >= 0 && sinceLoad < FORCED_REFRESH_INTERVAL_MS);
    if (known && isFresh(known, nowMs, this.#memoTtlMs) && !mayForce) return known;
    const servable = known !== null && isFresh(known, nowMs, PROGRESS_MAX_STALE_MS);
    if (slot.refreshing && !mayForce) {
      if (servable) return known;
      // Nothing servable (a cold isolate, or a lull): wait for the refresh already on its way
      // instead of every waiting request asking the object too.
      if (await refreshLands(slot)) {
        const landed = slot.value;
        if (landed === null) return null;
        if (landed !== undefined && isFresh(landed, Date.now(), PROGRESS_MAX_STALE_MS)) return landed;
      }
    }

    slot.refreshing = true;
    slot.lastLoadAtMs = nowMs;
    try {
      return await this.#fetch(cohortId, source, mayForce);
    } finally {
      slot.refreshing = false;
      slot.refreshes += 1;
    }
  }

  /** Looks in the location's cache (unless forced), then asks the object, and remembers the answer. */
  async #fetch(cohortId: string, source: ProgressSource, forced: boolean): Promise<QueueProgress | null> {
    const useCacheApi = this.mode !== "memo";
    const key = `${source.origin}/__edge-cache/progress/${encodeURIComponent(cohortId)}`;
    if (useCacheApi && !forced) {
      const hit = await readCacheApi(key);
      // This isolate's shorter TTL here too: the first isolate to expire refreshes the location's copy.
      if (hit && isFresh(hit, Date.now(), this.#memoTtlMs)) return this.#keep(cohortId, hit);
    }
    const loaded = await source.load();
    if (loaded && useCacheApi) source.keepAlive(writeCacheApi(key, loaded));
    return this.#keep(cohortId, loaded);
  }

  /** Stores an answer in the memo and returns what the memo now holds (never older than the answer's counters). */
  #keep(cohortId: string, progress: QueueProgress | null): QueueProgress | null {
    if (this.mode === "cache-api") return progress;
    const now = Date.now();
    if (progress === null) {
      const slot = this.#slot(cohortId);
      slot.value = null;
      slot.storedAtMs = now;
      return null;
    }
    this.offer(cohortId, progress, now);
    return this.#slot(cohortId).value ?? progress;
  }

  /** Drops this isolate's copy of a cohort's progress (after an operator changed the cohort). */
  forget(cohortId: string): void {
    this.#slots.delete(cohortId);
  }

  #slot(cohortId: string): Slot {
    let slot = this.#slots.get(cohortId);
    if (!slot) {
      if (this.#slots.size >= MAX_COHORTS) {
        const oldest = this.#slots.keys().next().value;
        if (oldest !== undefined) this.#slots.delete(oldest);
      }
      slot = { value: undefined, storedAtMs: 0, lastLoadAtMs: Number.NEGATIVE_INFINITY, refreshing: false, refreshes: 0 };
      this.#slots.set(cohortId, slot);
    }
    return slot;
  }
}

async function readCacheApi(key: string): Promise<QueueProgress | null> {
  const hit = await caches.default.match(key);
  return hit ? ((await hit.json()) as QueueProgress) : null;
}

async function writeCacheApi(key: string, progress: QueueProgress): Promise<void> {
  const seconds = Math.max(1, Math.ceil(PROGRESS_TTL_MS / 1000));
  const response = new Response(JSON.stringify(progress), {
    headers: { "Content-Type": "application/json", "Cache-Control": `public, max-age=${seconds}` },
  });
  await caches.default.put(key, response);
}
