// The cohort's object's alarm: the pre-queue draw a step at a time, admission at the rate within
// the cap, the pushes to every shard, and when to wake next.
import { ADMISSION_TICK_MS } from "../../domain/admission";
import type { CohortConfig } from "../../domain/cohort-config";
import { cohortPhase } from "../../domain/cohort-phase";
import { type InventoryReading, isSoldOut } from "../../domain/inventory";
import { grantExpiries } from "../../domain/notify-timing";
import { notifyProgress, progressChange } from "../../notify/producer";
import type { ShardSnapshot } from "../shard/types";
import { adapt } from "./adaptive";
import { admitTick, type Counters } from "./admission-tick";
import { effectiveConfig, type LiveControls } from "./controls";
import { drawUnfinished } from "./draw";
import { inventoryForTick } from "./inventory";
import { nextAlarmAt } from "./next-alarm";
import type { OpeningDraw } from "./opening-draw";
import { progressOf } from "./progress";
import { ShardCalls } from "./shard-calls";
import { admissionLineEnd, applyReport, keepUnacknowledgedReentries, type LineState, lineState, rangesUnreported } from "./shards";
import { keepMisses, missedShards, snapshotRetryAt } from "./snapshot-misses";
import { probeWaits, type RefusalTally } from "./stats";
import type { QueueProgress } from "./types";

/** What the loop needs of the cohort's object: its storage and bindings, config, switches, counters and draw. */
export interface LoopHost {
  storage: DurableObjectStorage;
  env: Env;
  config(): CohortConfig | null;
  controls(): LiveControls;
  /** The snapshot every shard places people by (null: never configured). */
  snapshot(): ShardSnapshot | null;
  counters: Counters;
  saveCounters(): void;
  draw: OpeningDraw;
  refusals: RefusalTally;
}

/** The cohort at one instant, as the object's calls read it. */
export interface Instant {
  config: CohortConfig;
  now: number;
}

export class AdmissionLoop {
  readonly #host: LoopHost;
  /** Seats left, as last read at an admission tick (not persisted: the next tick reads again). */
  #inventory: InventoryReading | null = null;
  /** When the alarm last ran its admission part (in memory: after a restart the next alarm runs it). */
  #tickedAt = 0;
  /** Whether the last alarm drew a step: while drawing, an alarm draws a step or runs the admission part, never both. */
  #drewStep = false;

  constructor(host: LoopHost) {
    this.#host = host;
  }

  /**
   * One alarm, once a second while a window is open and someone waits or holds a grant: the
   * pre-queue draw goes on a step at a time; admission moves on at the rate within the cap; then
   * every shard hears how far it reached and gives its people their grants, and reports back.
   */
  async run(at: Instant): Promise<void> {
    const { config, now } = at;
    const sql = this.#host.storage.sql;
    const retryAt = snapshotRetryAt(sql);
    if (retryAt !== null && retryAt <= now) await this.pushSnapshot(missedShards(sql));
    // One draw step an alarm, so the calls that come in meanwhile wait for one step at most; the
    // admission part runs once a tick, in an alarm of its own after a step (a step and the push to
    // every shard in one alarm held the object twice as long).
    const tickDue = now < this.#tickedAt || now - this.#tickedAt >= ADMISSION_TICK_MS;
    if (drawUnfinished(sql) && !(tickDue && this.#drewStep)) {
      this.#drewStep = true;
      await this.#host.draw.step();
      // The last step with a tick due: the admission part runs at the next alarm, at once.
      return drawUnfinished(sql) || !tickDue ? this.schedule(now) : this.#host.storage.setAlarm(now);
    }
    this.#drewStep = false;
    this.#tickedAt = now;
    const before = { admittedThrough: this.#host.counters.admittedThrough, soldOut: isSoldOut(this.#inventory) };
    let line = this.line();
    // The shards report first when grants are due (the step they free is used at this very tick) or
    // a range was handed out since their last report (admission must not pass places not yet written).
    if (!this.#host.controls().held && ((line.firstExpiry !== null && line.firstExpiry <= now) || rangesUnreported(sql))) {
      await this.#pushAdmission(config, now, []);
      line = this.line();
    }
    const quotas = await this.#admit(config, now, line);
    if (!this.#host.controls().held) await this.#pushAdmission(config, now, quotas);
    probeWaits(sql, now, this.progress(at), this.#host.refusals);
    await this.schedule(now);
    // Text messages this tick's progress calls for (src/notify): after the next alarm is set, never throws.
    await notifyProgress(this.#host.env, progressChange(config, before, this.progress(at), now));
  }

  /** Admits this tick's share while the window is open and seats are left; each shard's share of the re-entry grants. */
  async #admit(config: CohortConfig, now: number, line: LineState): Promise<number[]> {
    const { storage, counters } = this.#host;
    if (cohortPhase(config, now, this.#host.controls()).status !== "open") return [];
    const demand = {
      waiting: admissionLineEnd(storage.sql, counters.lastPosition) > counters.admittedThrough || line.reentering > 0,
      inBookingStep: line.inBookingStep,
    };
    const effective = effectiveConfig(config, this.#host.controls());
    const inventory = await inventoryForTick(this.#host.env.DB, effective, now, this.#inventory, demand);
    this.#inventory = inventory.reading;
    // Re-read the switches: a pause, hold or new rate that landed during the read applies to this tick.
    const controls = this.#host.controls();
    if (!inventory.admit || cohortPhase(config, now, controls).status !== "open") return [];
    const settings = effectiveConfig(config, controls);
    const tick = { now, line, lineEnd: admissionLineEnd(storage.sql, counters.lastPosition), inventory: this.#inventory };
    const rated = { ...settings, admissionRatePerMinute: adapt(storage.sql, settings, controls, now) };
    return admitTick(storage, counters, () => this.#host.saveCounters(), { ...tick, config: rated });
  }

  /** Who waits, holds a grant or re-enters, summed over the shards' last reports. */
  line(): LineState {
    return lineState(this.#host.storage.sql, this.#host.config()?.intake.shards ?? 1, this.#host.counters.admittedThrough);
  }

  /** The progress every waiting person is shown, at this instant. */
  progress({ config, now }: Instant): QueueProgress {
    const { counters } = this.#host;
    const state = { config, controls: this.#host.controls(), counters, line: this.line(), inventory: this.#inventory, now };
    return progressOf(this.#host.storage.sql, state);
  }

  /** Tells every shard how far admission reached (and its re-entry grants); their reports come back. A shard that fails hears at the next tick. */
  async #pushAdmission(config: CohortConfig, now: number, quotas: readonly number[]): Promise<void> {
    const { counters, storage } = this.#host;
    counters.pushTick += 1;
    this.#host.saveCounters();
    const { snapshotVersion: version, admittedThrough, pushTick: tick } = counters;
    const push = { tick, version, admittedThrough, ...grantExpiries(config, now), held: this.#host.controls().held };
    for (const [shard, report] of (await new ShardCalls(this.#host.env, config).admit(push, quotas)).entries()) {
      if (report) applyReport(storage.sql, shard, report, now);
      // Its answer lost, the shard may have given these grants: they count as given until it says.
      else if ((quotas[shard] ?? 0) > 0) keepUnacknowledgedReentries(storage.sql, shard, quotas[shard]!, tick);
    }
  }

  /**
   * Hands the current snapshot to every shard (or to `only` those). A shard that misses it gets it
   * again from the alarm a second later (then 2, 4... up to 30 s while it stays down): until then it
   * places joins under the old rules, and before the opening no admission push would tell it.
   */
  async pushSnapshot(only?: readonly number[]): Promise<void> {
    const snapshot = this.#host.snapshot();
    if (!snapshot) return;
    const missed = await new ShardCalls(this.#host.env, snapshot.config).share(snapshot, only);
    keepMisses(this.#host.storage.sql, snapshot.version, missed, Date.now());
  }

  /** Sets the alarm for the next thing that must happen: an admission tick, a draw step, an opening or an expiry. */
  async schedule(now: number): Promise<void> {
    const config = this.#host.config();
    if (!config) return;
    const { storage, counters } = this.#host;
    const line = this.line();
    const next = nextAlarmAt(storage.sql, config, this.#host.controls(), now, {
      waiting: counters.lastPosition > counters.admittedThrough || line.reentering > 0,
      inBookingStep: line.inBookingStep,
      firstExpiry: line.firstExpiry,
      drawing: drawUnfinished(storage.sql),
      snapshotRetryAt: snapshotRetryAt(storage.sql),
    });
    if (!next) return;
    const current = await storage.getAlarm();
    if (current === null || current > next) await storage.setAlarm(next);
  }
}
