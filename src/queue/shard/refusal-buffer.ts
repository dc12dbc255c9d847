// A shard's refusals (not eligible, not open...) counted and told to the cohort's object at most once a second.

/** How often a shard tells the cohort's object its refusals, at most. */
const SEND_EVERY_MS = 1000;

/**
 * Counts refusals for the operators' stats as running totals by code since the shard began (kept
 * in its storage by `keep`). The first goes out at once, later ones at most once a second, so a
 * flood of refused joins is one call a second; the shard's counts for the stats carry the totals
 * too. The cohort's object adds only what a total grew by since the last it heard, so a send or an
 * answer that is lost, or one heard twice, neither loses nor doubles a refusal.
 */
export class RefusalBuffer {
  readonly #send: (totals: Record<string, number>) => Promise<void>;
  readonly #keep: (totals: Record<string, number>) => void;
  #totals: Record<string, number> = {};
  #unsent = false;
  #sentAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(send: (totals: Record<string, number>) => Promise<void>, keep: (totals: Record<string, number>) => void) {
    this.#send = send;
    this.#keep = keep;
  }

  /** Takes up the totals kept before a restart. */
  restore(totals: Record<string, number>): void {
    this.#totals = { ...totals };
  }

  /** Counts the refusals among outcomes, sending now or on a timer. */
  async count(outcomes: ReadonlyArray<{ ok: true } | { ok: false; code: string }>): Promise<void> {
    let any = false;
    for (const o of outcomes) {
      if (o.ok) continue;
      this.#totals[o.code] = (this.#totals[o.code] ?? 0) + 1;
      any = true;
    }
    if (!any) return;
    this.#keep(this.#totals);
    this.#unsent = true;
    if (this.#timer) return;
    const wait = this.#sentAt + SEND_EVERY_MS - performance.now();
    if (wait <= 0) await this.#flush();
    else this.#timer = setTimeout(() => void this.#flush(), wait);
  }

  /** The running totals by code. */
  totals(): Record<string, number> {
    return { ...this.#totals };
  }

  async #flush(): Promise<void> {
    this.#timer = null;
    if (!this.#unsent) return;
    this.#unsent = false;
    this.#sentAt = performance.now();
    // If this is lost, the next send or the shard's next counts carry the same totals.
    await this.#send(this.totals()).catch(() => undefined);
  }
}
