// The pre-queue draw as the cohort's object drives it: sealed and reserved at each opening, then moved on a step at a time.
import type { CohortConfig } from "../../domain/cohort-config";
import { chunkPerShard, DRAW_CHUNK } from "../shard/draw";
import { drawSteps, reserveDraw } from "./draw";
import type { ShardCalls } from "./shard-calls";
import { rows } from "./sql";

/** Steps the opening call takes for a pre-queue of one step's size: two pages of counts and two chunks cover most. */
const SMALL_DRAW_STEPS = 4;

/** What the draw needs of the cohort's object: its storage, config, shards and position counter. */
export interface DrawHost {
  storage: DurableObjectStorage;
  config(): CohortConfig | null;
  shards(config: CohortConfig): ShardCalls;
  counters: { lastPosition: number };
  saveCounters(): void;
}

/**
 * Calls to the cohort's object during an opening share one attempt at sealing each window and one
 * draw step at a time, so a crowd of calls neither seals twice nor piles up steps.
 */
export class OpeningDraw {
  readonly #host: DrawHost;
  /** Openings being reserved: the shards are sealing their pre-queues (one attempt at a time per window). */
  #openings = new Map<number, Promise<void>>();
  /** The draw step under way, if any. */
  #step: Promise<boolean> | null = null;

  constructor(host: DrawHost) {
    this.#host = host;
  }

  /**
   * From a window's opening, its draw is reserved: every shard seals its pre-queue and reports its
   * size, then positions are reserved for all of them; the alarm draws them a step at a time. A
   * shard that does not answer makes the attempt fail, and the next call tries again. Every call
   * waits for this, so it is kept small: no counts per bucket, no offsets, and a draw step only for a small pre-queue.
   */
  async open(now: number): Promise<void> {
    const config = this.#host.config();
    if (!config) return;
    const sql = this.#host.storage.sql;
    const due = rows<{ window_index: number }>(sql, "SELECT window_index FROM shuffle_seeds WHERE applied_at IS NULL").filter(
      (r) => config.windows[r.window_index] && Date.parse(config.windows[r.window_index]!.opensAt) <= now,
    );
    for (const { window_index: windowIndex } of due) {
      let opening = this.#openings.get(windowIndex);
      if (!opening) {
        opening = (async () => {
          const sealed = await this.#host.shards(config).each((shard, address) => shard.sealPrequeue(windowIndex, address));
          reserveDraw(this.#host.storage, sealed, windowIndex, this.#host.counters, () => this.#host.saveCounters(), now);
          await this.#host.storage.setAlarm(Date.now());
          // A pre-queue of one step is drawn before anyone is answered (its counts, then its numbers,
          // a few short steps), so all of it sees its places at once; a bigger one is left to the
          // alarm, as every call waits for this. What these steps leave, the alarm draws.
          if (sealed.reduce((sum, s) => sum + s.size, 0) <= DRAW_CHUNK)
            for (let steps = 0; steps < SMALL_DRAW_STEPS; steps++) if (!(await this.step())) break;
        })().finally(() => this.#openings.delete(windowIndex));
        this.#openings.set(windowIndex, opening);
      }
      await opening;
    }
    // An opening another caller started (its clock ahead of this one's) is awaited too: no positions
    // are handed out while a pre-queue is being sealed.
    await Promise.all(this.#openings.values());
  }

  /** One step of every unfinished draw (each shard numbers its share of the next chunk); true while some draw is unfinished. */
  step(): Promise<boolean> {
    const config = this.#host.config();
    if (!config) return Promise.resolve(false);
    const shards = this.#host.shards(config);
    const limit = chunkPerShard(shards.count);
    this.#step ??= drawSteps(this.#host.storage, {
      limit,
      countPages: (w, after, pageSize) => shards.each((shard, address) => shard.drawCounts(w, after, pageSize, address)),
      drawChunk: (w, shard, offsets) => shards.stub(shard).drawChunk(w, offsets, shards.address(shard), limit),
    }).finally(() => {
      this.#step = null;
    });
    return this.#step;
  }
}
