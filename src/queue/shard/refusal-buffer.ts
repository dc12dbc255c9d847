// A shard's refusals (not eligible, not open...) counted in memory and told to the cohort's object at most once a second.

/** How often a shard tells the cohort's object its refusals, at most. */
const SEND_EVERY_MS = 1000;

/**
 * Counts refusals for the operators' stats: the first goes out at once, later ones at most once a
 * second, so a flood of refused joins is one call a second. What has not gone out yet is handed
 * over with the shard's counts (`take`).
 */
export class RefusalBuffer {
  readonly #send: (counts: Record<string, number>) => Promise<void>;
  #counts: Record<string, number> = {};
  #sentAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(send: (counts: Record<string, number>) => Promise<void>) {
    this.#send = send;
  }

  /** Counts the refusals among outcomes, sending now or on a timer. */
  async count(outcomes: ReadonlyArray<{ ok: true } | { ok: false; code: string }>): Promise<void> {
    let any = false;
    for (const o of outcomes) {
      if (o.ok) continue;
      this.#counts[o.code] = (this.#counts[o.code] ?? 0) + 1;
      any = true;
    }
    if (!any || this.#timer) return;
    const wait = this.#sentAt + SEND_EVERY_MS - performance.now();
    if (wait <= 0) await this.#flush();
    else this.#timer = setTimeout(() => void this.#flush(), wait);
  }

  /** The counts not sent yet, handed over (and forgotten here). */
  take(): Record<string, number> {
    const counts = this.#counts;
    this.#counts = {};
    return counts;
  }

  async #flush(): Promise<void> {
    this.#timer = null;
    const counts = this.take();
    this.#sentAt = performance.now();
    // Lost if this fails: refusal counts are for the operators' eyes, never for anyone's place.
    if (Object.keys(counts).length > 0) await this.#send(counts).catch(() => undefined);
  }
}
